package shaped_test

import (
	"testing"
	"time"
)

// The directory lookups' valid calls: batch/invite names a target of each
// kind the app may not see, so that invaliduser, invalidparty and
// invalidtag are all in the answer; get_active_stat asks for today on the
// virtual clock.
func init() {
	conformanceFixes["/cgi-bin/batch/invite"] = func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["user"] = []any{"lisi", "wangwu"}
		c.body["party"] = []any{4, 3}
		c.body["tag"] = []any{1, 99}
		return ""
	}
	conformanceFixes["/cgi-bin/user/get_active_stat"] = func(_ *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["date"] = env.srv.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
		return ""
	}
}
