package shaped_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// menu/get answers 46003 for an app without a menu: the fix creates the
// catalog's example menu first.
func init() {
	conformanceFixes["/cgi-bin/menu/get"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/menu/create",
			"access_token", c.query.Get("access_token"), "agentid", c.query.Get("agentid")),
			map[string]any{"button": []any{map[string]any{"type": "click", "name": "今日歌曲", "key": "V1001_TODAY_MUSIC"}}}))
		return ""
	}
}
