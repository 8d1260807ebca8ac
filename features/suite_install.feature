@suite
Feature: 代开发 app: from install to the first API call
  A vendor builds one 代开发 (agent-developed) app template; each company that
  installs it gets its own app. WeCom pushes a suite_ticket to the vendor's
  command callback every 10 minutes; when a company installs the app, the
  vendor exchanges the install's auth code for a permanent code
  (get_suite_token + get_permanent_code), which is that company's app secret:
  gettoken with the company's corpid and the permanent code, then the usual
  APIs.

  Background:
    Given the vendor has a 代开发 app template "dkportal"
    And a corp "acme" with member "zhangsan" named "张三"
    And corp "acme" also has member "lisi" named "李四"

  Scenario: A company installs the app from the app market and its members log in
    When corp "acme" installs the app from the app market as "zhangsan"
    Then the mock delivered 1 "create_auth" callback to the app's template
    And the app is installed in corp "acme" as the template's app
    And the mock received exactly 1 "service/get_suite_token" request
    And the mock received exactly 1 "service/get_permanent_code" request
    And "zhangsan" received a WeCom message containing "已安装"
    When "lisi" of corp "acme" logs in to the mini program
    Then "lisi" is logged in as "李四"
    And the mock received exactly 1 gettoken request

  Scenario: An administrator installs the app from the vendor's website
    When an administrator "zhangsan" of corp "acme" installs the app from the vendor's website
    Then the app completes the install
    And the mock received exactly 1 "service/get_pre_auth_code" request
    And the mock received exactly 1 "service/get_permanent_code" request
    When "lisi" of corp "acme" logs in to the mini program
    Then "lisi" is logged in as "李四"

  Scenario: Hours later the vendor gets a new suite token with the newest ticket
    Given a corp "globex" with member "zhaoliu" named "赵六"
    And corp "acme" installs the app from the app market as "zhangsan"
    When the clock advances 2 hours
    And corp "globex" installs the app from the app market as "zhaoliu"
    Then the app is installed in corp "globex" as the template's app
    And the mock delivered 2 "suite_ticket" callbacks to the app's template
    And the mock received exactly 2 "service/get_suite_token" requests
    And the mock answered exactly 1 "service/get_permanent_code" request with errcode 42009

  Scenario: After the secret is reset the app keeps working with the new one
    Given corp "acme" installs the app from the app market as "zhangsan"
    When an administrator of corp "acme" resets the app's secret
    And the clock advances 2 hours
    And "lisi" of corp "acme" logs in to the mini program
    Then "lisi" is logged in as "李四"
    And the mock delivered 1 "reset_permanent_code" callback to the app's template
    And the mock received exactly 2 "service/get_permanent_code" requests
    And the previous secret of the app in corp "acme" is refused with errcode 40001

  Scenario: After the company uninstalls the app its members are turned away
    Given corp "acme" installs the app from the app market as "zhangsan"
    And "lisi" of corp "acme" has logged in to the mini program
    When corp "acme" uninstalls the app
    Then the mock delivered 1 "cancel_auth" callback to the app's template
    When "lisi" reloads their profile
    Then the login is refused because "not_logged_in"
