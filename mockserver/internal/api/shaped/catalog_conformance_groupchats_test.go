package shaped_test

import (
	"maps"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the customer group endpoints whose examples cannot
// work as they stand: the statistics take a window of recent days, and
// the transfers move a group, which must not be the default world's one
// that later endpoints read.
func init() {
	maps.Copy(externalContactFixes, map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
		"/cgi-bin/externalcontact/groupchat/statistic":              yesterdayWindow,
		"/cgi-bin/externalcontact/groupchat/statistic_group_by_day": yesterdayWindow,
		"/cgi-bin/externalcontact/groupchat/onjob_transfer": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["chat_id_list"] = []any{conformanceGroup(t, env)}
			return ""
		},
		// 离职继承 needs an owner who left; the default world's members stay
		// for the endpoints after this one, so the call moves nothing and
		// answers errcode 0 with the group in failed_chat_list (90500).
		"/cgi-bin/externalcontact/groupchat/transfer": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			c.body["chat_id_list"] = []any{conformanceGroup(t, env)}
			return ""
		},
	})
}

// yesterdayWindow asks for yesterday: the statistics answer a window
// within the last 180 days only.
func yesterdayWindow(_ *testing.T, env *conformanceEnv, c *conformanceCall) string {
	day := env.srv.Now().Add(-24 * time.Hour).Unix()
	c.body["day_begin_time"] = day
	if _, ok := c.body["day_end_time"]; ok {
		c.body["day_end_time"] = day
	}
	return ""
}

// conformanceGroup is a new customer group of zhangsan's.
func conformanceGroup(t *testing.T, env *conformanceEnv) string {
	t.Helper()
	res, err := env.srv.CreateCustomerGroup(mockserver.CustomerGroupChange{
		CorpID: testkit.Corp1, Owner: "zhangsan", Name: "一致性测试群",
		Members: []mockserver.CustomerGroupJoiner{{UserID: testkit.Customer1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.ChatID
}
