package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// Every single-use thing the mock hands out is redeemed exactly once when
// racers call its real endpoint at the same moment; the losers get the
// refusal WeCom gives a used value. Things WeCom lets a caller reuse
// (user_tickets, for their 1800 s) are raced too: every call wins.

// racers is how many concurrent redemptions each row makes.
const racers = 1000

// maxConns is how many of them are in the server at once.
const maxConns = 64

// attempt is one redemption: won reports a success, refused a refusal of
// the kind a used value gets; anything else is an error. It runs off the
// test goroutine, so it reports instead of failing.
type attempt func(i int) (won bool, err error)

type singleUse struct {
	name string
	// reusable rows expect every racer to win.
	reusable bool
	// issue makes one single-use value on a fresh server and returns how
	// to redeem it.
	issue func(t *testing.T, srv *mockserver.Server) attempt
}

// Not parallel with other tests: its rows load the machine hard, which
// would starve the tests that time short server timeouts. Its rows run in
// parallel among themselves.
func TestSingleUseRedeemedOnce(t *testing.T) {
	for _, tc := range singleUses {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
			try := tc.issue(t, srv)
			wins, errs := race(t, try)
			for _, err := range errs[:min(len(errs), 5)] {
				t.Error(err)
			}
			if len(errs) > 0 {
				t.Fatalf("%d of %d attempts neither won nor were refused", len(errs), racers)
			}
			want := 1
			if tc.reusable {
				want = racers
			}
			if wins != want {
				t.Fatalf("%d of %d concurrent redemptions succeeded, want %d", wins, racers, want)
			}
			// Afterwards the value stays spent (or, reusable, still works).
			if won, err := try(racers); err != nil || won != tc.reusable {
				t.Fatalf("a later redemption: won %v, %v; want won %v", won, err, tc.reusable)
			}
		})
	}
}

// race runs racers attempts released at once and counts the wins.
func race(t *testing.T, try attempt) (wins int, errs []error) {
	var (
		n     atomic.Int32
		mu    sync.Mutex
		start = make(chan struct{})
		wg    sync.WaitGroup
	)
	for i := range racers {
		wg.Go(func() {
			<-start
			won, err := try(i)
			switch {
			case err != nil:
				mu.Lock()
				errs = append(errs, fmt.Errorf("attempt %d: %w", i, err))
				mu.Unlock()
			case won:
				n.Add(1)
			}
		})
	}
	close(start)
	testwait.Group(t, &wg)
	return int(n.Load()), errs
}

// raceClient holds up to maxConns connections to a server: the racers
// start together and the server handles maxConns of them at once, which
// under -race on a small machine costs a fraction of a connection each.
var raceClient = &http.Client{
	Timeout:       30 * time.Second,
	Transport:     &http.Transport{MaxConnsPerHost: maxConns, MaxIdleConnsPerHost: maxConns},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// send makes one request and reads the whole answer; body, if not nil, is
// sent as JSON, or as a form when it is url.Values.
func send(method, rawURL string, body any) (int, http.Header, []byte, error) {
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return 0, nil, nil, err
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, rawURL, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := raceClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw, err
}

// wecom is an API attempt: errcode 0 wins, loser refuses, anything else is
// an error.
func wecom(method string, rawURL func(i int) string, body func(i int) any, loser errcode.Code) attempt {
	return func(i int) (bool, error) {
		var b any
		if body != nil {
			b = body(i)
		}
		status, _, raw, err := send(method, rawURL(i), b)
		if err != nil {
			return false, err
		}
		var m struct {
			ErrCode *int `json:"errcode"`
		}
		if status != http.StatusOK || json.Unmarshal(raw, &m) != nil || m.ErrCode == nil {
			return false, fmt.Errorf("HTTP %d %s", status, raw)
		}
		switch *m.ErrCode {
		case 0:
			return true, nil
		case int(loser):
			return false, nil
		}
		return false, fmt.Errorf("errcode %d, want 0 or %d: %s", *m.ErrCode, loser, raw)
	}
}

// control is a control-API attempt: 200 wins, 409 (the state forbids it)
// refuses.
func control(method, rawURL string, body any) attempt {
	return func(int) (bool, error) {
		status, _, raw, err := send(method, rawURL, body)
		switch {
		case err != nil:
			return false, err
		case status == http.StatusOK:
			return true, nil
		case status == http.StatusConflict:
			return false, nil
		}
		return false, fmt.Errorf("HTTP %d %s", status, raw)
	}
}

func fixed(s string) func(int) string { return func(int) string { return s } }

func fixedBody(b any) func(int) any { return func(int) any { return b } }

// getuserinfo alternates the new and the old getuserinfo: both spend the
// same codes.
func getuserinfo(srv *mockserver.Server, tok, code string) func(int) string {
	return func(i int) string {
		if i%2 == 1 {
			return testkit.OAuthOldInfoURL(srv, tok, code)
		}
		return testkit.URL(srv, "/cgi-bin/auth/getuserinfo", "access_token", tok, "code", code)
	}
}

func mintCode(t *testing.T, srv *mockserver.Server, req mockserver.CodeRequest) string {
	t.Helper()
	c, err := srv.MintCode(req)
	if err != nil {
		t.Fatalf("MintCode(%+v): %v", req, err)
	}
	return c.Code
}

// addGroupMsg is a mass message (add_msg_template) for zhangsan to send.
func addGroupMsg(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	m := testkit.OK(t, testkit.ECPost(t, srv, testkit.ECToken(t, srv), "/cgi-bin/externalcontact/add_msg_template",
		map[string]any{"sender": "zhangsan", "text": map[string]any{"content": "群发"}}))
	return testkit.Str(t, m, "msgid")
}

func suiteToken(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	return testkit.SuiteToken(t, srv, testkit.ThirdSuite, "mock-suite-secret")
}

var singleUses = []singleUse{
	{name: "oauth code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		code := mintCode(t, srv, mockserver.CodeRequest{Kind: "oauth", CorpID: testkit.Corp1, AgentID: testkit.AgentID, UserID: "zhangsan"})
		return wecom(http.MethodGet, getuserinfo(srv, testkit.AppToken(t, srv), code), nil, errcode.InvalidCode)
	}},
	{name: "qr login code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		l, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: testkit.AppCallback})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.ScanQRLogin(l.Key, mockserver.LoginAs{UserID: "lisi"}); err != nil {
			t.Fatal(err)
		}
		if l, err = srv.ConfirmQRLogin(l.Key); err != nil {
			t.Fatal(err)
		}
		return wecom(http.MethodGet, getuserinfo(srv, testkit.AppToken(t, srv), l.Code), nil, errcode.InvalidCode)
	}},
	{name: "qr login confirm", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		l, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: testkit.AppCallback})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.ScanQRLogin(l.Key, mockserver.LoginAs{UserID: "lisi"}); err != nil {
			t.Fatal(err)
		}
		return control(http.MethodPost, srv.URL()+"/_mock/qrlogins/"+l.Key+"/confirm", nil)
	}},
	{name: "qr login scan", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		l, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: testkit.AppCallback})
		if err != nil {
			t.Fatal(err)
		}
		return control(http.MethodPost, srv.URL()+"/_mock/qrlogins/"+l.Key+"/scan", map[string]string{"userid": "lisi"})
	}},
	{name: "group message task sent", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		msgID := addGroupMsg(t, srv)
		return control(http.MethodPost, srv.URL()+"/_mock/externalcontact/groupmsg/send",
			map[string]string{"corpid": testkit.Corp1, "msgid": msgID, "userid": "zhangsan"})
	}},
	{name: "group message cancelled", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		msgID := addGroupMsg(t, srv)
		u := testkit.URL(srv, "/cgi-bin/externalcontact/cancel_groupmsg_send", "access_token", testkit.ECToken(t, srv))
		return wecom(http.MethodPost, fixed(u), fixedBody(map[string]string{"msgid": msgID}), errcode.GroupMsgCancelled)
	}},
	{name: "next login", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan", CorpID: testkit.Corp1}); err != nil {
			t.Fatal(err)
		}
		page := testkit.AuthorizeURL(srv)
		// The queued login logs in one page at once; the others show the
		// member list.
		return func(int) (bool, error) {
			status, h, raw, err := send(http.MethodGet, page, nil)
			switch {
			case err != nil:
				return false, err
			case status == http.StatusFound && strings.HasPrefix(h.Get("Location"), testkit.AppCallback+"?code="):
				return true, nil
			case status == http.StatusOK:
				return false, nil
			}
			return false, fmt.Errorf("HTTP %d %s", status, raw)
		}
	}},
	{name: "mini program code across corps", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
		toks := []string{testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)}
		return wecom(http.MethodGet, func(i int) string { return testkit.SessionURL(srv, toks[i%2], code) }, nil, errcode.InvalidCode)
	}},
	{name: "suite mini program code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "lisi"})
		u := testkit.SuiteURL(srv, "/cgi-bin/service/miniprogram/jscode2session", suiteToken(t, srv), "js_code", code, "grant_type", "authorization_code")
		return wecom(http.MethodGet, fixed(u), nil, errcode.InvalidCode)
	}},
	{name: "suite oauth code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan"})
		tok := suiteToken(t, srv)
		return wecom(http.MethodGet, func(i int) string {
			path := "/cgi-bin/service/auth/getuserinfo3rd"
			if i%2 == 1 {
				path = "/cgi-bin/service/getuserinfo3rd"
			}
			return testkit.SuiteURL(srv, path, tok, "code", code)
		}, nil, errcode.InvalidCode)
	}},
	{name: "pre_auth_code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		pre := testkit.PreAuthCode(t, srv, suiteToken(t, srv))
		const back = "http://127.0.0.1:8443/installed"
		form := url.Values{"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "redirect_uri": {back},
			"state": {"s"}, "admin": {testkit.Corp2 + " zhaoliu"}, "scope": {"default"}}
		// The install page redirects once with an auth_code; it refuses a
		// spent pre_auth_code with an error page.
		return func(int) (bool, error) {
			status, h, raw, err := send(http.MethodPost, srv.URL()+"/3rdapp/install", form)
			switch {
			case err != nil:
				return false, err
			case status == http.StatusFound && strings.Contains(h.Get("Location"), "auth_code="):
				return true, nil
			case status == http.StatusBadRequest && bytes.Contains(raw, []byte("pre_auth_code")):
				return false, nil
			}
			return false, fmt.Errorf("HTTP %d %s %s", status, h.Get("Location"), raw)
		}
	}},
	{name: "auth_code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
		tok := suiteToken(t, srv)
		return wecom(http.MethodPost, func(i int) string {
			if i%2 == 1 {
				return testkit.SuiteURL(srv, "/cgi-bin/service/v2/get_permanent_code", tok)
			}
			return testkit.SuiteURL(srv, "/cgi-bin/service/get_permanent_code", tok)
		}, fixedBody(map[string]string{"auth_code": in.AuthCode}), errcode.InvalidAuthCode)
	}},
	{name: "provider login auth_code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		page := testkit.PageURL(srv, "/wwopen/sso/3rd_qrConnect", []string{
			"appid", "wwmockprovider0001", "redirect_uri", testkit.AppCallback, "state", "xyz", "usertype", "admin"})
		r := testkit.PostForm(t, srv.URL()+"/wwmock/sso3rd/choose", testkit.AuthorizeForm(t, page, "member", testkit.Corp1+" zhangsan"))
		loc, err := url.Parse(r.Header.Get("Location"))
		if r.Status != http.StatusFound || err != nil || loc.Query().Get("auth_code") == "" {
			t.Fatalf("provider login: %s, Location %q", r, r.Header.Get("Location"))
		}
		m := testkit.OK(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
			map[string]string{"corpid": "wwmockprovider0001", "provider_secret": "mock-provider-secret"}))
		u := testkit.URL(srv, "/cgi-bin/service/get_login_info", "provider_access_token", testkit.Str(t, m, "provider_access_token"))
		return wecom(http.MethodPost, fixed(u), fixedBody(map[string]string{"auth_code": loc.Query().Get("auth_code")}), errcode.InvalidCode)
	}},
	{name: "welcome code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
			CorpID: testkit.Corp1, UserID: "zhangsan",
			Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat, Gender: 2},
		})
		if err != nil {
			t.Fatal(err)
		}
		u := testkit.URL(srv, "/cgi-bin/externalcontact/send_welcome_msg", "access_token", testkit.ECToken(t, srv))
		body := map[string]any{"welcome_code": added.WelcomeCode, "text": map[string]any{"content": "你好"}}
		return wecom(http.MethodPost, fixed(u), fixedBody(body), errcode.InvalidWelcomeCode)
	}},
	{name: "template card response_code", issue: func(t *testing.T, srv *mockserver.Server) attempt {
		tok := testkit.AppToken(t, srv)
		sent := testkit.MsgSendOK(t, srv, tok, testkit.MsgCard("zhangsan", testkit.ValidCard("button_interaction", "task-once")))
		if sent.ResponseCode == "" {
			t.Fatal("message/send of a button card gave no response_code")
		}
		u := testkit.URL(srv, "/cgi-bin/message/update_template_card", "access_token", tok)
		body := map[string]any{"userids": []string{"zhangsan"}, "agentid": testkit.AgentID, "response_code": sent.ResponseCode,
			"button": map[string]any{"replace_name": "已处理"}}
		return wecom(http.MethodPost, fixed(u), fixedBody(body), errcode.CodeAlreadyUsed)
	}},
	// WeCom documents a user_ticket as valid for 1800 s, not as single use
	// (https://developer.work.weixin.qq.com/document/path/96442): the mock
	// lets every call read it.
	{name: "user_ticket (reusable)", reusable: true, issue: func(t *testing.T, srv *mockserver.Server) attempt {
		tok := testkit.AppToken(t, srv)
		code := mintCode(t, srv, mockserver.CodeRequest{Kind: "oauth", CorpID: testkit.Corp1, AgentID: testkit.AgentID, UserID: "zhangsan", Scope: "snsapi_privateinfo"})
		ticket := testkit.Str(t, testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/auth/getuserinfo", "access_token", tok, "code", code)), "user_ticket")
		u := testkit.URL(srv, "/cgi-bin/auth/getuserdetail", "access_token", tok)
		return wecom(http.MethodPost, fixed(u), fixedBody(map[string]string{"user_ticket": ticket}), errcode.InvalidCode)
	}},
	{name: "suite user_ticket (reusable)", reusable: true, issue: func(t *testing.T, srv *mockserver.Server) attempt {
		// Only a member of a corp that installed the suite gets a ticket.
		testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
		tok := suiteToken(t, srv)
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp2, UserID: "zhaoliu", Scope: "snsapi_privateinfo"})
		ticket := testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", tok, "code", code)), "user_ticket")
		u := testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserdetail3rd", tok)
		return wecom(http.MethodPost, fixed(u), fixedBody(map[string]string{"user_ticket": ticket}), errcode.InvalidCode)
	}},
}
