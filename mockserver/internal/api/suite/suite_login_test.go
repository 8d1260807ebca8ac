package suite_test

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestSuiteJSCode2Session(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	session := func(tok, code string) string {
		return testkit.SuiteURL(srv, "/cgi-bin/service/miniprogram/jscode2session", tok, "js_code", code, "grant_type", "authorization_code")
	}
	type sessionBody struct {
		ErrCode    int    `json:"errcode"`
		ErrMsg     string `json:"errmsg"`
		CorpID     string `json:"corpid"`
		UserID     string `json:"userid"`
		SessionKey string `json:"session_key"`
		OpenUserID string `json:"open_userid"`
		DeviceID   string `json:"deviceid"`
	}
	code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	// Another suite's token: refused, the code stays unspent.
	testkit.GetWeComError(t, session(dkTok, code), errcode.InvalidCode)
	b := testkit.DecodeStrict[sessionBody](t, testkit.OKBody(t, testkit.Get(t, session(tok, code))))
	if b.CorpID != testkit.Corp1 || b.UserID != "zhangsan" || b.OpenUserID != "wwopen-zhangsan" || len(b.SessionKey) != 24 {
		t.Errorf("session %+v", b)
	}
	testkit.GetWeComError(t, session(tok, code), errcode.InvalidCode)
	testkit.GetWeComError(t, session(tok, ""), errcode.CodeMissing)

	// A member of a corp that has not installed the suite: the userid is
	// hidden (the mock answers the open_userid in its place).
	code = testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
	b = testkit.DecodeStrict[sessionBody](t, testkit.OKBody(t, testkit.Get(t, session(tok, code))))
	if b.CorpID != testkit.Corp2 || b.UserID == "zhaoliu" || b.UserID != b.OpenUserID {
		t.Errorf("uninstalled corp session %+v", b)
	}

	code = testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "lisi"})
	srv.Advance(5 * time.Minute)
	tok = testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	testkit.GetWeComError(t, session(tok, code), errcode.InvalidCode)
	// An OAuth code is not a mini-program code.
	code = testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "lisi"})
	testkit.GetWeComError(t, session(tok, code), errcode.InvalidCode)
}

func TestSuiteGetUserInfo3rd(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1,
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}}})
	info := func(tok, code string) string {
		return testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", tok, "code", code)
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
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan"})
		testkit.GetWeComError(t, info(dkTok, code), errcode.RedirectDomainMismatch) // another suite; unspent
		r := testkit.Get(t, info(tok, code))
		b := testkit.DecodeStrict[infoBody](t, testkit.OKBody(t, r))
		if b.CorpID != testkit.Corp1 || b.UserID != "zhangsan" || b.OpenUserID == "" || b.UserTicket != "" {
			t.Errorf("answer %s", r.Body)
		}
		if m := testkit.DecodeMap(t, r.Body); m["expires_in"] != nil || m["openid"] != nil {
			t.Errorf("base login carries expires_in or openid: %s", r.Body)
		}
		testkit.GetWeComError(t, info(tok, code), errcode.InvalidCode)
	})
	t.Run("privateinfo", func(t *testing.T) {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan", Scope: "snsapi_privateinfo"})
		b := testkit.DecodeStrict[infoBody](t, testkit.OKBody(t, testkit.Get(t, info(tok, code))))
		if b.UserTicket == "" || b.ExpiresIn != 1800 {
			t.Fatalf("privateinfo answer %+v", b)
		}
		detail := testkit.PostSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok, map[string]string{"user_ticket": b.UserTicket})
		// path/91122: corpid, userid, name (the userid), gender, avatar and
		// qr_code — nothing else; DecodeStrict refuses any other field, so
		// a mobile, email, biz_mail or address in the answer fails here.
		d := testkit.DecodeStrict[struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
			CorpID  string `json:"corpid"`
			UserID  string `json:"userid"`
			Name    string `json:"name"`
			Gender  string `json:"gender"`
			Avatar  string `json:"avatar"`
			QRCode  string `json:"qr_code"`
		}](t, testkit.OKBody(t, detail))
		f := fixtures.Default().Corps[0].Members[0]
		if f.UserID != "zhangsan" {
			t.Fatalf("the default world's first member is %s", f.UserID)
		}
		if d.CorpID != testkit.Corp1 || d.UserID != "zhangsan" || d.Name != "zhangsan" || d.Gender != "1" ||
			d.Avatar != f.Avatar || d.QRCode != f.QRCode {
			t.Errorf("getuserdetail3rd %s", detail.Body)
		}
		testkit.WeComError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", dkTok,
			map[string]string{"user_ticket": b.UserTicket}), errcode.RedirectDomainMismatch)
		testkit.WeComError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok,
			map[string]string{"user_ticket": "nope"}), errcode.InvalidCode)
		testkit.WeComError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/auth/getuserdetail3rd", tok,
			map[string]string{}), errcode.InvalidParameter)
	})
	t.Run("privateinfo outside the range", func(t *testing.T) {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "wangwu", Scope: "snsapi_privateinfo"})
		if b := testkit.DecodeStrict[infoBody](t, testkit.OKBody(t, testkit.Get(t, info(tok, code)))); b.UserTicket != "" || b.UserID != "wangwu" {
			t.Errorf("answer %+v: want the userid and no ticket", b)
		}
	})
	t.Run("visitor", func(t *testing.T) {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, OpenID: "oVisitor"})
		r := testkit.Get(t, info(tok, code))
		if string(r.Body) != `{"errcode":0,"errmsg":"ok","openid":"oVisitor"}` {
			t.Errorf("visitor answer %s", r.Body)
		}
	})
	t.Run("errors", func(t *testing.T) {
		testkit.GetWeComError(t, info(tok, ""), errcode.CodeMissing)
		testkit.GetWeComError(t, info(tok, "nope"), errcode.InvalidCode)
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
		testkit.GetWeComError(t, info(tok, code), errcode.InvalidCode) // a mini-program code
	})
	t.Run("old PascalCase endpoint", func(t *testing.T) {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "lisi", DeviceID: "dev-1"})
		r := testkit.Get(t, testkit.SuiteURL(srv, "/cgi-bin/service/getuserinfo3rd", tok, "code", code))
		b := testkit.DecodeStrict[struct {
			ErrCode    int    `json:"errcode"`
			ErrMsg     string `json:"errmsg"`
			CorpID     string `json:"CorpId"`
			UserID     string `json:"UserId"`
			DeviceID   string `json:"DeviceId"`
			OpenUserID string `json:"open_userid"`
		}](t, testkit.OKBody(t, r))
		if b.CorpID != testkit.Corp1 || b.UserID != "lisi" || b.DeviceID != "dev-1" || b.OpenUserID == "" {
			t.Errorf("old answer %s", r.Body)
		}
		code = testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1})
		r = testkit.Get(t, testkit.SuiteURL(srv, "/cgi-bin/service/getuserinfo3rd", tok, "code", code))
		if m := testkit.DecodeMap(t, r.Body); m["OpenId"] == nil || m["UserId"] != nil {
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
		{"nosuch", mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan"}, 404, `suite "nosuch" not found`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{UserID: "zhangsan"}, 400, `"corpid" is required`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1}, 400, `"userid" is required`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: "nosuch", UserID: "zhangsan"}, 404, `corp "nosuch" not found`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "ghost"}, 404, `no member "ghost"`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "sms", CorpID: testkit.Corp1, UserID: "zhangsan"}, 400, `"kind"`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, Scope: "x"}, 400, `"scope"`},
		{testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan", OpenID: "o"}, 400, `"openid"`},
	}
	for _, tt := range tests {
		r := testkit.SendJSON(t, "POST", srv.URL()+"/_mock/suites/"+tt.suite+"/codes", tt.body)
		testkit.ControlError(t, r, tt.status, tt.inMsg)
	}
	testkit.ControlError(t, testkit.SendJSON(t, "POST", srv.URL()+"/_mock/suites/"+testkit.ThirdSuite+"/codes", `{"corpid":"x","bogus":1}`), 400, "bogus")
	m := testkit.ControlJSON(t, testkit.SendJSON(t, "POST", srv.URL()+"/_mock/suites/"+testkit.ThirdSuite+"/codes",
		map[string]string{"corpid": testkit.Corp1, "userid": "zhangsan"}), 200)
	if testkit.Str(t, m, "code") == "" || testkit.Num(t, m, "expires_in") != 300 {
		t.Errorf("minted %v", m)
	}
}

// TestSuiteJSCode2SessionParams: the suite form checks its query as the
// corp form does (D:92423): js_code missing 41008, grant_type other than
// authorization_code 40002 (the code stays unspent), and the code's device
// id comes back as deviceid.
func TestSuiteJSCode2SessionParams(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan", DeviceID: "dev-001"})
	const path = "/cgi-bin/service/miniprogram/jscode2session"
	tests := []struct {
		name  string
		query []string
		want  errcode.Code
	}{
		{"missing js_code", []string{"grant_type", "authorization_code"}, errcode.CodeMissing},
		{"empty js_code", []string{"js_code", "", "grant_type", "authorization_code"}, errcode.CodeMissing},
		{"missing grant_type", []string{"js_code", code}, errcode.InvalidGrantType},
		{"other grant_type", []string{"js_code", code, "grant_type", "client_credential"}, errcode.InvalidGrantType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.GetWeComError(t, testkit.SuiteURL(srv, path, tok, tt.query...), tt.want)
		})
	}
	m := testkit.GetJSON(t, testkit.SuiteURL(srv, path, tok, "js_code", code, "grant_type", "authorization_code"))
	if testkit.ErrCode(t, m) != 0 || m["userid"] != "zhangsan" || m["deviceid"] != "dev-001" {
		t.Errorf("session %v, want zhangsan on dev-001", m)
	}
}
