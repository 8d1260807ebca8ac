package shaped_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// externalContactFixes make the valid calls of the 客户联系 endpoints whose
// arguments are single-use or made at run time.
var externalContactFixes = map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
	"/cgi-bin/externalcontact/send_welcome_msg": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		added, err := env.srv.AddExternalContact(mockserver.ExternalContactAdd{
			CorpID: testkit.Corp1, UserID: "lisi", Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat},
		})
		if err != nil {
			t.Fatal(err)
		}
		c.body["welcome_code"] = added.WelcomeCode
		c.body["text"] = map[string]any{"content": "你好"}
		return ""
	},
	// The handover of a 离职 transfer must have left: wangwu gets a customer
	// and leaves for the call, and comes back after it.
	"/cgi-bin/externalcontact/resigned/transfer_customer": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		added, err := env.srv.AddExternalContact(mockserver.ExternalContactAdd{
			CorpID: testkit.Corp1, UserID: "wangwu", Customer: &fixtures.Customer{Name: "离职客户", Type: fixtures.CustomerWeChat},
		})
		if err != nil {
			t.Fatal(err)
		}
		var wangwu fixtures.Member
		for _, m := range env.srv.Fixtures().Corps[0].Members {
			if m.UserID == "wangwu" {
				wangwu = m
			}
		}
		if _, err := env.srv.DeleteUser(testkit.Corp1, "wangwu"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if _, err := env.srv.CreateUser(testkit.Corp1, wangwu); err != nil {
				t.Error(err)
			}
		})
		c.body["handover_userid"] = "wangwu"
		c.body["external_userid"] = []any{added.ExternalUserID}
		return ""
	},
}
