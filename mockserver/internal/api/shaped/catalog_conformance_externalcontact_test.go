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
}
