package appchat_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The apps of rootWorld: app 1000002 of the default world, and another
// self-built app; both see the whole corp.
const (
	otherAgent  = 1000003
	otherSecret = "mock-other-app-secret"
)

// rootWorld is the default world where app 1000002 sees the root
// department, as the appchat APIs require (the default world's app sees
// 研发部 and tag 试点 only), with a second app that sees it too.
func rootWorld() *fixtures.World {
	w := fixtures.Default()
	c := &w.Corps[0]
	c.Apps[0].Visible = fixtures.Visibility{Departments: []int{1}}
	c.Apps = append(c.Apps, fixtures.App{
		AgentID: otherAgent, Name: "另一个应用", Secret: otherSecret,
		Visible: fixtures.Visibility{Departments: []int{1}},
	})
	return w
}

// newRootServer serves rootWorld and returns app 1000002's token.
func newRootServer(t *testing.T, opts ...mockserver.Option) (*mockserver.Server, string) {
	t.Helper()
	return newRootServerWith(t, rootWorld(), opts...)
}

// newRootServerWith serves w and returns app 1000002's token.
func newRootServerWith(t *testing.T, w *fixtures.World, opts ...mockserver.Option) (*mockserver.Server, string) {
	t.Helper()
	srv := mockserver.NewTest(t, append([]mockserver.Option{mockserver.WithFixtures(w)}, opts...)...)
	return srv, testkit.AppToken(t, srv)
}

// fixtureMember is the i-th extra member of a large world, in 市场部.
func fixtureMember(i int) fixtures.Member {
	return fixtures.Member{UserID: "m" + strconv.Itoa(i), Name: "成员" + strconv.Itoa(i), Department: []int{3}}
}

func post(t testing.TB, srv *mockserver.Server, tok, path string, body any) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", tok), body)
}

// createChat creates a chat and returns its chatid.
func createChat(t testing.TB, srv *mockserver.Server, tok string, body map[string]any) string {
	t.Helper()
	m := testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/create", body))
	return testkit.Str(t, m, "chatid")
}

// chatInfo is appchat/get's chat_info.
type chatInfo struct {
	ChatID   string   `json:"chatid"`
	Name     string   `json:"name"`
	Owner    string   `json:"owner"`
	UserList []string `json:"userlist"`
	ChatType int      `json:"chat_type"`
}

// getChat reads a chat with appchat/get, asserting a success.
func getChat(t testing.TB, srv *mockserver.Server, tok, chatID string) chatInfo {
	t.Helper()
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/appchat/get", "access_token", tok, "chatid", chatID))
	testkit.OK(t, r)
	return testkit.DecodeStrict[struct {
		ErrCode  int      `json:"errcode"`
		ErrMsg   string   `json:"errmsg"`
		ChatInfo chatInfo `json:"chat_info"`
	}](t, r.Body).ChatInfo
}
