@hr
Feature: An HR system syncs the org chart into WeCom
  The HR system holds the corp's 通讯录同步 secret. It maps the mobiles in its
  records to userids (user/getuserid), creates a new department
  (department/create) and imports its members as a CSV of the official
  template (media/upload, then batch/syncuser, a job WeCom runs 100 rows a
  second and reports through batch/getresult), then tags the new members
  (tag/create, tag/addtagusers). The app reads its visible range with its own
  secret (agent/get) and the tag's members (tag/get) to find them.

  Background:
    Given the default world

  Scenario: A department is imported, its members tagged, and the app finds them
    Given app 1000002 of corp "wwmockcorp000001" is visible to the whole corp
    When the HR system finds the userid of mobile "13800000001"
    Then it is "zhangsan"
    And app 1000002 does not see member "chenyi"
    When the HR system imports the department "华东销售部" (id 10, under 1) with members:
      | userid | name | mobile      |
      | chenyi | 陈一 | 13900001001 |
      | zhouer | 周二 | 13900001002 |
    And the import finishes within 30 seconds
    And the HR system tags "华东销售部"'s members "新员工"
    Then the mock received exactly 1 "batch/syncuser" request
    And the mock received exactly 1 "tag/create" request
    And app 1000002 sees member "chenyi"
    And app 1000002 sees member "zhouer"
    And tag "新员工" lists members "chenyi" and "zhouer"
    When the HR system finds the userid of mobile "13900001002"
    Then it is "zhouer"

  Scenario: Tagging new members with a tag of the app's range makes them its users
    When the HR system imports the department "华东销售部" (id 10, under 1) with members:
      | userid | name | mobile      |
      | chenyi | 陈一 | 13900001001 |
    And the import finishes within 30 seconds
    Then app 1000002 does not see member "chenyi"
    When the HR system tags "华东销售部"'s members "试点"
    Then app 1000002 sees member "chenyi"
    And tag "试点" lists members "zhouqi" and "chenyi"
    And the mock received no "tag/create" request

  Scenario: A mobile no member has is not found
    When the HR system finds the userid of mobile "13900009999"
    Then the lookup fails with errcode 46004
