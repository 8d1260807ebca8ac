@oauth
Feature: Web login inside the WeCom client (OAuth)
  A member opens the company portal inside WeCom. The portal sends the browser
  to WeCom's authorize page; WeCom sends it back with a one-time code, which
  the portal exchanges (auth/getuserinfo) for the member's userid, reads the
  member (user/get) and opens a session.

  Background:
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    And corp "acme" also has member "wangwu" named "王五" not visible to app 1000002

  Scenario: Silent login (snsapi_base) gives the member a session without private fields
    When "zhangsan" logs in to the web app
    Then "zhangsan" is logged in as "张三"
    And "zhangsan"'s browser is logged in as "张三"
    And the session shows no mobile
    And the mock received exactly 1 "auth/getuserinfo" request
    And the mock received no "auth/getuserdetail" request

  Scenario: With consent (snsapi_privateinfo) the session also shows private fields
    When "zhangsan" logs in to the web app with scope "snsapi_privateinfo"
    Then "zhangsan" is logged in as "张三"
    And the session shows email "zhangsan@acme.example.com"
    And the mock received exactly 1 "auth/getuserdetail" request

  Scenario: A member outside the visible range gets a userid but no access
    When "wangwu" logs in to the web app
    Then the login is refused because "not_visible"
    And the mock received exactly 1 "auth/getuserinfo" request
    And the mock answered exactly 1 "user/get" request with errcode 60011

  Scenario: A visitor who is not a member of the company is turned away
    When a visitor who is not a member logs in to the web app
    Then the login is refused because "not_a_member"
    And the mock received no "user/get" request

  Scenario: The portal's address is not one of the app's trusted domains
    Given app 1000002 of corp "acme" trusts only the domain "portal.acme.example.com"
    When "zhangsan" logs in to the web app
    Then WeCom shows the error "redirect_uri需使用应用可信域名"
    And "zhangsan"'s browser is not logged in
    And the mock received no "auth/getuserinfo" request

  Scenario: A stolen login code cannot be used a second time
    Given "zhangsan" has logged in to the web app
    When someone else replays "zhangsan"'s login code in their own browser
    Then the login is refused because "invalid_code"
    And the mock answered exactly 1 "auth/getuserinfo" request with errcode 40029

  Scenario: Reopening the same redirect does not log in twice
    Given "zhangsan" has logged in to the web app
    When "zhangsan"'s browser opens the same WeCom redirect again
    Then the login is refused because "bad_state"
    And the mock received exactly 1 "auth/getuserinfo" request

  Scenario: The access token expires between two logins
    Given "zhangsan" has logged in to the web app
    When the clock advances 2 hours
    And "zhangsan" logs in to the web app
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 2 gettoken requests

  Scenario: A member of a company the portal does not serve is turned away before WeCom
    Given a corp "globex" with member "zhaoliu" named "赵六" visible to app 1000002
    And the app serves corp "acme"
    When "zhaoliu" of corp "globex" logs in to the web app
    Then the login is refused because "corp_not_served"
    And the mock received no "auth/getuserinfo" request
