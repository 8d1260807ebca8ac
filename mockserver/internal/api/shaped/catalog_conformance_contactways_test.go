package shaped_test

import (
	"maps"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the contact way endpoints whose examples cannot work
// as they stand: a single-member way names its member, the deletion and
// update take a way of their own (the default world's is read by
// get_contact_way), and close_temp_chat needs a customer added through a
// temporary way.
func init() {
	maps.Copy(externalContactFixes, map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
		"/cgi-bin/externalcontact/add_contact_way": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
			c.body["user"] = []any{"zhangsan"}
			return ""
		},
		"/cgi-bin/externalcontact/del_contact_way": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["config_id"] = conformanceContactWay(t, env, false)
			return ""
		},
		"/cgi-bin/externalcontact/update_contact_way": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["config_id"] = conformanceContactWay(t, env, false)
			return ""
		},
		"/cgi-bin/externalcontact/close_temp_chat": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			added, err := env.srv.AddExternalContact(mockserver.ExternalContactAdd{
				CorpID: testkit.Corp1, UserID: "zhangsan", Customer: &fixtures.Customer{Name: "临时会话客户", Type: fixtures.CustomerWeChat},
				ConfigID: conformanceContactWay(t, env, true),
			})
			if err != nil {
				t.Fatal(err)
			}
			c.body["userid"], c.body["external_userid"] = "zhangsan", added.ExternalUserID
			return ""
		},
	})
}

// conformanceContactWay is a new QR code way of zhangsan's, temporary or
// not.
func conformanceContactWay(t *testing.T, env *conformanceEnv, temp bool) string {
	t.Helper()
	r := testkit.ECPost(t, env.srv, env.creds[catalog.ExternalContact], "/cgi-bin/externalcontact/add_contact_way",
		map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": temp})
	return testkit.Str(t, testkit.OK(t, r), "config_id")
}
