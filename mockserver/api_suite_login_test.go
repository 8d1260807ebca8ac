package mockserver_test

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// mintSuite mints a suite login code through the Go API.
func mintSuite(t testing.TB, srv *mockserver.Server, suiteID string, req mockserver.SuiteCodeRequest) string {
	t.Helper()
	c, err := srv.MintSuiteCode(suiteID, req)
	if err != nil {
		t.Fatalf("MintSuiteCode(%s, %+v): %v", suiteID, req, err)
	}
	if c.ExpiresIn != 300 {
		t.Fatalf("suite code valid %d s, want 300", c.ExpiresIn)
	}
	return c.Code
}

func TestSuiteJSCode2Session(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := suiteToken(t, srv, thirdSuite, thirdSecret)
	dkTok := suiteToken(t, srv, dkSuite, dkSecret)
	install(t, srv, thirdSuite, mockserver.InstallRequest{CorpID: corp1})
	session := func(tok, code string) string {
		return suiteURL(srv, "/cgi-bin/service/miniprogram/jscode2session", tok, "js_code", code, "grant_type", "authorization_code")
	}
	type sessionBody struct {
		ErrCode    int    `json:"errcode"`
		ErrMsg     string `json:"errmsg"`
		CorpID     string `json:"corpid"`
		UserID     string `json:"userid"`
		SessionKey string `json:"session_key"`
		OpenUserID string `json:"open_userid"`
	}
	code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp1, UserID: "zhangsan"})
	// Another suite's token: refused, the code stays unspent.
	wecomError(t, session(dkTok, code), errcode.InvalidCode)
	b := decodeStrict[sessionBody](t, okBody(t, get(t, session(tok, code))))
	if b.CorpID != corp1 || b.UserID != "zhangsan" || b.OpenUserID != "wwopen-zhangsan" || len(b.SessionKey) != 24 {
		t.Errorf("session %+v", b)
	}
	wecomError(t, session(tok, code), errcode.InvalidCode)
	wecomError(t, session(tok, ""), errcode.InvalidCode)

	// A member of a corp that has not installed the suite: the userid is
	// hidden (the mock answers the open_userid in its place).
	code = mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp2, UserID: "zhaoliu"})
	b = decodeStrict[sessionBody](t, okBody(t, get(t, session(tok, code))))
	if b.CorpID != corp2 || b.UserID == "zhaoliu" || b.UserID != b.OpenUserID {
		t.Errorf("uninstalled corp session %+v", b)
	}

	code = mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp1, UserID: "lisi"})
	srv.Advance(5 * time.Minute)
	tok = suiteToken(t, srv, thirdSuite, thirdSecret)
	wecomError(t, session(tok, code), errcode.InvalidCode)
	// An OAuth code is not a mini-program code.
	code = mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "lisi"})
	wecomError(t, session(tok, code), errcode.InvalidCode)
}

func TestSuiteGetUserInfo3rd(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := suiteToken(t, srv, thirdSuite, thirdSecret)
	dkTok := suiteToken(t, srv, dkSuite, dkSecret)
	install(t, srv, thirdSuite, mockserver.InstallRequest{CorpID: corp1,
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}}})
	info := func(tok, code string) string {
		return suiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", tok, "code", code)
	}
	type infoBody struct {
		ErrCode    int    `json:"errcode"`
		ErrMsg     string `json:"errmsg"`
		CorpID     string `json:"corpid"`
		UserID     string `json:"userid"`
		UserTicket string `json:"user_ticket"`
		ExpiresIn  int    `json:"expires_in"`
		OpenUserID string `json:"open_userid"`
		OpenID     string `json:"openid"`
	}
	t.Run("base", func(t *testing.T) {
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "zhangsan"})
		wecomError(t, info(dkTok, code), errcode.RedirectDomainMismatch) // another suite; unspent
		r := get(t, info(tok, code))
		b := decodeStrict[infoBody](t, okBody(t, r))
		if b.CorpID != corp1 || b.UserID != "zhangsan" || b.OpenUserID == "" || b.UserTicket != "" {
			t.Errorf("answer %s", r.Body)
		}
		if m := decodeMap(t, r.Body); m["expires_in"] != nil || m["openid"] != nil {
			t.Errorf("base login carries expires_in or openid: %s", r.Body)
		}
		wecomError(t, info(tok, code), errcode.InvalidCode)
	})
	t.Run("privateinfo", func(t *testing.T) {
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "zhangsan", Scope: "snsapi_privateinfo"})
		b := decodeStrict[infoBody](t, okBody(t, get(t, info(tok, code))))
		if b.UserTicket == "" || b.ExpiresIn != 1800 {
			t.Fatalf("privateinfo answer %+v", b)
		}
		detail := postSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok, map[string]string{"user_ticket": b.UserTicket})
		d := decodeStrict[struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
			CorpID  string `json:"corpid"`
			UserID  string `json:"userid"`
			Name    string `json:"name"`
			Gender  string `json:"gender"`
			Avatar  string `json:"avatar"`
			QRCode  string `json:"qr_code"`
			Mobile  string `json:"mobile"`
			Email   string `json:"email"`
			BizMail string `json:"biz_mail"`
			Address string `json:"address"`
		}](t, okBody(t, detail))
		if d.CorpID != corp1 || d.UserID != "zhangsan" || d.Gender != "1" || d.Mobile != "13800000001" {
			t.Errorf("getuserdetail3rd %s", detail.Body)
		}
		assertWeComError(t, postSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", dkTok,
			map[string]string{"user_ticket": b.UserTicket}), errcode.RedirectDomainMismatch)
		assertWeComError(t, postSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok,
			map[string]string{"user_ticket": "nope"}), errcode.InvalidCode)
		assertWeComError(t, postSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok,
			map[string]string{}), errcode.InvalidParameter)
	})
	t.Run("privateinfo outside the range", func(t *testing.T) {
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "wangwu", Scope: "snsapi_privateinfo"})
		if b := decodeStrict[infoBody](t, okBody(t, get(t, info(tok, code)))); b.UserTicket != "" || b.UserID != "wangwu" {
			t.Errorf("answer %+v: want the userid and no ticket", b)
		}
	})
	t.Run("visitor", func(t *testing.T) {
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, OpenID: "oVisitor"})
		r := get(t, info(tok, code))
		if string(r.Body) != `{"errcode":0,"errmsg":"ok","openid":"oVisitor"}` {
			t.Errorf("visitor answer %s", r.Body)
		}
	})
	t.Run("errors", func(t *testing.T) {
		wecomError(t, info(tok, ""), errcode.CodeMissing)
		wecomError(t, info(tok, "nope"), errcode.InvalidCode)
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp1, UserID: "zhangsan"})
		wecomError(t, info(tok, code), errcode.InvalidCode) // a mini-program code
	})
	t.Run("old PascalCase endpoint", func(t *testing.T) {
		code := mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "lisi", DeviceID: "dev-1"})
		r := get(t, suiteURL(srv, "/cgi-bin/service/getuserinfo3rd", tok, "code", code))
		b := decodeStrict[struct {
			ErrCode    int    `json:"errcode"`
			ErrMsg     string `json:"errmsg"`
			CorpID     string `json:"CorpId"`
			UserID     string `json:"UserId"`
			DeviceID   string `json:"DeviceId"`
			OpenUserID string `json:"open_userid"`
		}](t, okBody(t, r))
		if b.CorpID != corp1 || b.UserID != "lisi" || b.DeviceID != "dev-1" || b.OpenUserID == "" {
			t.Errorf("old answer %s", r.Body)
		}
		code = mintSuite(t, srv, thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1})
		r = get(t, suiteURL(srv, "/cgi-bin/service/getuserinfo3rd", tok, "code", code))
		if m := decodeMap(t, r.Body); m["OpenId"] == nil || m["UserId"] != nil {
			t.Errorf("old visitor answer %s", r.Body)
		}
	})
}

func TestMintSuiteCodeErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tests := []struct {
		suite  string
		body   mockserver.SuiteCodeRequest
		status int
		inMsg  string
	}{
		{"nosuch", mockserver.SuiteCodeRequest{CorpID: corp1, UserID: "zhangsan"}, 404, `suite "nosuch" not found`},
		{thirdSuite, mockserver.SuiteCodeRequest{UserID: "zhangsan"}, 400, `"corpid" is required`},
		{thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp1}, 400, `"userid" is required`},
		{thirdSuite, mockserver.SuiteCodeRequest{CorpID: "nosuch", UserID: "zhangsan"}, 404, `corp "nosuch" not found`},
		{thirdSuite, mockserver.SuiteCodeRequest{CorpID: corp1, UserID: "ghost"}, 404, `no member "ghost"`},
		{thirdSuite, mockserver.SuiteCodeRequest{Kind: "sms", CorpID: corp1, UserID: "zhangsan"}, 400, `"kind"`},
		{thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, Scope: "x"}, 400, `"scope"`},
		{thirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corp1, UserID: "zhangsan", OpenID: "o"}, 400, `"openid"`},
	}
	for _, tt := range tests {
		r := sendJSON(t, "POST", srv.URL()+"/_mock/suites/"+tt.suite+"/codes", tt.body)
		controlError(t, r, tt.status, tt.inMsg)
	}
	controlError(t, sendJSON(t, "POST", srv.URL()+"/_mock/suites/"+thirdSuite+"/codes", `{"corpid":"x","bogus":1}`), 400, "bogus")
	m := controlJSON(t, sendJSON(t, "POST", srv.URL()+"/_mock/suites/"+thirdSuite+"/codes",
		map[string]string{"corpid": corp1, "userid": "zhangsan"}), 200)
	if str(t, m, "code") == "" || num(t, m, "expires_in") != 300 {
		t.Errorf("minted %v", m)
	}
}
