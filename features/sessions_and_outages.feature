@miniprogram @resilience
Feature: Sessions survive token expiry and WeCom outages
  WeCom access tokens live two hours and WeCom sometimes answers "system busy"
  (-1) or "rate limited" (45009). Users should not notice the first, should
  barely notice the second, and get a clear answer to the third.

  Background:
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    And corp "acme" also has member "lisi" named "李四" visible to app 1000002

  Scenario: The access token expires in the middle of a session
    Given "zhangsan" has logged in to the mini program
    When the clock advances 2 hours
    And "zhangsan" reloads their profile
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 2 gettoken requests
    And the mock answered exactly 1 "user/get" request with errcode 42001

  Scenario: The same token serves every login while it is valid
    When "zhangsan" logs in to the mini program
    And the clock advances 1 hour
    And "lisi" logs in to the mini program
    Then "lisi" is logged in as "李四"
    And the mock received exactly 1 gettoken request

  Scenario: A system-busy answer is retried and the user notices nothing
    Given WeCom answers the next 2 "user/get" calls with errcode -1
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 3 "user/get" requests

  Scenario: WeCom stays busy: the user is asked to come back later
    Given WeCom answers every "user/get" call with errcode -1
    When "zhangsan" logs in to the mini program
    Then the login is refused because "wecom_busy"
    And the mock received exactly 3 "user/get" requests

  Scenario: Rate limited, with nothing saved: the user is asked to come back later
    Given WeCom answers the next 1 "user/get" call with errcode 45009
    When "zhangsan" logs in to the mini program
    Then the login is refused because "wecom_busy"
    And the mock received exactly 1 "user/get" request

  Scenario: Rate limited, for a member seen before: the app uses its saved profile
    Given "zhangsan" has logged in to the mini program
    And WeCom answers the next 1 "user/get" call with errcode 45009
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in from the app's saved profile
    And the mock received exactly 2 "user/get" requests

  Scenario: Rate limiting ends and profiles are fresh again
    Given "zhangsan" has logged in to the mini program
    And WeCom answers the next 1 "user/get" call with errcode 45009
    When "zhangsan" logs in to the mini program
    And "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in with a fresh profile
    And the mock received exactly 3 "user/get" requests
    But the mock answered exactly 1 "user/get" request with errcode 45009

  Scenario: A stubbed answer stands in for WeCom's
    Given WeCom answers the next 1 "user/get" call with:
      """
      {"userid": "zhangsan", "name": "张三（已改名）", "department": [2], "status": 1}
      """
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三（已改名）"
    And the mock received exactly 1 "user/get" request

  Scenario: A stubbed error is answered with its WeCom errmsg
    Given WeCom answers the next 1 "user/get" call with:
      """
      {"errcode": 60011}
      """
    When "zhangsan" logs in to the mini program
    Then the login is refused because "not_visible"

  Scenario: A reset connection is retried and the user notices nothing
    Given WeCom resets the connection on "gettoken"
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 2 gettoken requests

  Scenario: WeCom's gateway fails once: the call is retried and the user notices nothing
    Given WeCom's gateway answers 502 on "user/get"
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 2 "user/get" requests

  Scenario: WeCom's gateway stays down, with nothing saved: the user is asked to come back later
    Given WeCom's gateway answers 503 on every "user/get" call
    When "zhangsan" logs in to the mini program
    Then the login is refused because "wecom_busy"
    And the mock received exactly 3 "user/get" requests

  Scenario: WeCom's gateway stays down, for a member seen before: the app uses its saved profile
    Given "zhangsan" has logged in to the mini program
    And WeCom's gateway answers 504 on every "user/get" call
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in from the app's saved profile
    And the mock received exactly 4 "user/get" requests

  Scenario: A truncated answer is refused, not half read
    Given WeCom answers the next 1 "user/get" call with truncated JSON
    When "zhangsan" logs in to the mini program
    Then the login is refused because "wecom_error"
    And the mock received exactly 1 "user/get" request

  Scenario: A slow answer is waited for
    Given WeCom answers the next 1 "user/get" call at 4000 bytes per second
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 1 "user/get" request

  Scenario: Seeded chaos fails the same calls on every run
    Given WeCom's gateway answers 502 on 50% of "user/get" calls with seed 1
    When "zhangsan" logs in to the mini program
    Then the login is refused because "wecom_busy"
    When "lisi" logs in to the mini program
    Then "lisi" is logged in as "李四"
    And the mock received exactly 4 "user/get" requests
