package weblogin_test

import (
	"context"
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
		code, state := testkit.Redirected(t, testkit.Get(t, testkit.AuthorizeURL(srv)), testkit.AppCallback+"?code=")
		id, err := app.UserInfoFromCode(ctx, code)
		if err != nil || id.UserID != want || state != "abc" {
			t.Fatalf("next login: %+v, %v, state %q; want %s", id, err, state, want)
		}
	}
	code, _ := testkit.Redirected(t, testkit.Get(t, testkit.AuthorizeURL(srv)), testkit.AppCallback)
	if id, err := app.UserInfoFromCode(ctx, code); err != nil || id.OpenID != "oTestVisitor" {
		t.Errorf("visitor: %+v, %v", id, err)
	}
	// The queue is used up: the page asks again.
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv)), http.StatusOK, `data-userid="zhangsan"`)
}

func TestNextLoginConsentsForPrivateInfo(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	code, _ := testkit.Redirected(t, testkit.Get(t, testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo")), testkit.AppCallback)
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
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, "redirect_uri", "https://evil.example.net/")), http.StatusBadRequest, "可信域名")
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
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv)), http.StatusOK, `data-userid="zhangsan"`)
	code, _ := testkit.Redirected(t, testkit.Get(t, testkit.AuthorizeURL(srv, "appid", testkit.Corp2)), testkit.AppCallback)
	if id, err := sdk(srv, testkit.Corp2, testkit.AppSecret2).UserInfoFromCode(context.Background(), code); err != nil || id.UserID != "zhaoliu" {
		t.Errorf("corp 2: %+v, %v", id, err)
	}

	// An entry without a corp, naming a member of another corp, fails
	// clearly on the page that takes it.
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhaoliu"}); err != nil {
		t.Fatal(err)
	}
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv)), http.StatusBadRequest, "无法登录", "zhaoliu", "corpid")
	if len(srv.NextLogins()) != 0 {
		t.Error("the failed entry is still queued")
	}
}
