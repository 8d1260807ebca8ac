package shaped_test

import (
	"maps"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The valid calls of the mass message endpoints (企业群发): add_msg_template
// needs a sender and content, the others a msgid of their own — one made
// first through add_msg_template — and the list a window around it.
func init() {
	maps.Copy(externalContactFixes, map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
		"/cgi-bin/externalcontact/add_msg_template": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
			c.body["sender"] = "zhangsan"
			c.body["text"] = map[string]any{"content": "新品上市，欢迎咨询"}
			return ""
		},
		"/cgi-bin/externalcontact/get_groupmsg_list_v2": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			conformanceGroupMsg(t, env)
			now := env.srv.Now().Unix()
			c.body["start_time"], c.body["end_time"] = now-3600, now
			return ""
		},
		"/cgi-bin/externalcontact/get_groupmsg_task":        withGroupMsg,
		"/cgi-bin/externalcontact/get_groupmsg_send_result": withGroupMsg,
		"/cgi-bin/externalcontact/cancel_groupmsg_send":     withGroupMsg,
		"/cgi-bin/externalcontact/remind_groupmsg_send":     withGroupMsg,
	})
}

// withGroupMsg names a new mass message of zhangsan's (who the send
// result's example userid is).
func withGroupMsg(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
	c.body["msgid"] = conformanceGroupMsg(t, env)
	return ""
}

// conformanceGroupMsg is a new mass message from zhangsan to his customers.
func conformanceGroupMsg(t *testing.T, env *conformanceEnv) string {
	t.Helper()
	r := testkit.ECPost(t, env.srv, env.creds[catalog.ExternalContact], "/cgi-bin/externalcontact/add_msg_template",
		map[string]any{"sender": "zhangsan", "text": map[string]any{"content": "一致性测试"}})
	return testkit.Str(t, testkit.OK(t, r), "msgid")
}
