package login_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// oauthMint mints an OAuth code through the Go API.
func oauthMint(t *testing.T, srv *mockserver.Server, req mockserver.CodeRequest) string {
	t.Helper()
	req.Kind = "oauth"
	if req.CorpID == "" {
		req.CorpID = testkit.Corp1
	}
	if req.AgentID == 0 {
		req.AgentID = testkit.AgentID
	}
	c, err := srv.MintCode(req)
	if err != nil {
		t.Fatalf("MintCode(%+v): %v", req, err)
	}
	if c.Code == "" || c.ExpiresIn != 300 {
		t.Fatalf("MintCode returned %+v, want a code valid 300 s", c)
	}
	return c.Code
}

func oauthInfoURL(srv *mockserver.Server, tok, code string, extra ...string) string {
	return testkit.URL(srv, "/cgi-bin/auth/getuserinfo", append([]string{"access_token", tok, "code", code}, extra...)...)
}

// oauthKeys asserts a success body has exactly the given keys besides
// errcode and errmsg, all JSON strings unless named in numbers, and returns it.
func oauthKeys(t *testing.T, r *testkit.Resp, keys []string, numbers ...string) map[string]any {
	t.Helper()
	m := testkit.OK(t, r)
	var got []string
	for k := range m {
		if k != "errcode" && k != "errmsg" {
			got = append(got, k)
		}
	}
	slices.Sort(got)
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v: %s", got, want, r.Body)
	}
	for _, k := range keys {
		if slices.Contains(numbers, k) {
			testkit.Num(t, m, k)
		} else {
			testkit.Str(t, m, k)
		}
	}
	return m
}

func TestOAuthMemberLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	code := oauthMint(t, srv, mockserver.CodeRequest{UserID: "zhangsan"})

	m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, code)), []string{"userid"})
	if m["userid"] != "zhangsan" {
		t.Errorf("userid %v", m["userid"])
	}
	// Single use.
	testkit.GetWeComError(t, oauthInfoURL(srv, tok, code), errcode.InvalidCode)
	// Userids come back as stored, whatever case they were minted with; and
	// a member outside the visible range still logs in (without a ticket).
	code = oauthMint(t, srv, mockserver.CodeRequest{UserID: "WangWu"})
	if m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, code)), []string{"userid"}); m["userid"] != "wangwu" {
		t.Errorf("userid %v, want wangwu", m["userid"])
	}
}

func TestOAuthCodeExpiresAfterFiveMinutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	early := oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi"})
	late := oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi"})
	srv.Advance(testkit.CodeTTL - time.Second)
	tok := testkit.AppToken(t, srv)
	oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, early)), []string{"userid"})
	srv.Advance(time.Second) // exactly 5 minutes
	testkit.GetWeComError(t, oauthInfoURL(srv, tok, late), errcode.InvalidCode)
}

func TestOAuthCodeErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)

	testkit.GetWeComError(t, oauthInfoURL(srv, tok, "no-such-code"), errcode.InvalidCode)
	testkit.GetWeComError(t, testkit.OAuthOldInfoURL(srv, tok, "no-such-code"), errcode.InvalidCode)

	// A mini program code is not an OAuth code, nor the other way round.
	mp := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "lisi")
	testkit.GetWeComError(t, oauthInfoURL(srv, tok, mp), errcode.InvalidCode)
	oc := oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi"})
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, oc), errcode.InvalidCode)
	oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oc)), []string{"userid"})

	// No code at all: 41008 missing code.
	for _, u := range []string{
		testkit.URL(srv, "/cgi-bin/auth/getuserinfo", "access_token", tok),
		testkit.URL(srv, "/cgi-bin/user/getuserinfo", "access_token", tok, "code", ""),
	} {
		r := testkit.Get(t, u)
		m := testkit.DecodeMap(t, r.Body)
		if testkit.ErrCode(t, m) != 41008 {
			t.Fatalf("%s: %s, want 41008", u, r.Body)
		}
		re := regexp.MustCompile(`^missing code` + testkit.HintSuffix + `41008$`)
		if msg := testkit.Str(t, m, "errmsg"); !re.MatchString(msg) {
			t.Errorf("errmsg %q does not match %s", msg, re)
		}
	}
	// Token errors come first.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/auth/getuserinfo", "code", oc), errcode.AccessTokenMissing)
}

// TestOAuthCodeOfAnotherApp: a code is bound to the app (corp, agentid) it
// was minted through; any other token gets 50001 and does not spend it.
func TestOAuthCodeOfAnotherApp(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwoauth
    name: 登录公司
    contacts_secret: cs
    apps:
      - {agentid: 1000001, name: 甲, secret: s1, visible: {departments: [1]}, trusted_domains: [app.example.com]}
      - {agentid: 1000002, name: 乙, secret: s2, visible: {departments: [1]}}
    departments:
      - {id: 1, name: 根, parentid: 0}
    members:
      - {userid: a, name: A, department: [1], mobile: "13800000000", gender: "2", email: a@x.example, avatar: "https://x.example/a/0"}
  - corpid: wwother
    name: 别家
    apps:
      - {agentid: 1000001, name: 丙, secret: s3, visible: {departments: [1]}}
    departments:
      - {id: 1, name: 根, parentid: 0}
    members:
      - {userid: a, name: A, department: [1], mobile: "13800000001"}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	own, sibling := testkit.Token(t, srv, "wwoauth", "s1"), testkit.Token(t, srv, "wwoauth", "s2")
	contacts, foreign := testkit.Token(t, srv, "wwoauth", "cs"), testkit.Token(t, srv, "wwother", "s3")

	code := oauthMint(t, srv, mockserver.CodeRequest{CorpID: "wwoauth", AgentID: 1000001, UserID: "a"})
	for _, tok := range []string{sibling, contacts, foreign} {
		testkit.GetWeComError(t, oauthInfoURL(srv, tok, code), errcode.RedirectDomainMismatch)
		testkit.GetWeComError(t, testkit.OAuthOldInfoURL(srv, tok, code, "agentid", "1000001"), errcode.RedirectDomainMismatch)
	}
	if m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, own, code)), []string{"userid"}); m["userid"] != "a" {
		t.Errorf("the code's own app: %v", m)
	}

	// The redirect_uri the code was issued for must be under the app's
	// trusted domains (exact host, default port); else 50001, code unspent.
	tests := []struct {
		uri  string
		want errcode.Code
	}{
		{"https://app.example.com/cb?from=oauth", errcode.OK},
		{"http://APP.example.com/cb", errcode.OK},
		{"https://app.example.com:8443/cb", errcode.RedirectDomainMismatch},
		{"https://sub.app.example.com/cb", errcode.RedirectDomainMismatch},
		{"https://evil.example.net/cb", errcode.RedirectDomainMismatch},
		// This app trusts no loopback host.
		{"http://localhost:3000/cb", errcode.RedirectDomainMismatch},
	}
	for _, tt := range tests {
		code := oauthMint(t, srv, mockserver.CodeRequest{CorpID: "wwoauth", AgentID: 1000001, UserID: "a", RedirectURI: tt.uri})
		if tt.want == errcode.OK {
			oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, own, code)), []string{"userid"})
			continue
		}
		for range 2 { // refused, not spent: the second try is 50001 again, not 40029
			testkit.GetWeComError(t, oauthInfoURL(srv, own, code), tt.want)
		}
	}
	// An app without any trusted domain accepts no redirect_uri.
	code = oauthMint(t, srv, mockserver.CodeRequest{CorpID: "wwoauth", AgentID: 1000002, UserID: "a", RedirectURI: "https://app.example.com/"})
	testkit.GetWeComError(t, oauthInfoURL(srv, sibling, code), errcode.RedirectDomainMismatch)
}

func TestOAuthLocalhostRedirect(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t) // trusted_domains: [localhost, 127.0.0.1]
	tok := testkit.AppToken(t, srv)
	for _, uri := range []string{"http://localhost:3000/auth/callback", "http://localhost/cb", "https://127.0.0.1:8443/cb"} {
		code := oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi", RedirectURI: uri})
		oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, code)), []string{"userid"})
	}
}

func TestOAuthVisitor(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)

	first := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{}))), []string{"openid"})
	second := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{Scope: "snsapi_privateinfo"}))), []string{"openid"})
	openid := testkit.Str(t, first, "openid")
	if second["openid"] != openid {
		t.Errorf("the default visitor's openid changed: %q then %q", openid, second["openid"])
	}
	if len(openid) != 28 || !strings.HasPrefix(openid, "o") {
		t.Errorf("openid %q", openid)
	}
	// Another corp's default visitor has another openid.
	other := oauthMint(t, srv, mockserver.CodeRequest{CorpID: testkit.Corp2})
	m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), other)), []string{"openid"})
	if m["openid"] == openid {
		t.Error("two corps share the default visitor's openid")
	}
	// A chosen openid.
	code := oauthMint(t, srv, mockserver.CodeRequest{OpenID: "oVisitorChosen0000000000000"})
	if m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, code)), []string{"openid"}); m["openid"] != "oVisitorChosen0000000000000" {
		t.Errorf("openid %v", m["openid"])
	}
}

func TestOAuthPrivateInfoUserTicket(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)

	// Base scope: no ticket even for a visible member.
	oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{UserID: "zhangsan"}))), []string{"userid"})
	// privateinfo, member outside the visible range: no ticket.
	m := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{UserID: "wangwu", Scope: "snsapi_privateinfo"}))), []string{"userid"})
	if m["userid"] != "wangwu" {
		t.Errorf("userid %v", m["userid"])
	}
	// privateinfo, visible through a tag: a ticket.
	m = oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{UserID: "zhouqi", Scope: "snsapi_privateinfo"}))), []string{"userid", "user_ticket"})
	if m["userid"] != "zhouqi" {
		t.Errorf("userid %v", m["userid"])
	}
	// privateinfo, visible through a department.
	m = oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{UserID: "zhangsan", Scope: "snsapi_privateinfo"}))), []string{"userid", "user_ticket"})
	ticket := testkit.Str(t, m, "user_ticket")

	detail := oauthDetail(t, srv, tok, ticket)
	want := oauthDetailBody{
		UserID: "zhangsan", Gender: "1",
		Avatar:  "https://wework.qpic.cn/wwhead/mock-zhangsan/0",
		QRCode:  "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=mockzhangsan",
		Mobile:  "13800000001",
		Email:   "zhangsan@mock.example.com",
		BizMail: "zhangsan@mockcorp.example.com",
		Address: "北京市海淀区模拟路1号",
	}
	if detail != want {
		t.Errorf("getuserdetail\n got %+v\nwant %+v", detail, want)
	}

	// Valid 1800 s, any number of times; then 40029.
	srv.Advance(1799 * time.Second)
	tok = testkit.AppToken(t, srv)
	if d := oauthDetail(t, srv, tok, ticket); d.UserID != "zhangsan" {
		t.Errorf("at 1799 s: %+v", d)
	}
	srv.Advance(time.Second)
	r := testkit.SendJSON(t, http.MethodPost, oauthDetailURL(srv, tok), map[string]string{"user_ticket": ticket})
	testkit.WeComError(t, r, errcode.InvalidCode)
}

type oauthDetailBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	UserID  string `json:"userid"`
	Gender  string `json:"gender"`
	Avatar  string `json:"avatar"`
	QRCode  string `json:"qr_code"`
	Mobile  string `json:"mobile"`
	Email   string `json:"email"`
	BizMail string `json:"biz_mail"`
	Address string `json:"address"`
}

func oauthDetailURL(srv *mockserver.Server, tok string) string {
	return testkit.URL(srv, "/cgi-bin/auth/getuserdetail", "access_token", tok)
}

// oauthDetail calls getuserdetail and checks every field is a JSON string.
func oauthDetail(t *testing.T, srv *mockserver.Server, tok, ticket string) oauthDetailBody {
	t.Helper()
	r := testkit.SendJSON(t, http.MethodPost, oauthDetailURL(srv, tok), map[string]string{"user_ticket": ticket})
	oauthKeys(t, r, []string{"userid", "gender", "avatar", "qr_code", "mobile", "email", "biz_mail", "address"})
	b := testkit.DecodeStrict[oauthDetailBody](t, r.Body)
	b.ErrMsg = "" // compared without it
	return b
}

func TestOAuthUserDetailErrors(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwdetail
    name: 详情公司
    contacts_secret: cs
    apps:
      - {agentid: 1000001, name: 甲, secret: s1, visible: {departments: [1]}}
      - {agentid: 1000002, name: 乙, secret: s2, visible: {departments: [1]}}
    departments:
      - {id: 1, name: 根, parentid: 0}
    members:
      - {userid: sparse, name: 稀疏, department: [1], mobile: "13800000000"}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	s1, s2, cs := testkit.Token(t, srv, "wwdetail", "s1"), testkit.Token(t, srv, "wwdetail", "s2"), testkit.Token(t, srv, "wwdetail", "cs")
	code := oauthMint(t, srv, mockserver.CodeRequest{CorpID: "wwdetail", AgentID: 1000001, UserID: "sparse", Scope: "snsapi_privateinfo"})
	ticket := testkit.Str(t, oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, s1, code)), []string{"userid", "user_ticket"}), "user_ticket")

	// The app has no sensitive_fields, but consent is consent: the detail
	// is there, gender "0" when unknown, empty strings for the rest.
	d := oauthDetail(t, srv, s1, ticket)
	if d.UserID != "sparse" || d.Gender != "0" || d.Mobile != "13800000000" || d.Email != "" {
		t.Errorf("detail %+v", d)
	}

	post := func(tok string, body any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, oauthDetailURL(srv, tok), body)
	}
	testkit.WeComError(t, post(s2, map[string]string{"user_ticket": ticket}), errcode.RedirectDomainMismatch)
	testkit.WeComError(t, post(cs, map[string]string{"user_ticket": ticket}), errcode.RedirectDomainMismatch)
	testkit.WeComError(t, post(s1, map[string]string{"user_ticket": "forged"}), errcode.InvalidCode)
	testkit.WeComError(t, post(s1, `{}`), errcode.InvalidParameter)
	testkit.WeComError(t, post(s1, `{"user_ticket":42}`), errcode.InvalidParameter)
	testkit.WeComError(t, testkit.Get(t, oauthDetailURL(srv, s1)), errcode.InvalidParameter) // POST API called with GET
	r := post(s1, `{"user_ticket":`)
	m := testkit.DecodeMap(t, r.Body)
	if testkit.ErrCode(t, m) != int(errcode.InvalidParameter) || !strings.HasPrefix(testkit.Str(t, m, "errmsg"), "Warning: wrong json format.") {
		t.Errorf("malformed JSON: %s", r.Body)
	}
	// Still valid for its own app after all that.
	oauthDetail(t, srv, s1, ticket)
}

func TestOAuthOldGetUserInfo(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)

	// Member, base scope: UserId and DeviceId (empty), PascalCase.
	r := testkit.Get(t, testkit.OAuthOldInfoURL(srv, tok, oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi"}), "agentid", "1000002"))
	m := oauthKeys(t, r, []string{"UserId", "DeviceId"})
	if m["UserId"] != "lisi" || m["DeviceId"] != "" {
		t.Errorf("old getuserinfo: %s", r.Body)
	}
	// With a device id.
	code := oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi", DeviceID: "dev-001"})
	if m := oauthKeys(t, testkit.Get(t, testkit.OAuthOldInfoURL(srv, tok, code)), []string{"UserId", "DeviceId"}); m["DeviceId"] != "dev-001" {
		t.Errorf("DeviceId %v", m["DeviceId"])
	}
	// privateinfo: user_ticket and expires_in (a number, 1800).
	code = oauthMint(t, srv, mockserver.CodeRequest{UserID: "zhangsan", Scope: "snsapi_privateinfo"})
	m = oauthKeys(t, testkit.Get(t, testkit.OAuthOldInfoURL(srv, tok, code)), []string{"UserId", "DeviceId", "user_ticket", "expires_in"}, "expires_in")
	if testkit.Num(t, m, "expires_in") != 1800 {
		t.Errorf("expires_in %v", m["expires_in"])
	}
	if d := oauthDetail(t, srv, tok, testkit.Str(t, m, "user_ticket")); d.UserID != "zhangsan" {
		t.Errorf("detail through the old endpoint's ticket: %+v", d)
	}
	// Visitor: OpenId (and DeviceId).
	code = oauthMint(t, srv, mockserver.CodeRequest{OpenID: "oOldVisitor"})
	if m := oauthKeys(t, testkit.Get(t, testkit.OAuthOldInfoURL(srv, tok, code)), []string{"OpenId", "DeviceId"}); m["OpenId"] != "oOldVisitor" {
		t.Errorf("OpenId %v", m["OpenId"])
	}
	// Single use across both endpoints.
	code = oauthMint(t, srv, mockserver.CodeRequest{UserID: "lisi"})
	oauthKeys(t, testkit.Get(t, testkit.OAuthOldInfoURL(srv, tok, code)), []string{"UserId", "DeviceId"})
	testkit.GetWeComError(t, oauthInfoURL(srv, tok, code), errcode.InvalidCode)
	testkit.GetWeComError(t, testkit.OAuthOldInfoURL(srv, tok, code), errcode.InvalidCode)
}

func TestOAuthMintErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct {
		name     string
		req      mockserver.CodeRequest
		notFound bool
		inMsg    string
	}{
		{"bad scope", mockserver.CodeRequest{UserID: "lisi", Scope: "snsapi_userinfo"}, false, "snsapi_userinfo"},
		{"relative redirect", mockserver.CodeRequest{UserID: "lisi", RedirectURI: "/cb"}, false, "redirect_uri"},
		{"ftp redirect", mockserver.CodeRequest{UserID: "lisi", RedirectURI: "ftp://localhost/x"}, false, "redirect_uri"},
		{"openid with userid", mockserver.CodeRequest{UserID: "lisi", OpenID: "oX"}, false, "openid"},
		{"unknown member", mockserver.CodeRequest{UserID: "nobody"}, true, "nobody"},
		{"unknown app", mockserver.CodeRequest{AgentID: 7, UserID: "lisi"}, true, "7"},
		{"unknown corp", mockserver.CodeRequest{CorpID: "wwnope", UserID: "lisi"}, true, "wwnope"},
	}
	for _, tt := range tests {
		req := tt.req
		req.Kind = "oauth"
		if req.CorpID == "" {
			req.CorpID = testkit.Corp1
		}
		if req.AgentID == 0 {
			req.AgentID = testkit.AgentID
		}
		_, err := srv.MintCode(req)
		me, ok := err.(*mockserver.Error)
		if !ok {
			t.Errorf("%s: err %v, want a *Error", tt.name, err)
			continue
		}
		if (me.Status == http.StatusNotFound) != tt.notFound || !strings.Contains(me.Msg, tt.inMsg) {
			t.Errorf("%s: %+v, want NotFound=%v and a reason mentioning %q", tt.name, me, tt.notFound, tt.inMsg)
		}
	}
	// A mini program code still needs a userid.
	if _, err := srv.MintCode(mockserver.CodeRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID}); err == nil {
		t.Error("a mini program code without userid was minted")
	}
}

func TestOAuthMintOverControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"oauth","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan","scope":"snsapi_privateinfo","redirect_uri":"http://localhost:8080/cb","deviceid":"d1"}`)
	m := testkit.ControlJSON(t, r, http.StatusOK)
	if testkit.Num(t, m, "expires_in") != 300 {
		t.Errorf("expires_in %v", m["expires_in"])
	}
	info := oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, testkit.Str(t, m, "code"))), []string{"userid", "user_ticket"})
	if info["userid"] != "zhangsan" {
		t.Errorf("userid %v", info["userid"])
	}

	// A visitor code needs no userid.
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes", `{"kind":"oauth","corpid":"wwmockcorp000001","agentid":1000002}`)
	m = testkit.ControlJSON(t, r, http.StatusOK)
	oauthKeys(t, testkit.Get(t, oauthInfoURL(srv, tok, testkit.Str(t, m, "code"))), []string{"openid"})

	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes", `{"kind":"oauth","corpid":"wwmockcorp000001","agentid":1000002,"scope":"snsapi_login"}`)
	testkit.ControlError(t, r, http.StatusBadRequest, "snsapi_login")
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes", `{"kind":"oauth","corpid":"wwmockcorp000001","agentid":1000002,"userid":"ghost"}`)
	testkit.ControlError(t, r, http.StatusNotFound, "ghost")
}
