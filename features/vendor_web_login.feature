@suite @vendor
Feature: A third-party vendor's web login
  A vendor lists a third-party app. A company installs it; the vendor
  imports the contacts the install may read and keeps them by open_userid.
  A member opens the vendor's web page inside WeCom: the vendor sends the
  browser to the OAuth page with its suite id as appid, exchanges the code
  at getuserinfo3rd (corpid, userid, open_userid) and reads the member with
  the install's corp token. WeCom gives a third party the userid where the
  name would be, so the vendor joins the login to its own contact record by
  open_userid — the one id of the member that every app of the vendor sees.

  Background:
    Given the vendor has a third-party app "wwvendorapp"
    And a corp "acme" with member "zhangsan" named "张三"
    And corp "acme" also has member "lisi" named "李四"

  Scenario: A member logs in on the vendor's web page
    Given corp "acme" installs the app from the app market as "zhangsan"
    When "lisi" of corp "acme" logs in to the web app
    Then "lisi" is logged in as "lisi"
    And the app found "lisi"'s contact record by open_userid
    And the mock received exactly 1 "service/auth/getuserinfo3rd" request
    And the mock received exactly 1 "service/get_corp_token" request
    And the mock received no gettoken request

  Scenario: A member of a company that has not installed the app is turned away
    Given a corp "globex" with member "zhaoliu" named "赵六"
    And corp "acme" installs the app from the app market as "zhangsan"
    When "zhaoliu" of corp "globex" logs in to the web app
    Then the login is refused because "corp_not_served"
    And the mock answered exactly 1 "service/auth/getuserinfo3rd" request with errcode 0
    And the mock received no "user/get" request
