package shaped_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The appchat APIs take only an app whose visible range is the root
// department: the default world's second corp has one (its app 1000002)
// but a single member, so the fixes add a second member through user/create.
func init() {
	conformanceFixes["/cgi-bin/appchat/create"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("access_token", appChatToken(t, env))
		c.body["userlist"] = []any{"zhaoliu", appChatMember}
		return ""
	}
	for _, path := range []string{"/cgi-bin/appchat/update", "/cgi-bin/appchat/get", "/cgi-bin/appchat/send"} {
		conformanceFixes[path] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
			tok := appChatToken(t, env)
			c.query.Set("access_token", tok)
			m := testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/appchat/create", "access_token", tok),
				map[string]any{"userlist": []any{"zhaoliu", appChatMember}}))
			id := testkit.Str(t, m, "chatid")
			if path == "/cgi-bin/appchat/get" {
				c.query.Set("chatid", id)
				return ""
			}
			c.body["chatid"] = id
			if path == "/cgi-bin/appchat/send" {
				c.body["text"] = map[string]any{"content": "conformance"}
			}
			return ""
		}
	}
}

// appChatMember is the member the fixes add to the second corp.
const appChatMember = "appchatmember"

// appChatToken is the second corp's app token, after making sure the corp
// has appChatMember.
func appChatToken(t *testing.T, env *conformanceEnv) string {
	t.Helper()
	contacts := testkit.Token(t, env.srv, testkit.Corp2, testkit.ContactsSecret2)
	get := testkit.GetJSON(t, testkit.URL(env.srv, "/cgi-bin/user/get", "access_token", contacts, "userid", appChatMember))
	if testkit.ErrCode(t, get) != 0 {
		r := testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/user/create", "access_token", contacts),
			map[string]any{"userid": appChatMember, "name": "群聊成员", "department": []int{1}, "mobile": "13900000099"})
		if code := testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)); code != 0 {
			t.Fatalf("user/create: %s", r.Body)
		}
	}
	return testkit.Token(t, env.srv, testkit.Corp2, testkit.AppSecret2)
}
