package shaped_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the directory tag APIs (通讯录标签): the catalog's
// first credential is the app's, which renames and deletes only the tags
// it created — so those calls get a tag the app makes first; the created
// tag gets a name of its own, as the example may be taken.
func init() {
	conformanceFixes["/cgi-bin/tag/create"] = func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["tagname"] = "一致性标签"
		return ""
	}
	conformanceFixes["/cgi-bin/tag/update"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["tagid"] = appDirectoryTag(t, env, "待改名标签")
		c.body["tagname"] = "已改名标签"
		return ""
	}
	conformanceFixes["/cgi-bin/tag/delete"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("tagid", fmt.Sprint(appDirectoryTag(t, env, "待删除标签")))
		return ""
	}
}

// appDirectoryTag is a new directory tag the app created.
func appDirectoryTag(t *testing.T, env *conformanceEnv, name string) int {
	t.Helper()
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/tag/create", "access_token", env.creds[catalog.App]),
		map[string]any{"tagname": name})
	m := testkit.DecodeMap(t, r.Body)
	if testkit.ErrCode(t, m) != 0 {
		t.Fatalf("tag/create: %s", r.Body)
	}
	return testkit.Num(t, m, "tagid")
}
