package suites_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// End to end, as a service provider's backend lives it: every suite_ticket,
// auth code and event reaches the vendor through its callback receiver
// (client/callback, decrypting with receiveid = SuiteId), and the vendor
// only uses what it received.

// A 代开发 template: suite_ticket → suite_access_token → the admin scans the
// authorization QR code (create_auth) → get_permanent_code (no
// access_token) → the permanent code as corpsecret at gettoken → user/get
// inside the authorized range; then reset_permanent_code, change_auth and
// cancel_auth.
func TestSuiteEndToEndCustomized(t *testing.T) {
	t.Parallel()
	vendor := testkit.NewSuiteReceiver(t, testkit.DKSuite)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.SuiteWorld(t, nil, vendor, true)), mockserver.WithFrozenClock())

	// The first ticket comes when the server starts; the next ten minutes
	// (of virtual time) later.
	first := testkit.Await[*callback.SuiteTicketEvent](t, vendor)
	if first.SuiteId != testkit.DKSuite || first.InfoType != "suite_ticket" {
		t.Fatalf("first push %+v", first)
	}
	srv.Advance(10 * time.Minute)
	ticket := testkit.Await[*callback.SuiteTicketEvent](t, vendor)
	if ticket.SuiteTicket == first.SuiteTicket || ticket.TimeStamp != srv.Now().Unix() {
		t.Fatalf("second push %+v", ticket)
	}
	r := testkit.PostSuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret, ticket.SuiteTicket)
	suiteTok := testkit.DecodeStrict[testkit.SuiteTokenBody](t, testkit.OKBody(t, r)).SuiteAccessToken

	// The corp admin authorizes the template (QR code in the provider's
	// console → create_auth), granting 研发部.
	in, err := srv.InstallSuite(testkit.DKSuite, mockserver.InstallRequest{
		CorpID: testkit.Corp1, UserID: "zhangsan", Market: true, State: "dk-state",
		Privilege: testkit.Privilege(nil, []int{2}),
	})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDelivered(t, srv, in.CreateAuth.DeliveryID)
	created := testkit.Await[*callback.CreateAuthEvent](t, vendor)
	if created.State != "dk-state" || created.AuthCode == "" {
		t.Fatalf("create_auth %+v", created)
	}
	r = testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": created.AuthCode})
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, r))
	if pc.AccessToken != "" || !pc.AuthInfo.Agent[0].IsCustomizedApp || pc.AuthCorpInfo.CorpID != testkit.Corp1 {
		t.Fatalf("get_permanent_code %s", r.Body)
	}
	agent := pc.AuthInfo.Agent[0].AgentID

	// The permanent code is the app's corpsecret.
	tok := testkit.GetToken(t, srv, pc.AuthCorpInfo.CorpID, pc.PermanentCode)
	if tok.ExpiresIn != 7200 {
		t.Errorf("expires_in %d", tok.ExpiresIn)
	}
	u := testkit.GetOK(t, testkit.UserGetURL(srv, tok.AccessToken, "zhangsan"))
	if testkit.Str(t, u, "name") != "张三" {
		t.Errorf("user/get %v", u)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok.AccessToken, "lisi"))
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok.AccessToken, "wangwu"), errcode.NoPrivilege)
	sendText(t, srv, tok.AccessToken, agent, "zhangsan")

	// The provider resets the secret: the vendor exchanges the new auth code.
	reset, err := srv.ResetPermanentCode(testkit.DKSuite, testkit.Corp1)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDelivered(t, srv, reset.DeliveryID)
	rp := testkit.Await[*callback.ResetPermanentCodeEvent](t, vendor)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", pc.PermanentCode), errcode.InvalidCredential)
	newCode := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code",
		suiteTok, map[string]string{"auth_code": rp.AuthCode}))).PermanentCode
	if newCode == pc.PermanentCode {
		t.Fatal("reset_permanent_code gave the old code back")
	}
	tok2 := testkit.Token(t, srv, testkit.Corp1, newCode)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok2, "zhangsan"))

	// The admin widens the range to 市场部: change_auth, and the token sees it.
	changed, err := srv.ChangeSuiteAuth(testkit.DKSuite, mockserver.ChangeAuthRequest{CorpID: testkit.Corp1, Privilege: testkit.Privilege(nil, []int{2, 3})})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDelivered(t, srv, changed.DeliveryID)
	if ev := testkit.Await[*callback.ChangeAuthEvent](t, vendor); ev.AuthCorpId != testkit.Corp1 {
		t.Errorf("change_auth %+v", ev)
	}
	info := testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_auth_info", suiteTok,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": newCode}))
	parties := testkit.As[[]any](t, testkit.As[map[string]any](t, testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.As[map[string]any](t, info["auth_info"])["agent"])[0])["privilege"])["allow_party"])
	if len(parties) != 2 {
		t.Errorf("allow_party after change_auth %v", parties)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok2, "wangwu"))

	// The corp uninstalls: cancel_auth; the secret and its tokens are dead.
	canceled, err := srv.CancelSuiteAuth(testkit.DKSuite, testkit.Corp1)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDelivered(t, srv, canceled.DeliveryID)
	if ev := testkit.Await[*callback.CancelAuthEvent](t, vendor); ev.AuthCorpId != testkit.Corp1 {
		t.Errorf("cancel_auth %+v", ev)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok2, "zhangsan"), errcode.InvalidAccessToken)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", newCode), errcode.InvalidCredential)
}

// A third-party app: suite_ticket → suite_access_token → pre_auth_code →
// the admin's browser on the install page → redirect with auth_code →
// get_permanent_code → get_corp_token → user/get and the suite's logins;
// later the suite token expires (42009) and a fresh ticket renews it.
func TestSuiteEndToEndThirdParty(t *testing.T) {
	t.Parallel()
	vendor := testkit.NewSuiteReceiver(t, testkit.ThirdSuite)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.SuiteWorld(t, vendor, nil, false)), mockserver.WithFrozenClock())

	ticket := testkit.Await[*callback.SuiteTicketEvent](t, vendor)
	suiteTok := testkit.DecodeStrict[testkit.SuiteTokenBody](t, testkit.OKBody(t,
		testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, ticket.SuiteTicket))).SuiteAccessToken
	pre := testkit.PreAuthCode(t, srv, suiteTok)

	// The admin's browser: the install page, pick corp 1 as zhangsan, agree.
	// On loopback: a suite without trusted_domains installs only there.
	const vendorCB = "http://127.0.0.1:8443/wecom/installed"
	page := testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, vendorCB, "xyz"))
	if page.Status != http.StatusOK {
		t.Fatalf("install page: %s", page)
	}
	r := testkit.SubmitInstall(t, srv, url.Values{
		"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "redirect_uri": {vendorCB},
		"state": {"xyz"}, "admin": {testkit.Corp1 + " zhangsan"}, "scope": {"default"},
	})
	if r.Status != http.StatusFound {
		t.Fatalf("install: %s", r)
	}
	back, _ := url.Parse(r.Header.Get("Location"))
	if back.Scheme+"://"+back.Host+back.Path != vendorCB || back.Query().Get("state") != "xyz" {
		t.Fatalf("redirect %s", back)
	}

	// The vendor's redirect handler exchanges the auth_code.
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code",
		suiteTok, map[string]string{"auth_code": back.Query().Get("auth_code")})))
	if pc.AccessToken == "" || pc.AuthInfo.Agent[0].IsCustomizedApp || pc.AuthUserInfo.UserID != "zhangsan" {
		t.Fatalf("get_permanent_code %+v", pc)
	}
	// A third-party permanent code is not a corpsecret.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", pc.PermanentCode), errcode.InvalidCredential)
	corpTok := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token", suiteTok,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}))).AccessToken
	// A third-party app reads the userid where the name would be
	// (https://developer.work.weixin.qq.com/document/path/96269 适配建议).
	if testkit.Str(t, testkit.GetOK(t, testkit.UserGetURL(srv, corpTok, "wangwu")), "name") != "wangwu" {
		t.Error("the whole-corp install cannot read wangwu, or reads the name a third party may not see")
	}
	sendText(t, srv, corpTok, pc.AuthInfo.Agent[0].AgentID, "wangwu")

	// A member opens the suite's mini program and its web page.
	js := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "lisi"})
	sess := testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/miniprogram/jscode2session", suiteTok, "js_code", js, "grant_type", "authorization_code"))
	if testkit.Str(t, sess, "userid") != "lisi" || testkit.Str(t, sess, "corpid") != testkit.Corp1 {
		t.Errorf("jscode2session %v", sess)
	}
	oauth := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan"})
	who := testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", suiteTok, "code", oauth))
	if testkit.Str(t, who, "userid") != "zhangsan" {
		t.Errorf("getuserinfo3rd %v", who)
	}

	// Two hours later both tokens have expired; the tickets kept coming.
	srv.Advance(2 * time.Hour)
	testkit.WeComError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token", suiteTok,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}), errcode.SuiteAccessTokenExpired)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, corpTok, "zhangsan"), errcode.AccessTokenExpired)
	latest := lastTicket(t, vendor, srv)
	suiteTok2 := testkit.DecodeStrict[testkit.SuiteTokenBody](t, testkit.OKBody(t, testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, latest))).SuiteAccessToken
	if suiteTok2 == suiteTok {
		t.Error("an expired suite token came back")
	}
	corpTok2 := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token", suiteTok2,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}))).AccessToken
	testkit.GetOK(t, testkit.UserGetURL(srv, corpTok2, "zhangsan"))
}

// lastTicket drains the vendor's pushes until it holds the ticket the mock
// says is the newest.
func lastTicket(t testing.TB, vendor *testkit.SuiteReceiver, srv *mockserver.Server) string {
	t.Helper()
	want := testkit.SuiteTicket(t, srv, testkit.ThirdSuite)
	for {
		if ev := testkit.Await[*callback.SuiteTicketEvent](t, vendor); ev.SuiteTicket == want {
			return want
		}
	}
}

// sendText sends a text message with tok as app agent and checks it landed.
func sendText(t testing.TB, srv *mockserver.Server, tok string, agent int, to string) {
	t.Helper()
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/message/send", "access_token", tok),
		map[string]any{"touser": to, "msgtype": "text", "agentid": agent, "text": map[string]string{"content": "hi"}}))
	if got := srv.Messages(mockserver.MessageFilter{AgentID: agent, ToUser: to}); len(got) != 1 {
		t.Errorf("inbox for agent %d to %s: %d messages", agent, to, len(got))
	}
}
