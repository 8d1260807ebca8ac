package mockserver_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestNextLoginSkipsTheAuthorizePage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctx := context.Background()
	app := sdk(srv, testkit.Corp1, testkit.AppSecret)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.NextLogin(mockserver.LoginAs{Visitor: true, OpenID: "oTestVisitor"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.NextLogins(); len(got) != 3 || got[0].UserID != "lisi" {
		t.Fatalf("NextLogins() = %+v", got)
	}
	for _, want := range []string{"lisi", "zhangsan"} {
		code, state := redirected(t, testkit.Get(t, authorizeURL(srv)), appCallback+"?code=")
		id, err := app.UserInfoFromCode(ctx, code)
		if err != nil || id.UserID != want || state != "abc" {
			t.Fatalf("next login: %+v, %v, state %q; want %s", id, err, state, want)
		}
	}
	code, _ := redirected(t, testkit.Get(t, authorizeURL(srv)), appCallback)
	if id, err := app.UserInfoFromCode(ctx, code); err != nil || id.OpenID != "oTestVisitor" {
		t.Errorf("visitor: %+v, %v", id, err)
	}
	// The queue is used up: the page asks again.
	wantPage(t, testkit.Get(t, authorizeURL(srv)), http.StatusOK, `data-userid="zhangsan"`)
}

func TestNextLoginConsentsForPrivateInfo(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	code, _ := redirected(t, testkit.Get(t, authorizeURL(srv, "scope", "snsapi_privateinfo")), appCallback)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code)
	if err != nil || id.UserTicket == "" {
		t.Errorf("privateinfo next login: %+v, %v; want a user_ticket", id, err)
	}
}

func TestNextLoginInvalidRequestStillFailsValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	wantPage(t, testkit.Get(t, authorizeURL(srv, "redirect_uri", "https://evil.example.net/")), http.StatusBadRequest, "可信域名")
	if len(srv.NextLogins()) != 1 {
		t.Error("a refused request used up the queued login")
	}
}

func TestNextLoginCorpScope(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{CorpID: testkit.Corp2, UserID: "zhaoliu"}); err != nil {
		t.Fatal(err)
	}
	// Corp 1's page leaves corp 2's entry alone.
	wantPage(t, testkit.Get(t, authorizeURL(srv)), http.StatusOK, `data-userid="zhangsan"`)
	code, _ := redirected(t, testkit.Get(t, authorizeURL(srv, "appid", testkit.Corp2)), appCallback)
	if id, err := sdk(srv, testkit.Corp2, testkit.AppSecret2).UserInfoFromCode(context.Background(), code); err != nil || id.UserID != "zhaoliu" {
		t.Errorf("corp 2: %+v, %v", id, err)
	}

	// An entry without a corp, naming a member of another corp, fails
	// clearly on the page that takes it.
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhaoliu"}); err != nil {
		t.Fatal(err)
	}
	wantPage(t, testkit.Get(t, authorizeURL(srv)), http.StatusBadRequest, "无法登录", "zhaoliu", "corpid")
	if len(srv.NextLogins()) != 0 {
		t.Error("the failed entry is still queued")
	}
}

func TestNextLoginErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	var le *mockserver.Error
	for _, tt := range []struct {
		who      mockserver.LoginAs
		notFound bool
	}{
		{mockserver.LoginAs{}, false},
		{mockserver.LoginAs{UserID: "lisi", Visitor: true}, false},
		{mockserver.LoginAs{UserID: "lisi", OpenID: "o1"}, false},
		{mockserver.LoginAs{UserID: "nobody"}, true},
		{mockserver.LoginAs{UserID: "lisi", CorpID: testkit.Corp2}, true},
		{mockserver.LoginAs{Visitor: true, CorpID: "wwnope"}, true},
	} {
		err := srv.NextLogin(tt.who)
		if !errors.As(err, &le) || (le.Status == http.StatusNotFound) != tt.notFound {
			t.Errorf("NextLogin(%+v) = %v, want an Error (not found: %v)", tt.who, err, tt.notFound)
		}
	}
	if len(srv.NextLogins()) != 0 {
		t.Error("refused entries were queued")
	}
}

func TestNextLoginControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := srv.URL() + "/_mock/login/next"
	m := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, u, `{"userid":"zhangsan"}`), http.StatusOK)
	if next, _ := m["next"].([]any); len(next) != 1 {
		t.Fatalf("POST answered %v", m)
	}
	testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, u, `{"visitor":true,"corpid":"wwmockcorp000002"}`), http.StatusOK)
	m = testkit.ControlJSON(t, testkit.Get(t, u), http.StatusOK)
	next, _ := m["next"].([]any)
	if len(next) != 2 || next[0].(map[string]any)["userid"] != "zhangsan" || next[1].(map[string]any)["visitor"] != true {
		t.Errorf("GET answered %v", m)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, u, `{}`), http.StatusBadRequest, "userid", "visitor")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, u, `{"userid":"nobody"}`), http.StatusNotFound, "nobody")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, u, `{"user":"zhangsan"}`), http.StatusBadRequest, "unknown field")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPut, u, `{}`), http.StatusMethodNotAllowed, "DELETE, GET, POST")

	m = testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, u, nil, nil), http.StatusOK)
	if next, ok := m["next"].([]any); !ok || len(next) != 0 {
		t.Errorf("DELETE answered %v", m)
	}
	if len(srv.NextLogins()) != 0 {
		t.Error("DELETE left entries")
	}
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	if len(srv.NextLogins()) != 0 {
		t.Error("Reset kept the queue")
	}
}
