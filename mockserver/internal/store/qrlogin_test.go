package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

const (
	qrCorp  = "wwmockcorp000001"
	qrAgent = 1000002
	qrCB    = "http://127.0.0.1:3000/cb"
)

func startQR(t *testing.T, s *Store) QRLogin {
	t.Helper()
	l, err := s.StartQRLogin(QRLoginStart{CorpID: qrCorp, AgentID: qrAgent, RedirectURI: qrCB, State: "st"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != QRWaiting || len(l.Key) != 32 || !l.ExpiresAt.Equal(l.IssuedAt.Add(QRLoginTTL)) {
		t.Fatalf("new login %+v", l)
	}
	return l
}

func wantState(t *testing.T, err error, status QRStatus) {
	t.Helper()
	var se *QRStateError
	if !errors.As(err, &se) || se.Status != status {
		t.Fatalf("error %v, want a QRStateError with status %s", err, status)
	}
}

func TestStartQRLoginValidation(t *testing.T) {
	s := ourTestStore(t, nil)
	tests := []struct {
		req  QRLoginStart
		want error
	}{
		{QRLoginStart{CorpID: "nope", AgentID: qrAgent, RedirectURI: qrCB}, ErrCorpNotFound},
		{QRLoginStart{CorpID: qrCorp, AgentID: 1, RedirectURI: qrCB}, ErrAppNotFound},
		{QRLoginStart{CorpID: qrCorp, AgentID: qrAgent, RedirectURI: "/cb"}, ErrBadRedirectURI},
		{QRLoginStart{CorpID: qrCorp, AgentID: qrAgent, RedirectURI: "https://evil.example.net/cb"}, ErrRedirectUntrusted},
	}
	for _, tt := range tests {
		if _, err := s.StartQRLogin(tt.req); !errors.Is(err, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.req, err, tt.want)
		}
	}
}

func TestQRLoginConfirmIssuesQRCode(t *testing.T) {
	s := ourTestStore(t, nil)
	l := startQR(t, s)
	if _, err := s.ConfirmQRLogin(l.Key); err == nil {
		t.Fatal("confirm before scan accepted")
	} else {
		wantState(t, err, QRWaiting)
	}
	got, err := s.ScanQRLogin(l.Key, Who{UserID: "ZhangSan"})
	if err != nil || got.Status != QRScanned || got.UserID != "zhangsan" {
		t.Fatalf("scan: %+v, %v", got, err)
	}
	_, err = s.ScanQRLogin(l.Key, Who{UserID: "lisi"})
	wantState(t, err, QRScanned)

	got, err = s.ConfirmQRLogin(l.Key)
	if err != nil || got.Status != QRConfirmed || got.Code == "" {
		t.Fatalf("confirm: %+v, %v", got, err)
	}
	_, err = s.ConfirmQRLogin(l.Key)
	wantState(t, err, QRConfirmed)
	_, err = s.CancelQRLogin(l.Key)
	wantState(t, err, QRConfirmed)

	// The code is a QRCode: redeemed like an OAuth code, never a ticket,
	// bound to the app, single use.
	if _, err := s.RedeemOAuthCode(got.Code, "wwmockcorp000002", qrAgent); !errors.Is(err, ErrCodeOtherApp) {
		t.Errorf("other corp: %v", err)
	}
	login, err := s.RedeemOAuthCode(got.Code, qrCorp, qrAgent)
	if err != nil || login.UserID != "zhangsan" || login.Ticket != nil || login.Code.Kind != QRCode || login.Code.RedirectURI != qrCB {
		t.Fatalf("redeem: %+v, %v", login, err)
	}
	if _, err := s.RedeemOAuthCode(got.Code, qrCorp, qrAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("second use: %v", err)
	}
	// Once confirmed, the login stays confirmed after its QR lifetime.
	s.Clock().Advance(QRLoginTTL)
	if got, _ := s.QRLogin(l.Key); got.Status != QRConfirmed {
		t.Errorf("confirmed login became %s", got.Status)
	}
}

func TestQRLoginVisitor(t *testing.T) {
	s := ourTestStore(t, nil)
	l := startQR(t, s)
	got, err := s.ScanQRLogin(l.Key, Who{Visitor: true})
	if err != nil || got.UserID != "" || got.OpenID != VisitorOpenID(qrCorp) {
		t.Fatalf("visitor scan: %+v, %v", got, err)
	}
	got, err = s.ConfirmQRLogin(l.Key)
	if err != nil {
		t.Fatal(err)
	}
	login, err := s.RedeemOAuthCode(got.Code, qrCorp, qrAgent)
	if err != nil || login.UserID != "" || login.OpenID != VisitorOpenID(qrCorp) {
		t.Errorf("visitor login %+v, %v", login, err)
	}

	l = startQR(t, s)
	if got, err := s.ScanQRLogin(l.Key, Who{OpenID: "oCustom"}); err != nil || got.OpenID != "oCustom" {
		t.Errorf("visitor with openid: %+v, %v", got, err)
	}
}

func TestQRLoginScanErrors(t *testing.T) {
	s := ourTestStore(t, nil)
	l := startQR(t, s)
	for _, who := range []Who{{}, {UserID: "lisi", Visitor: true}, {UserID: "lisi", OpenID: "o1"}} {
		if _, err := s.ScanQRLogin(l.Key, who); !errors.Is(err, ErrWhoLogsIn) {
			t.Errorf("%+v: %v", who, err)
		}
	}
	if _, err := s.ScanQRLogin(l.Key, Who{UserID: "zhaoliu"}); !errors.Is(err, ErrMemberNotFound) {
		t.Errorf("member of another corp: %v", err)
	}
	if _, err := s.ScanQRLogin("nope", Who{UserID: "lisi"}); !errors.Is(err, ErrQRLoginNotFound) {
		t.Errorf("unknown key: %v", err)
	}
	if got, _ := s.QRLogin(l.Key); got.Status != QRWaiting {
		t.Errorf("failed scans changed the login: %s", got.Status)
	}
}

func TestQRLoginCancel(t *testing.T) {
	s := ourTestStore(t, nil)
	waiting := startQR(t, s)
	if got, err := s.CancelQRLogin(waiting.Key); err != nil || got.Status != QRCancelled {
		t.Errorf("cancel waiting: %+v, %v", got, err)
	}
	scanned := startQR(t, s)
	if _, err := s.ScanQRLogin(scanned.Key, Who{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.CancelQRLogin(scanned.Key); err != nil || got.Status != QRCancelled || got.Code != "" {
		t.Errorf("cancel scanned: %+v, %v", got, err)
	}
	_, err := s.ConfirmQRLogin(scanned.Key)
	wantState(t, err, QRCancelled)
	_, err = s.CancelQRLogin(scanned.Key)
	wantState(t, err, QRCancelled)
}

func TestQRLoginExpiry(t *testing.T) {
	s := ourTestStore(t, nil)
	waiting := startQR(t, s)
	scanned := startQR(t, s)
	if _, err := s.ScanQRLogin(scanned.Key, Who{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	s.Clock().Advance(QRLoginTTL - time.Second)
	if got, _ := s.QRLogin(waiting.Key); got.Status != QRWaiting {
		t.Errorf("a second before expiry: %s", got.Status)
	}
	s.Clock().Advance(time.Second)
	for _, key := range []string{waiting.Key, scanned.Key} {
		if got, _ := s.QRLogin(key); got.Status != QRExpired {
			t.Errorf("after %s: %s", QRLoginTTL, got.Status)
		}
	}
	_, err := s.ScanQRLogin(waiting.Key, Who{UserID: "lisi"})
	wantState(t, err, QRExpired)
	_, err = s.ConfirmQRLogin(scanned.Key)
	wantState(t, err, QRExpired)
	_, err = s.CancelQRLogin(scanned.Key)
	wantState(t, err, QRExpired)
}

func TestQRLoginsListAndBound(t *testing.T) {
	s := ourTestStore(t, nil)
	var keys []string
	for range 3 {
		keys = append(keys, startQR(t, s).Key)
		s.Clock().Advance(time.Second)
	}
	ls := s.QRLogins()
	if len(ls) != 3 {
		t.Fatalf("%d logins", len(ls))
	}
	for i, l := range ls {
		if l.Key != keys[i] {
			t.Errorf("QRLogins()[%d] = %s, want oldest first", i, l.Key)
		}
	}
	for range maxQRLogins + 10 {
		startQR(t, s)
	}
	if n := len(s.QRLogins()); n > maxQRLogins {
		t.Errorf("%d logins kept, bound is %d", n, maxQRLogins)
	}
	s.Reset()
	if n := len(s.QRLogins()); n != 0 {
		t.Errorf("Reset kept %d logins", n)
	}
}

func TestQRCodeKind(t *testing.T) {
	s := ourTestStore(t, nil)
	req := MintRequest{Kind: QRCode, CorpID: qrCorp, AgentID: qrAgent, UserID: "lisi", Scope: ScopePrivateInfo}
	if _, err := s.MintCode(req); !errors.Is(err, ErrScopeForQRCode) {
		t.Errorf("privateinfo qrcode: %v", err)
	}
	req.Scope = ""
	c, err := s.MintCode(req)
	if err != nil || c.Kind != QRCode || c.Scope != ScopeBase {
		t.Fatalf("mint: %+v, %v", c, err)
	}
	if _, err := s.RedeemCode(c.Value, MiniProgramCode, qrCorp, qrAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("a qrcode code at jscode2session: %v", err)
	}
	if login, err := s.RedeemOAuthCode(c.Value, qrCorp, qrAgent); err != nil || login.UserID != "lisi" {
		t.Errorf("redeem: %+v, %v", login, err)
	}
}

func TestNextLoginQueue(t *testing.T) {
	s := ourTestStore(t, nil)
	bad := []struct {
		n    NextLogin
		want error
	}{
		{NextLogin{}, ErrWhoLogsIn},
		{NextLogin{Who: Who{UserID: "lisi", Visitor: true}}, ErrWhoLogsIn},
		{NextLogin{Who: Who{UserID: "nobody"}}, ErrMemberNotFound},
		{NextLogin{CorpID: "wwmockcorp000002", Who: Who{UserID: "lisi"}}, ErrMemberNotFound},
		{NextLogin{CorpID: "nope", Who: Who{Visitor: true}}, ErrCorpNotFound},
	}
	for _, tt := range bad {
		if err := s.QueueNextLogin(tt.n); !errors.Is(err, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.n, err, tt.want)
		}
	}
	queue := []NextLogin{
		{CorpID: "wwmockcorp000002", Who: Who{UserID: "zhaoliu"}},
		{Who: Who{UserID: "zhangsan"}},
		{Who: Who{Visitor: true, OpenID: "oX"}},
	}
	for _, n := range queue {
		if err := s.QueueNextLogin(n); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.NextLogins(); len(got) != 3 {
		t.Fatalf("queue %+v", got)
	}
	// Corp 1's page skips corp 2's entry; corp 2's page takes it.
	if n, ok := s.TakeNextLogin(qrCorp); !ok || n.Who.UserID != "zhangsan" {
		t.Errorf("first for corp 1: %+v, %v", n, ok)
	}
	if n, ok := s.TakeNextLogin("wwmockcorp000002"); !ok || n.Who.UserID != "zhaoliu" {
		t.Errorf("first for corp 2: %+v, %v", n, ok)
	}
	if n, ok := s.TakeNextLogin(qrCorp); !ok || n.Who.OpenID != "oX" {
		t.Errorf("then: %+v, %v", n, ok)
	}
	if _, ok := s.TakeNextLogin(qrCorp); ok {
		t.Error("empty queue gave an entry")
	}

	for range maxNextLogins {
		if err := s.QueueNextLogin(NextLogin{Who: Who{Visitor: true}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.QueueNextLogin(NextLogin{Who: Who{Visitor: true}}); !errors.Is(err, ErrNextLoginsFull) {
		t.Errorf("past the bound: %v", err)
	}
	s.ClearNextLogins()
	if len(s.NextLogins()) != 0 {
		t.Error("ClearNextLogins kept entries")
	}
	if err := s.QueueNextLogin(NextLogin{Who: Who{Visitor: true}}); err != nil {
		t.Fatal(err)
	}
	s.Reset()
	if len(s.NextLogins()) != 0 {
		t.Error("Reset kept the queue")
	}
}

func TestLoginCandidates(t *testing.T) {
	w := fixtures.Default()
	s := ourTestStore(t, w)
	all, total, err := s.LoginCandidates(qrCorp, qrAgent, "", 100)
	if err != nil || total != 4 || len(all) != 4 {
		t.Fatalf("candidates %+v, %d, %v", all, total, err)
	}
	var order []string
	for _, c := range all {
		order = append(order, fmt.Sprintf("%s:%v", c.UserID, c.Visible))
	}
	if got, want := fmt.Sprint(order), "[zhangsan:true lisi:true wangwu:false zhouqi:true]"; got != want {
		t.Errorf("order and visibility %s, want %s (fixture order)", got, want)
	}
	if all[0].Name != "张三" || all[0].Alias != "Zhang San" || fmt.Sprint(all[0].Departments) != "[研发部]" {
		t.Errorf("zhangsan %+v", all[0])
	}
	for q, want := range map[string]string{"LISI": "lisi", "王": "wangwu", "平台组": "lisi", "试点用户": "zhouqi", "zhang san": "zhangsan"} {
		got, n, _ := s.LoginCandidates(qrCorp, qrAgent, q, 100)
		if n != 1 || got[0].UserID != want {
			t.Errorf("query %q: %+v", q, got)
		}
	}
	page, total, _ := s.LoginCandidates(qrCorp, qrAgent, "", 2)
	if len(page) != 2 || total != 4 {
		t.Errorf("limit 2: %d of %d", len(page), total)
	}
	if _, _, err := s.LoginCandidates("nope", qrAgent, "", 1); !errors.Is(err, ErrCorpNotFound) {
		t.Error(err)
	}
	if _, _, err := s.LoginCandidates(qrCorp, 1, "", 1); !errors.Is(err, ErrAppNotFound) {
		t.Error(err)
	}
	if _, err := s.LoginCandidate(qrCorp, qrAgent, "nobody"); !errors.Is(err, ErrMemberNotFound) {
		t.Error(err)
	}
	app, err := s.LoginApp(qrCorp, qrAgent)
	if err != nil || app.CorpName != "模拟科技有限公司" || app.AppName != "模拟应用" || len(app.TrustedDomains) != 2 {
		t.Errorf("LoginApp %+v, %v", app, err)
	}
}

func TestAppsTrusting(t *testing.T) {
	w := fixtures.Default()
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{
		AgentID: 1000003, Name: "Portal", Secret: "portal-secret",
		TrustedDomains: []string{"portal.example.com", "localhost"},
	})
	s := ourTestStore(t, w)
	for uri, want := range map[string]string{
		"https://portal.example.com/cb": "[1000003]",
		"http://localhost:3000/cb":      "[1000002 1000003]",
		"https://other.example.com/":    "[]",
	} {
		ids, err := s.AppsTrusting(qrCorp, uri)
		if err != nil || fmt.Sprint(ids) != want {
			t.Errorf("%s: %v, %v; want %s", uri, ids, err, want)
		}
	}
	if _, err := s.AppsTrusting("nope", "http://localhost/"); !errors.Is(err, ErrCorpNotFound) {
		t.Error(err)
	}
}
