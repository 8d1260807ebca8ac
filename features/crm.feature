@crm
Feature: A CRM's day on 客户联系
  Salespeople (members configured for 客户联系) win customers through 联系我
  contact ways. When a customer adds one, WeCom pushes change_external_contact
  add_external_contact with the contact way's state and a welcome code; the
  CRM greets the customer with it (send_welcome_msg) — once, within 20
  seconds. Salespeople tag their customers, list them page by page, and hand
  them to a colleague when they move on (在职 transfer) or leave the company
  (离职 transfer); the customer becomes the colleague's 24 hours later unless
  they refuse.

  Background:
    Given the default world
    And app 1000002 of corp "wwmockcorp000001" is visible to the whole corp

  Scenario: A whole day, from a scanned contact way to a departed salesperson's customers
    Given the app does not greet new customers
    When a customer "王小姐" adds "zhangsan" by scanning the contact way "官网渠道" with state "spring_fair"
    Then customer "王小姐" came to "zhangsan" through the channel "spring_fair"
    When 15 seconds pass
    And "zhangsan" greets customer "王小姐" through the app
    Then the app's greeting succeeded
    And customer "王小姐" received the greeting "您好，我是张三，很高兴为您服务"
    When a customer "李先生" adds "zhangsan"
    And 21 seconds pass
    And "zhangsan" greets customer "李先生" through the app
    Then the app's greeting failed with errcode 41050
    And customer "李先生" received no message
    When "zhangsan" tags customer "王小姐" as "重要客户" through the app
    Then customer "王小姐" is tagged "重要客户" by "zhangsan"
    And the app lists 5 customers of "zhangsan" in 2 pages of 3
    When an administrator deletes member "zhangsan" of corp "wwmockcorp000001"
    And the app transfers the customers of "zhangsan" to "wangwu"
    Then the transfer of "zhangsan"'s customers to "wangwu" is waiting
    When the clock advances 24 hours
    Then the transfer of "zhangsan"'s customers to "wangwu" is accepted
    And "wangwu" follows customer "王小姐"
    And "wangwu" follows customer "李先生"

  Scenario: A customer who scans a contact way is greeted at once
    When a customer "王小姐" adds "zhangsan" by scanning the contact way "官网渠道" with state "spring_fair"
    Then the mock delivered 1 "change_external_contact/add_external_contact" callback to the app
    And customer "王小姐" received the greeting "您好，我是张三，很高兴为您服务"
    And customer "王小姐" came to "zhangsan" through the channel "spring_fair"
    And the mock received 1 call to "externalcontact/send_welcome_msg" with body:
      """
      {"text": {"content": "您好，我是张三，很高兴为您服务"}}
      """

  Scenario: A salesperson greets a customer later, within 20 seconds
    Given the app does not greet new customers
    When a customer "王小姐" adds "zhangsan"
    And 15 seconds pass
    And "zhangsan" greets customer "王小姐" through the app
    Then the app's greeting succeeded
    And customer "王小姐" received the greeting "您好，我是张三，很高兴为您服务"
    When "zhangsan" greets customer "王小姐" through the app
    Then the app's greeting failed with errcode 41050

  Scenario: A greeting after 20 seconds fails
    Given the app does not greet new customers
    When a customer "王小姐" adds "zhangsan"
    And 21 seconds pass
    And "zhangsan" greets customer "王小姐" through the app
    Then the app's greeting failed with errcode 41050
    And customer "王小姐" received no message

  Scenario: A salesperson lists their customers page by page
    When a customer "王小姐" adds "zhangsan"
    Then the app lists 4 customers of "zhangsan" in 2 pages of 3
    And the app lists 4 customers of "zhangsan" in 1 page of 100
    And the app lists 1 customer of "lisi" in 1 page of 3
    And the mock received exactly 4 "externalcontact/batch/get_by_user" requests

  Scenario: The customer and the salesperson part ways
    Given customer "王小姐" adds "zhangsan"
    And customer "王小姐" adds "lisi"
    When customer "王小姐" deletes "zhangsan"
    And "zhangsan" deletes customer "林小红"
    Then the mock delivered 1 "change_external_contact/del_follow_user" callback to the app
    And the mock delivered 1 "change_external_contact/del_external_contact" callback to the app
    And "zhangsan" does not follow customer "王小姐"
    And "lisi" follows customer "王小姐"
    And the app lists 2 customers of "zhangsan" in 1 page of 10

  Scenario: A salesperson edits a customer's remark in the WeCom client
    When "zhangsan" changes the remark of customer "林小红" to "林总"
    Then the mock delivered 1 "change_external_contact/edit_external_contact" callback to the app

  Scenario: A customer group lives and dies
    When "zhangsan" creates the customer group "新品交流群"
    And customer "陈小明" joins the customer group "新品交流群" by scanning its QR code
    And "lisi" joins the customer group "新品交流群"
    And customer "陈小明" is removed from the customer group "新品交流群"
    And the customer group "新品交流群" is handed over to "lisi"
    And the customer group "新品交流群" is renamed "老客户群"
    And the customer group "老客户群" is dismissed
    Then the mock delivered 1 "change_external_chat/create" callback to the app
    And the mock delivered 5 "change_external_chat/update" callbacks to the app
    And the mock delivered 1 "change_external_chat/dismiss" callback to the app

  Scenario: A salesperson tags a customer
    Given a customer "王小姐" adds "zhangsan"
    When "zhangsan" tags customer "王小姐" as "重要客户" through the app
    Then customer "王小姐" is tagged "重要客户" by "zhangsan"
    When "zhangsan" tags customer "王小姐" as "普通客户" through the app
    Then customer "王小姐" is tagged "普通客户" by "zhangsan"
    And the mock received exactly 2 "externalcontact/mark_tag" requests

  Scenario: A salesperson moves on and hands their customers to a colleague
    When the app transfers the customers of "zhangsan" to "wangwu"
    Then the transfer of "zhangsan"'s customers to "wangwu" is waiting
    When the clock advances 24 hours
    Then the transfer of "zhangsan"'s customers to "wangwu" is accepted
    And "wangwu" follows customer "林小红"
    And "zhangsan" does not follow customer "林小红"
    And the mock delivered 3 "change_external_contact/add_external_contact" callbacks to the app
    And the mock delivered 3 "change_external_contact/del_external_contact" callbacks to the app

  Scenario: A customer refuses to be handed over
    When the app transfers the customers of "zhangsan" to "wangwu"
    And customer "林小红" refuses the transfer from "zhangsan" to "wangwu"
    Then the mock delivered 1 "change_external_contact/transfer_fail" callback to the app
    And the transfer of customer "林小红" from "zhangsan" to "wangwu" is refused
    When the clock advances 24 hours
    Then the transfer of customer "王总" from "zhangsan" to "wangwu" is accepted
    And "zhangsan" follows customer "林小红"
    And "wangwu" does not follow customer "林小红"

  Scenario: A salesperson leaves the company and their customers go to a colleague
    Given a customer "王小姐" adds "zhangsan"
    When an administrator deletes member "zhangsan" of corp "wwmockcorp000001"
    And the app transfers the customers of "zhangsan" to "wangwu"
    Then the transfer of "zhangsan"'s customers to "wangwu" is waiting
    When the clock advances 24 hours
    Then the transfer of "zhangsan"'s customers to "wangwu" is accepted
    And "wangwu" follows customer "王小姐"
    And "wangwu" follows customer "王总"

  Scenario: The administrator changes the customer tags and the CRM follows
    Given a customer "王小姐" adds "zhangsan"
    When an administrator adds the customer tag "潜在客户" to the group "客户等级"
    And "zhangsan" tags customer "王小姐" as "潜在客户" through the app
    And an administrator renames the customer tag "潜在客户" to "意向客户"
    Then customer "王小姐" is tagged "意向客户" by "zhangsan"
    When an administrator deletes the customer tag "意向客户"
    Then the mock delivered 1 "change_external_tag/create" callback to the app
    And the mock delivered 1 "change_external_tag/update" callback to the app
    And the mock delivered 1 "change_external_tag/delete" callback to the app
