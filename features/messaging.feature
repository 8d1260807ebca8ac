@messaging
Feature: Messaging beyond a text: a group robot's alert and an approval card
  Ops post alerts to a group chat through its group robot (群机器人): a POST
  to webhook/send with the robot's key, no access token, mentioning the
  member on call. Apps ask for approvals with an interactive template card
  (button_interaction): the member's click reaches the app as
  template_card_event with a response_code, which the app spends — once,
  within 72 hours — on message/update_template_card to show the outcome in
  place of the buttons. A second update with the same code fails.

  Scenario: An alert is posted by the group robot and mentions the member on call
    Given the default world
    When the alerting posts "CPU 使用率 95%，请立即处理" through the group robot "mock-webhook-key" mentioning "zhangsan"
    Then the group robot "mock-webhook-key" posted "CPU 使用率 95%" mentioning "zhangsan"
    And "zhangsan" received a WeCom message containing "请立即处理"
    And "lisi" received no WeCom message

  Scenario: An approval card is clicked, the app updates it, a second update with the same code fails
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    When the app sends "zhangsan" an approval card "报销 1200 元"
    Then the app records the approval as pending
    When "zhangsan" clicks "同意" on the approval card
    Then the mock delivered 1 "template_card_event" callback to the app
    And the app records the approval as approved by "zhangsan"
    And the approval card shows "已同意" to "zhangsan"
    When the app updates the approval card again with the same response code
    Then the card update fails with errcode 42022
    And the approval card shows "已同意" to "zhangsan"

  Scenario: A rejection is shown on the card of the member who rejected
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    When the app sends "zhangsan" an approval card "采购 3 台显示器"
    And "zhangsan" clicks "驳回" on the approval card
    Then the app records the approval as rejected by "zhangsan"
    And the approval card shows "已驳回" to "zhangsan"
