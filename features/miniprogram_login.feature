@miniprogram
Feature: Mini-program login
  Staff open the company's mini program inside WeCom. The mini program calls
  wx.qy.login and sends the code to the backend, which asks WeCom who it is
  (jscode2session), checks that the company is a customer, reads the member
  (user/get) and opens a session — or tells the user why not.

  Background:
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    And corp "acme" also has member "wangwu" named "王五" not visible to app 1000002

  Scenario: A member inside the app's visible range logs in
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And "zhangsan" received a WeCom message containing "欢迎"
    And the mock received exactly 1 gettoken request
    And the mock received exactly 1 "miniprogram/jscode2session" request
    And the mock received exactly 1 "user/get" request

  Scenario: A member outside the app's visible range is turned away
    When "wangwu" logs in to the mini program
    Then the login is refused because "not_visible"
    And the mock answered exactly 1 "user/get" request with errcode 60011
    And "wangwu" received no WeCom message

  Scenario: A member of a company whose contract has ended is turned away
    Given a corp "globex" with member "zhaoliu" named "赵六" visible to app 1000002
    And the app serves corp "acme"
    And the app is installed in corp "globex" but does not serve it
    When "zhaoliu" of corp "globex" logs in to the mini program
    Then the login is refused because "corp_not_served"
    And the mock received exactly 1 "miniprogram/jscode2session" request
    And the mock received no "user/get" request

  Scenario: A member of a company where the app is not installed cannot log in
    Given a corp "globex" with member "zhaoliu" visible to app 1000002
    And the app serves corp "acme"
    When "zhaoliu" of corp "globex" logs in to the mini program
    Then the login is refused because "corp_not_served"
    And the mock received no "miniprogram/jscode2session" request

  Scenario: A code from another app's mini program is not accepted
    Given corp "acme" also has member "zhangsan" visible to app 1000003
    When "zhangsan" opens the mini program of app 1000003
    And the mini program sends the login code to the app
    Then the login is refused because "invalid_code"
    And the mock answered exactly 1 "miniprogram/jscode2session" request with errcode 40029

  Scenario: A login code works only once
    When "zhangsan" logs in to the mini program
    And the same login code is sent again
    Then the login is refused because "invalid_code"
    And the mock answered exactly 1 "miniprogram/jscode2session" request with errcode 40029

  Scenario: A login code older than five minutes is refused
    Given "zhangsan" opens the mini program
    When the clock advances 5 minutes and 1 second
    And the mini program sends the login code to the app
    Then the login is refused because "invalid_code"
    And the mock answered exactly 1 "miniprogram/jscode2session" request with errcode 40029

  Scenario: A login code just under five minutes old still works
    Given "zhangsan" opens the mini program
    When the clock advances 4 minutes and 59 seconds
    And the mini program sends the login code to the app
    Then "zhangsan" is logged in as "张三"

  Scenario: One mini program for two corps: the backend's corpid check turns away a corp it does not serve
    The mini program is bound to apps in two corps, so WeCom redeems a globex
    member's code for acme's backend and answers with the member's own corpid
    (globex). The backend, not WeCom, must refuse the member.
    Given a corp "globex" with member "zhaoliu" named "赵六" visible to app 1000002
    And the mini program of app 1000002 of corp "acme" is also bound to app 1000002 of corp "globex"
    And the app serves corp "acme"
    When "zhaoliu" of corp "globex" opens the mini program
    And the mini program sends the login code to the app for corp "acme"
    Then the login is refused because "corp_not_served"
    And the mock answered exactly 1 "miniprogram/jscode2session" request with errcode 0
    And the mock received no "user/get" request

  Scenario: One mini program for two corps: a member is read with their own corp's credentials
    Given a corp "globex" with member "zhaoliu" named "赵六" visible to app 1000002
    And the mini program of app 1000002 of corp "acme" is also bound to app 1000002 of corp "globex"
    And the app serves corp "acme"
    And the app serves corp "globex"
    When "zhaoliu" of corp "globex" opens the mini program
    And the mini program sends the login code to the app for corp "acme"
    Then "zhaoliu" is logged in as "赵六"
    And the mock answered exactly 1 "miniprogram/jscode2session" request with errcode 0
