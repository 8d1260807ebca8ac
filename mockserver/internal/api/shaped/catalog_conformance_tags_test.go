package shaped_test

import (
	"maps"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the corp tag APIs whose required parameters alone do
// not make one: add_corp_tag needs a group (group_id or group_name),
// mark_tag something to add or remove, and an app (the catalog's first
// credential) edits and deletes only the tags it created — so those calls
// get a tag the app makes first, and the default world's tags stay.
func init() {
	maps.Copy(externalContactFixes, map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
		"/cgi-bin/externalcontact/add_corp_tag": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
			c.body["group_id"] = testkit.TagGroup1
			return ""
		},
		"/cgi-bin/externalcontact/edit_corp_tag": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["id"] = appTag(t, env, "待编辑")
			return ""
		},
		"/cgi-bin/externalcontact/del_corp_tag": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["tag_id"] = []any{appTag(t, env, "待删除")}
			return ""
		},
		"/cgi-bin/externalcontact/mark_tag": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
			c.body["add_tag"] = []any{testkit.TagVIP}
			return ""
		},
	})
}

// appTag is a new tag the app made in a group of its own.
func appTag(t *testing.T, env *conformanceEnv, name string) string {
	t.Helper()
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/externalcontact/add_corp_tag", "access_token", env.creds[catalog.App]),
		map[string]any{"group_name": "合规检查", "tag": []map[string]any{{"name": name}}})
	group := testkit.As[map[string]any](t, testkit.OK(t, r)["tag_group"])
	return testkit.As[string](t, testkit.As[map[string]any](t, testkit.As[[]any](t, group["tag"])[0])["id"])
}
