package directory_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The default world's tokens: app 1000002 sees zhangsan and lisi (研发部
// and its subtree) and zhouqi (tag 试点); wangwu (市场部) is outside its
// range. The contacts-sync token sees everyone.
type tokens struct {
	app, contacts string
}

func newServer(t *testing.T, opts ...mockserver.Option) (*mockserver.Server, tokens) {
	t.Helper()
	srv := mockserver.NewTest(t, opts...)
	return srv, tokens{
		app:      testkit.AppToken(t, srv),
		contacts: testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret),
	}
}

func post(t testing.TB, srv *mockserver.Server, tok, path string, body any) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", tok), body)
}

func get(t testing.TB, srv *mockserver.Server, tok, path string, kv ...string) *testkit.Resp {
	t.Helper()
	return testkit.Get(t, testkit.URL(srv, path, append([]string{"access_token", tok}, kv...)...))
}

// written asserts a contact write succeeded (its errmsg is "created",
// "updated" or "deleted").
func written(t testing.TB, r *testkit.Resp) {
	t.Helper()
	if code := testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)); code != 0 {
		t.Fatalf("write failed: %s", r.Body)
	}
}
