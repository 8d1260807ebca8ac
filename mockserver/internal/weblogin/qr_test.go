package weblogin_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"rsc.io/qr"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// qrStatus reads a login through the control API, as the page's script does.
func qrStatus(t *testing.T, srv *mockserver.Server, key string) map[string]any {
	t.Helper()
	return testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/qrlogins/"+key), http.StatusOK)
}

func TestQRLoginDesktopPage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, body := testkit.OpenQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	for _, want := range []string{
		"企业微信登录", "模拟应用",
		`src="/wwmock/qr/` + l.Key + `/code.svg"`,
		`href="` + phone + `"`,
		`<noscript><meta http-equiv="refresh" content="2;url=/wwmock/qr/` + l.Key + `">`,
		`<script src="/wwmock/static/qrlogin.js" defer>`,
		"--addr 0.0.0.0:8080", // the page is on loopback: a phone cannot reach it
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if l.Status != mockserver.QRWaiting || l.CorpID != testkit.Corp1 || l.AgentID != testkit.AgentID || l.RedirectURI != testkit.AppCallback || l.State != "abc" {
		t.Errorf("login %+v", l)
	}
	m := qrStatus(t, srv, l.Key)
	if m["status"] != "waiting" || testkit.Str(t, m, "phone_url") != phone || testkit.Num(t, m, "expires_in") != 300 {
		t.Errorf("status %v", m)
	}
	if m["code"] != nil || m["redirect_url"] != nil {
		t.Errorf("a waiting login shows a code: %v", m)
	}
}

// qrImageGrid parses the served SVG back into its dark modules.
func qrImageGrid(t *testing.T, svg string) (size int, dark map[[2]int]bool) {
	t.Helper()
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if vb == nil || vb[1] != vb[2] {
		t.Fatalf("no square viewBox in %q", svg)
	}
	n, _ := strconv.Atoi(vb[1])
	dark = map[[2]int]bool{}
	for _, run := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(run[1])
		y, _ := strconv.Atoi(run[2])
		w, _ := strconv.Atoi(run[3])
		for i := range w {
			dark[[2]int{x + i, y}] = true
		}
	}
	return n, dark
}

func TestQRLoginImageEncodesThePhonePage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, _ := testkit.OpenQRPage(t, srv)
	r := testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key+"/code.svg")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("code.svg: %s %v", r, r.Header)
	}
	size, dark := qrImageGrid(t, string(r.Body))
	want, err := qr.Encode(l.PhoneURL, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	const quiet = 4
	if size != want.Size+2*quiet {
		t.Fatalf("image is %d modules, want %d", size, want.Size+2*quiet)
	}
	for y := range size {
		for x := range size {
			in := x >= quiet && y >= quiet && x < quiet+want.Size && y < quiet+want.Size
			wantDark := in && want.Black(x-quiet, y-quiet)
			if dark[[2]int{x, y}] != wantDark {
				t.Fatalf("module (%d,%d) dark=%v, want %v: the image does not encode %s", x, y, !wantDark, wantDark, l.PhoneURL)
			}
		}
	}
	if r := testkit.Get(t, srv.URL()+"/wwmock/qr/nope/code.svg"); r.Status != http.StatusNotFound {
		t.Errorf("unknown login's image: %s", r)
	}
}

func TestQRLoginThroughThePhonePage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctx := context.Background()
	l, _ := testkit.OpenQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"

	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, "扫码登录", `data-userid="zhangsan"`, `data-visitor="1"`, `name="action" value="scan"`)
	testkit.WantPage(t, testkit.Get(t, phone+"?q=李"), http.StatusOK, `data-userid="lisi"`)

	r := testkit.PostForm(t, phone, testkit.FormValues("action", "scan", "userid", "zhangsan"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/wwmock/qr/"+l.Key+"/phone" {
		t.Fatalf("scan answered %s %v", r, r.Header)
	}
	if m := qrStatus(t, srv, l.Key); m["status"] != "scanned" || m["userid"] != "zhangsan" || m["name"] != "张三" {
		t.Errorf("after the scan: %v", m)
	}
	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, "张三", `value="confirm"`, `value="cancel"`)
	testkit.WantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "扫描成功", "张三")

	testkit.PostForm(t, phone, testkit.FormValues("action", "confirm"))
	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, "已确认登录")
	m := qrStatus(t, srv, l.Key)
	code := testkit.Str(t, m, "code")
	if m["status"] != "confirmed" || testkit.Str(t, m, "redirect_url") != testkit.AppCallback+"?code="+code+"&state=abc" || testkit.Num(t, m, "expires_in") != 0 {
		t.Fatalf("after the confirm: %v", m)
	}
	// The desktop page (reloaded without JavaScript) sends the browser on.
	got, state := testkit.Redirected(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), testkit.AppCallback+"?code=")
	if got != code || state != "abc" {
		t.Errorf("redirect code %q state %q", got, state)
	}
	app := sdk(srv, testkit.Corp1, testkit.AppSecret)
	id, err := app.UserInfoFromCode(ctx, code)
	if err != nil || id.UserID != "zhangsan" || id.UserTicket != "" {
		t.Fatalf("UserInfoFromCode = %+v, %v", id, err)
	}
	if _, err := app.UserInfoFromCode(ctx, code); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("second exchange: %v, want 40029", err)
	}
}

func TestQRLoginVisitor(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, _ := testkit.OpenQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	testkit.PostForm(t, phone, testkit.FormValues("action", "scan", "visitor", "1"))
	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, "访客")
	testkit.PostForm(t, phone, testkit.FormValues("action", "confirm"))
	l, _ = srv.QRLogin(l.Key)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), l.Code)
	if err != nil || id.IsMember() || id.OpenID == "" {
		t.Errorf("visitor: %+v, %v", id, err)
	}
}

func TestQRLoginCancelled(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, _ := testkit.OpenQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	testkit.PostForm(t, phone, testkit.FormValues("action", "scan", "userid", "lisi"))
	testkit.PostForm(t, phone, testkit.FormValues("action", "cancel"))
	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, "已取消登录")
	// A late confirm changes nothing.
	if r := testkit.PostForm(t, phone, testkit.FormValues("action", "confirm")); r.Status != http.StatusSeeOther {
		t.Errorf("late confirm: %s", r)
	}
	if m := qrStatus(t, srv, l.Key); m["status"] != "cancelled" || m["code"] != nil {
		t.Errorf("status %v", m)
	}
	body := testkit.WantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "你已取消此次登录", `id="retry-cancelled"`)
	if strings.Contains(body, `<section data-state="cancelled" hidden>`) || !strings.Contains(body, `<section data-state="waiting" hidden>`) {
		t.Error("the desktop page does not show the cancelled state")
	}
	if strings.Contains(body, `http-equiv="refresh"`) {
		t.Error("a finished login keeps reloading")
	}
}

func TestQRLoginExpires(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	l, _ := testkit.OpenQRPage(t, srv)
	srv.Advance(4 * time.Minute)
	if m := qrStatus(t, srv, l.Key); m["status"] != "waiting" || testkit.Num(t, m, "expires_in") != 60 {
		t.Errorf("after 4 minutes: %v", m)
	}
	srv.Advance(time.Minute)
	if m := qrStatus(t, srv, l.Key); m["status"] != "expired" || testkit.Num(t, m, "expires_in") != 0 {
		t.Errorf("after 5 minutes: %v", m)
	}
	body := testkit.WantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "二维码已失效", `id="retry-expired"`,
		`href="/wwlogin/sso/login?agentid=1000002&amp;appid=wwmockcorp000001&amp;login_type=CorpApp&amp;redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb&amp;state=abc"`)
	if strings.Contains(body, `<section data-state="expired" hidden>`) {
		t.Error("the desktop page does not show the expired state")
	}
	testkit.WantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key+"/phone"), http.StatusOK, "二维码已失效")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/qrlogins/"+l.Key+"/scan", `{"userid":"lisi"}`),
		http.StatusConflict, "expired", "start a new one")
}

func TestQRLoginNextLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhouqi"}); err != nil {
		t.Fatal(err)
	}
	code, state := testkit.Redirected(t, testkit.Get(t, testkit.QRLoginURL(srv)), testkit.AppCallback+"?code=")
	if id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code); err != nil || id.UserID != "zhouqi" || state != "abc" {
		t.Errorf("next login through the QR page: %+v, %v", id, err)
	}
	if ls := srv.QRLogins(); len(ls) != 1 || ls[0].Status != mockserver.QRConfirmed || ls[0].UserID != "zhouqi" {
		t.Errorf("QRLogins() = %+v", ls)
	}
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhaoliu"}); err != nil {
		t.Fatal(err)
	}
	testkit.WantPage(t, testkit.Get(t, testkit.QRLoginURL(srv)), http.StatusBadRequest, "无法登录", "zhaoliu")
}

func TestQRLoginValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct {
		name string
		kv   []string
		want []string
	}{
		{"no login_type", []string{"login_type", ""}, []string{"login_type参数错误"}},
		{"bad login_type", []string{"login_type", "corpapp"}, []string{"login_type参数错误", "corpapp"}},
		{"ServiceApp with a corpid", []string{"login_type", "ServiceApp"}, []string{"appid参数错误", "takes the suite_id"}},
		{"no appid", []string{"appid", ""}, []string{"appid参数错误"}},
		{"unknown corp", []string{"appid", "wwnope"}, []string{"appid参数错误", "wwnope"}},
		{"no agentid", []string{"agentid", ""}, []string{"无效的agentid参数", "needs it"}},
		{"bad agentid", []string{"agentid", "x"}, []string{"无效的agentid参数"}},
		{"unknown agentid", []string{"agentid", "7"}, []string{"无效的agentid参数", "no app with agentid 7"}},
		{"no redirect_uri", []string{"redirect_uri", ""}, []string{"redirect_uri参数错误"}},
		{"untrusted redirect_uri", []string{"redirect_uri", "https://evil.example.net/"}, []string{"redirect_uri需使用应用可信域名", "evil.example.net"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WantPage(t, testkit.Get(t, testkit.QRLoginURL(srv, tt.kv...)), http.StatusBadRequest, tt.want...)
		})
	}
	// state is passed through as given; lang is accepted.
	l, _ := testkit.OpenQRPage(t, srv, "state", "any thing/ok", "lang", "en")
	if l.State != "any thing/ok" {
		t.Errorf("state %q", l.State)
	}
}

func TestOldQRConnect(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := testkit.PageURL(srv, "/wwopen/sso/qrConnect", []string{
		"appid", testkit.Corp1, "agentid", strconv.Itoa(testkit.AgentID), "redirect_uri", testkit.AppCallback, "state", "old", "href", "https://example.com/panel.css",
	})
	body := testkit.WantPage(t, testkit.Get(t, u), http.StatusOK, "企业微信登录")
	if strings.Contains(body, "panel.css") {
		t.Error("the page loads the href stylesheet")
	}
	if ls := srv.QRLogins(); len(ls) != 1 || ls[0].State != "old" {
		t.Errorf("QRLogins() = %+v", ls)
	}
	testkit.WantPage(t, testkit.Get(t, testkit.PageURL(srv, "/wwopen/sso/qrConnect", []string{"appid", testkit.Corp1, "redirect_uri", testkit.AppCallback})),
		http.StatusBadRequest, "无效的agentid参数")
}

func TestQRLoginUnknownKeyPages(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, p := range []string{"/wwmock/qr/nope", "/wwmock/qr/nope/phone"} {
		testkit.WantPage(t, testkit.Get(t, srv.URL()+p), http.StatusNotFound, "二维码已失效", "reset")
	}
	testkit.WantPage(t, testkit.PostForm(t, srv.URL()+"/wwmock/qr/nope/phone", testkit.FormValues("action", "confirm")), http.StatusNotFound, "二维码已失效")
	l, _ := testkit.OpenQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	testkit.WantPage(t, testkit.PostForm(t, phone, testkit.FormValues("action", "fly")), http.StatusBadRequest, "fly")
	testkit.WantPage(t, testkit.PostForm(t, phone, testkit.FormValues("action", "scan", "userid", "zhaoliu")), http.StatusBadRequest, "zhaoliu")
	testkit.WantPage(t, testkit.PostForm(t, phone, testkit.FormValues("action", "scan")), http.StatusBadRequest, "userid")
}
