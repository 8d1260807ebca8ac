package testkit

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Credentials of the default world (fixtures/default.yaml).
const (
	Corp1           = "wwmockcorp000001"
	Corp2           = "wwmockcorp000002"
	AppSecret       = "mock-app-secret"
	ContactsSecret  = "mock-contacts-secret"
	AppSecret2      = "mock-app-secret-2"
	ContactsSecret2 = "mock-contacts-secret-2"
	AgentID         = 1000002
	CodeTTL         = 5 * time.Minute
	TokenTTL        = 7200 * time.Second
)

// The default world's suites (fixtures/default.yaml).
const (
	ThirdSuite  = "wwmocksuite000001"
	ThirdSecret = "mock-suite-secret"
	DKSuite     = "dkmocktemplate0001"
	DKSecret    = "mock-template-secret"
	DKPermanent = "mock-permanent-code"
	DKAgent     = 1000010

	// The callback keys the tests' vendor receivers use.
	SuiteCBToken = "mockSuiteToken"
	SuiteCBKey   = "OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLrZ3aWZkS"
)

// ParseWorld parses a fixture document or fails the test.
func ParseWorld(t testing.TB, doc string) *fixtures.World {
	t.Helper()
	w, err := fixtures.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("parsing test fixtures: %v", err)
	}
	return w
}

// InsensitiveWorld has one app that may not see sensitive fields and one that may.
const InsensitiveWorld = `
corps:
  - corpid: wwtestcorp
    name: 测试公司
    contacts_secret: contacts
    apps:
      - agentid: 1
        name: new app
        secret: new-app
        visible: {users: [alice]}
      - agentid: 2
        name: old app
        secret: old-app
        visible: {departments: [1]}
        sensitive_fields: true
    departments:
      - {id: 1, name: 测试公司, parentid: 0}
    members:
      - userid: alice
        name: Alice
        department: [1]
        mobile: "13800000100"
        gender: "2"
        email: alice@example.com
        biz_mail: alice@corp.example.com
        avatar: https://example.com/alice/0
        thumb_avatar: https://example.com/alice/100
        address: somewhere
        qr_code: https://example.com/qr/alice
        position: engineer
`
