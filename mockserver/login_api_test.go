package mockserver_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The Go and control APIs of logins: the next-login queue, QR logins and
// minted QR-login codes. The login pages' own tests are in
// internal/weblogin.

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
	if len(next) != 2 || testkit.As[map[string]any](t, next[0])["userid"] != "zhangsan" || testkit.As[map[string]any](t, next[1])["visitor"] != true {
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
	if ls, _ := list["qrlogins"].([]any); len(ls) != 1 || testkit.As[map[string]any](t, ls[0])["key"] != key {
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
	if done["redirect_url"] != testkit.AppCallback+"?code="+code+"&state=xyz" {
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
	l, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: testkit.AppCallback})
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
	if err != nil || l.Status != mockserver.QRConfirmed || l.RedirectURL != testkit.AppCallback+"?code="+l.Code+"&state=" {
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

// sdk is our client for an app of srv.
func sdk(srv *mockserver.Server, corpID, secret string) *client.Client {
	return client.New(corpID, secret, client.WithBaseURL(srv.URL()), client.WithClock(srv.Now),
		client.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
}
