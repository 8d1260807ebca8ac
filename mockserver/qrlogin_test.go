package mockserver_test

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

// openQRPage opens the desktop QR-login page and returns its login.
func openQRPage(t *testing.T, srv *mockserver.Server, kv ...string) (mockserver.QRLogin, string) {
	t.Helper()
	body := wantPage(t, testkit.Get(t, qrLoginURL(srv, kv...)), http.StatusOK)
	m := regexp.MustCompile(`data-status-url="/_mock/qrlogins/([A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no status URL on the page:\n%s", body)
	}
	l, err := srv.QRLogin(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return l, body
}

// qrStatus reads a login through the control API, as the page's script does.
func qrStatus(t *testing.T, srv *mockserver.Server, key string) map[string]any {
	t.Helper()
	return testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/qrlogins/"+key), http.StatusOK)
}

func TestQRLoginDesktopPage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, body := openQRPage(t, srv)
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
	if l.Status != mockserver.QRWaiting || l.CorpID != testkit.Corp1 || l.AgentID != testkit.AgentID || l.RedirectURI != appCallback || l.State != "abc" {
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
	l, _ := openQRPage(t, srv)
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
	l, _ := openQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"

	wantPage(t, testkit.Get(t, phone), http.StatusOK, "扫码登录", `data-userid="zhangsan"`, `data-visitor="1"`, `name="action" value="scan"`)
	wantPage(t, testkit.Get(t, phone+"?q=李"), http.StatusOK, `data-userid="lisi"`)

	r := postForm(t, phone, formValues("action", "scan", "userid", "zhangsan"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/wwmock/qr/"+l.Key+"/phone" {
		t.Fatalf("scan answered %s %v", r, r.Header)
	}
	if m := qrStatus(t, srv, l.Key); m["status"] != "scanned" || m["userid"] != "zhangsan" || m["name"] != "张三" {
		t.Errorf("after the scan: %v", m)
	}
	wantPage(t, testkit.Get(t, phone), http.StatusOK, "张三", `value="confirm"`, `value="cancel"`)
	wantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "扫描成功", "张三")

	postForm(t, phone, formValues("action", "confirm"))
	wantPage(t, testkit.Get(t, phone), http.StatusOK, "已确认登录")
	m := qrStatus(t, srv, l.Key)
	code := testkit.Str(t, m, "code")
	if m["status"] != "confirmed" || testkit.Str(t, m, "redirect_url") != appCallback+"?code="+code+"&state=abc" || testkit.Num(t, m, "expires_in") != 0 {
		t.Fatalf("after the confirm: %v", m)
	}
	// The desktop page (reloaded without JavaScript) sends the browser on.
	got, state := redirected(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), appCallback+"?code=")
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
	l, _ := openQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	postForm(t, phone, formValues("action", "scan", "visitor", "1"))
	wantPage(t, testkit.Get(t, phone), http.StatusOK, "访客")
	postForm(t, phone, formValues("action", "confirm"))
	l, _ = srv.QRLogin(l.Key)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), l.Code)
	if err != nil || id.IsMember() || id.OpenID == "" {
		t.Errorf("visitor: %+v, %v", id, err)
	}
}

func TestQRLoginCancelled(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, _ := openQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	postForm(t, phone, formValues("action", "scan", "userid", "lisi"))
	postForm(t, phone, formValues("action", "cancel"))
	wantPage(t, testkit.Get(t, phone), http.StatusOK, "已取消登录")
	// A late confirm changes nothing.
	if r := postForm(t, phone, formValues("action", "confirm")); r.Status != http.StatusSeeOther {
		t.Errorf("late confirm: %s", r)
	}
	if m := qrStatus(t, srv, l.Key); m["status"] != "cancelled" || m["code"] != nil {
		t.Errorf("status %v", m)
	}
	body := wantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "你已取消此次登录", `id="retry-cancelled"`)
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
	l, _ := openQRPage(t, srv)
	srv.Advance(4 * time.Minute)
	if m := qrStatus(t, srv, l.Key); m["status"] != "waiting" || testkit.Num(t, m, "expires_in") != 60 {
		t.Errorf("after 4 minutes: %v", m)
	}
	srv.Advance(time.Minute)
	if m := qrStatus(t, srv, l.Key); m["status"] != "expired" || testkit.Num(t, m, "expires_in") != 0 {
		t.Errorf("after 5 minutes: %v", m)
	}
	body := wantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), http.StatusOK, "二维码已失效", `id="retry-expired"`,
		`href="/wwlogin/sso/login?agentid=1000002&amp;appid=wwmockcorp000001&amp;login_type=CorpApp&amp;redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb&amp;state=abc"`)
	if strings.Contains(body, `<section data-state="expired" hidden>`) {
		t.Error("the desktop page does not show the expired state")
	}
	wantPage(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key+"/phone"), http.StatusOK, "二维码已失效")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/qrlogins/"+l.Key+"/scan", `{"userid":"lisi"}`),
		http.StatusConflict, "expired", "start a new one")
}

func TestQRLoginControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	base := srv.URL() + "/_mock/qrlogins"
	start := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, base,
		`{"corpid":"wwmockcorp000001","agentid":1000002,"redirect_uri":"http://127.0.0.1:3000/cb","state":"xyz"}`), http.StatusOK)
	key := testkit.Str(t, start, "key")
	if start["status"] != "waiting" || start["phone_url"] != srv.URL()+"/wwmock/qr/"+key+"/phone" {
		t.Errorf("start answered %v", start)
	}
	list := testkit.ControlJSON(t, testkit.Get(t, base), http.StatusOK)
	if ls, _ := list["qrlogins"].([]any); len(ls) != 1 || ls[0].(map[string]any)["key"] != key {
		t.Errorf("list %v", list)
	}

	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/confirm", nil), http.StatusConflict, "waiting", "scan it first")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/scan", `{}`), http.StatusBadRequest, "userid")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/scan", `{"userid":"zhaoliu"}`), http.StatusNotFound, "zhaoliu")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/scan", `{"userid":"lisi","corpid":"wwmockcorp000002"}`), http.StatusBadRequest, "corp")
	scanned := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/scan", `{"userid":"lisi"}`), http.StatusOK)
	if scanned["status"] != "scanned" || scanned["name"] != "李四" {
		t.Errorf("scan answered %v", scanned)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/scan", `{"userid":"zhangsan"}`), http.StatusConflict, "scanned")
	done := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/confirm", nil), http.StatusOK)
	code := testkit.Str(t, done, "code")
	if done["redirect_url"] != appCallback+"?code="+code+"&state=xyz" {
		t.Errorf("confirm answered %v", done)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base+"/"+key+"/cancel", nil), http.StatusConflict, "confirmed")
	if id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code); err != nil || id.UserID != "lisi" {
		t.Errorf("exchange: %+v, %v", id, err)
	}

	other := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, base,
		`{"corpid":"wwmockcorp000001","agentid":1000002,"redirect_uri":"http://127.0.0.1:3000/cb"}`), http.StatusOK)
	if m := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, base+"/"+testkit.Str(t, other, "key")+"/cancel", nil), http.StatusOK); m["status"] != "cancelled" {
		t.Errorf("cancel answered %v", m)
	}

	for _, path := range []string{"/nope", "/nope/scan", "/nope/confirm", "/nope/cancel"} {
		method := http.MethodPost
		if path == "/nope" {
			method = http.MethodGet
		}
		testkit.ControlError(t, testkit.SendJSON(t, method, base+path, `{"userid":"lisi"}`), http.StatusNotFound, "no such QR login")
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base, `{"corpid":"wwmockcorp000001"}`), http.StatusBadRequest, "redirect_uri")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base,
		`{"corpid":"wwmockcorp000001","agentid":1000002,"redirect_uri":"https://evil.example.net/"}`), http.StatusBadRequest, "trusted_domains")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, base,
		`{"corpid":"wwnope","agentid":1000002,"redirect_uri":"http://127.0.0.1/"}`), http.StatusNotFound, "wwnope")
}

func TestQRLoginGoAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: appCallback})
	if err != nil {
		t.Fatal(err)
	}
	if l.PhoneURL != srv.URL()+"/wwmock/qr/"+l.Key+"/phone" {
		t.Errorf("PhoneURL %q", l.PhoneURL)
	}
	var le *mockserver.Error
	if _, err := srv.ConfirmQRLogin(l.Key); !errors.As(err, &le) || le.Status != http.StatusConflict {
		t.Errorf("confirm before scan: %v", err)
	}
	if _, err := srv.ScanQRLogin(l.Key, mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	l, err = srv.ConfirmQRLogin(l.Key)
	if err != nil || l.Status != mockserver.QRConfirmed || l.RedirectURL != appCallback+"?code="+l.Code+"&state=" {
		t.Fatalf("confirm: %+v, %v", l, err)
	}
	if _, err := srv.QRLogin("nope"); !errors.As(err, &le) || le.Status != http.StatusNotFound {
		t.Errorf("unknown key: %v", err)
	}
	if got := srv.QRLogins(); len(got) != 1 || got[0].Key != l.Key {
		t.Errorf("QRLogins() = %+v", got)
	}
	srv.Reset()
	if got := srv.QRLogins(); len(got) != 0 {
		t.Errorf("Reset kept %d QR logins", len(got))
	}
}

func TestQRLoginNextLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhouqi"}); err != nil {
		t.Fatal(err)
	}
	code, state := redirected(t, testkit.Get(t, qrLoginURL(srv)), appCallback+"?code=")
	if id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code); err != nil || id.UserID != "zhouqi" || state != "abc" {
		t.Errorf("next login through the QR page: %+v, %v", id, err)
	}
	if ls := srv.QRLogins(); len(ls) != 1 || ls[0].Status != mockserver.QRConfirmed || ls[0].UserID != "zhouqi" {
		t.Errorf("QRLogins() = %+v", ls)
	}
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhaoliu"}); err != nil {
		t.Fatal(err)
	}
	wantPage(t, testkit.Get(t, qrLoginURL(srv)), http.StatusBadRequest, "无法登录", "zhaoliu")
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
		{"ServiceApp", []string{"login_type", "ServiceApp"}, []string{"ServiceApp", "not emulated"}},
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
			wantPage(t, testkit.Get(t, qrLoginURL(srv, tt.kv...)), http.StatusBadRequest, tt.want...)
		})
	}
	// state is passed through as given; lang is accepted.
	l, _ := openQRPage(t, srv, "state", "any thing/ok", "lang", "en")
	if l.State != "any thing/ok" {
		t.Errorf("state %q", l.State)
	}
}

func TestOldQRConnect(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := pageURL(srv, "/wwopen/sso/qrConnect", []string{
		"appid", testkit.Corp1, "agentid", strconv.Itoa(testkit.AgentID), "redirect_uri", appCallback, "state", "old", "href", "https://example.com/panel.css",
	})
	body := wantPage(t, testkit.Get(t, u), http.StatusOK, "企业微信登录")
	if strings.Contains(body, "panel.css") {
		t.Error("the page loads the href stylesheet")
	}
	if ls := srv.QRLogins(); len(ls) != 1 || ls[0].State != "old" {
		t.Errorf("QRLogins() = %+v", ls)
	}
	wantPage(t, testkit.Get(t, pageURL(srv, "/wwopen/sso/qrConnect", []string{"appid", testkit.Corp1, "redirect_uri", appCallback})),
		http.StatusBadRequest, "无效的agentid参数")
}

func TestQRLoginUnknownKeyPages(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, p := range []string{"/wwmock/qr/nope", "/wwmock/qr/nope/phone"} {
		wantPage(t, testkit.Get(t, srv.URL()+p), http.StatusNotFound, "二维码已失效", "reset")
	}
	wantPage(t, postForm(t, srv.URL()+"/wwmock/qr/nope/phone", formValues("action", "confirm")), http.StatusNotFound, "二维码已失效")
	l, _ := openQRPage(t, srv)
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	wantPage(t, postForm(t, phone, formValues("action", "fly")), http.StatusBadRequest, "fly")
	wantPage(t, postForm(t, phone, formValues("action", "scan", "userid", "zhaoliu")), http.StatusBadRequest, "zhaoliu")
	wantPage(t, postForm(t, phone, formValues("action", "scan")), http.StatusBadRequest, "userid")
}

func TestMintQRCodeKind(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	m := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"qrcode","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan","redirect_uri":"http://127.0.0.1:3000/cb"}`), http.StatusOK)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), testkit.Str(t, m, "code"))
	if err != nil || id.UserID != "zhangsan" || id.UserTicket != "" {
		t.Errorf("qrcode code: %+v, %v", id, err)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"qrcode","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan","scope":"snsapi_privateinfo"}`),
		http.StatusBadRequest, "snsapi_base")
	visitor := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"qrcode","corpid":"wwmockcorp000001","agentid":1000002}`), http.StatusOK)
	if id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), testkit.Str(t, visitor, "code")); err != nil || id.OpenID == "" {
		t.Errorf("visitor qrcode code: %+v, %v", id, err)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"sms","corpid":"wwmockcorp000001","agentid":1000002,"userid":"lisi"}`), http.StatusBadRequest, "qrcode")
}
