package shaped_test

import (
	"maps"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the 客户联系 id conversions and statistics whose
// examples cannot work as they stand: the unionid lookups and
// get_new_external_userid take a 代开发 or third-party app's token (the
// catalog's first credential is the self-built app's), the source app of
// from_service_external_userid must be one, with an id in its form, and
// get_user_behavior_data takes members (its userid and partyid are
// optional, not both) and a window within the last 180 days.
func init() {
	maps.Copy(externalContactFixes, map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
		"/cgi-bin/externalcontact/unionid_to_external_userid": asDKApp,
		"/cgi-bin/idconvert/unionid_to_external_userid":       asDKApp,
		"/cgi-bin/externalcontact/get_new_external_userid": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["external_userid_list"] = []any{testkit.Customer1}
			return asDKApp(t, env, c)
		},
		"/cgi-bin/externalcontact/from_service_external_userid": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			ids := testkit.ECGet(t, env.srv, dkToken(t, env), "/cgi-bin/externalcontact/list", "userid", "zhangsan")
			c.body["source_agentid"] = testkit.DKAgent
			c.body["external_userid"] = testkit.As[[]any](t, testkit.OK(t, ids)["external_userid"])[0]
			return ""
		},
		"/cgi-bin/externalcontact/get_user_behavior_data": func(_ *testing.T, env *conformanceEnv, c *conformanceCall) string {
			now := env.srv.Now().Unix()
			c.body["start_time"], c.body["end_time"] = now-24*60*60, now
			c.body["userid"] = []any{"zhangsan"}
			return ""
		},
	})
}

// asDKApp calls with the default world's 代开发 app's token.
func asDKApp(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
	c.query.Set("access_token", dkToken(t, env))
	return ""
}

func dkToken(t *testing.T, env *conformanceEnv) string {
	t.Helper()
	return testkit.Token(t, env.srv, testkit.Corp1, testkit.DKPermanent)
}
