package suites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

var clockStart = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func TestControlSuitesList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(clockStart))
	got := testkit.Control[struct {
		Suites []mockserver.SuiteStatus `json:"suites"`
	}](t, srv, http.MethodGet, "/_mock/suites", nil).Suites
	if len(got) != 2 || got[0].SuiteID != testkit.ThirdSuite || got[1].SuiteID != testkit.DKSuite {
		t.Fatalf("suites %+v", got)
	}
	third, dk := got[0], got[1]
	if third.Type != "third_party" || dk.Type != "customized" || third.Name != "模拟第三方应用" {
		t.Errorf("types/names %+v %+v", third, dk)
	}
	if third.Ticket == nil || !third.Ticket.IssuedAt.Equal(clockStart) || !third.Ticket.ExpiresAt.Equal(clockStart.Add(30*time.Minute)) {
		t.Errorf("ticket %+v: want the first push, issued at the start", third.Ticket)
	}
	if third.NextTicketAt == nil || !third.NextTicketAt.Equal(clockStart.Add(10*time.Minute)) {
		t.Errorf("next_ticket_at %v", third.NextTicketAt)
	}
	if third.SuiteAccessTokenExpiresAt != nil || len(third.Authorizations) != 0 {
		t.Errorf("third-party suite state %+v", third)
	}
	if len(dk.Authorizations) != 1 {
		t.Fatalf("dk authorizations %+v", dk.Authorizations)
	}
	a := dk.Authorizations[0]
	if a.CorpID != testkit.Corp1 || a.AgentID != testkit.DKAgent || a.PermanentCode != testkit.DKPermanent || a.AuthUserID != "zhangsan" ||
		len(a.Privilege.AllowParty) != 1 || a.Privilege.AllowParty[0] != 2 || a.Privilege.AllowUser == nil {
		t.Errorf("dk authorization %+v", a)
	}
	testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	one := testkit.Control[mockserver.SuiteStatus](t, srv, http.MethodGet, "/_mock/suites/"+testkit.ThirdSuite, nil)
	if one.SuiteAccessTokenExpiresAt == nil || !one.SuiteAccessTokenExpiresAt.Equal(clockStart.Add(2*time.Hour)) {
		t.Errorf("token expiry %v", one.SuiteAccessTokenExpiresAt)
	}
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/suites/nosuch"), 404, `suite "nosuch" not found`)
	testkit.ControlError(t, testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/suites/"+testkit.ThirdSuite, nil, nil), 405, "allowed: GET")
}

// The schedule over the control API: the clock moves, the tickets follow,
// no real time passes.
func TestControlSuiteTicketSchedule(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(clockStart))
	path := "/_mock/suites/" + testkit.ThirdSuite + "/ticket"
	first := testkit.Control[mockserver.SuiteTicket](t, srv, http.MethodGet, path, nil)
	if !first.IssuedAt.Equal(clockStart) || first.Ticket == "" {
		t.Fatalf("first ticket %+v", first)
	}
	testkit.Control[map[string]any](t, srv, http.MethodPost, "/_mock/clock/advance", map[string]string{"duration": "25m"})
	second := testkit.Control[mockserver.SuiteTicket](t, srv, http.MethodGet, path, nil)
	if !second.IssuedAt.Equal(clockStart.Add(20*time.Minute)) || second.Ticket == first.Ticket {
		t.Fatalf("after 25 minutes: %+v, want the push due at +20m", second)
	}
	// A jump of a day pushes one ticket, dated at the last due time.
	srv.Advance(24 * time.Hour)
	third := testkit.Control[mockserver.SuiteTicket](t, srv, http.MethodGet, path, nil)
	if want := clockStart.Add(24*time.Hour + 20*time.Minute); !third.IssuedAt.Equal(want) {
		t.Errorf("after a day: issued %v, want %v", third.IssuedAt, want)
	}
	// A push on demand, now; the schedule restarts from it.
	srv.Advance(3 * time.Minute)
	pushed := testkit.Control[mockserver.SuiteTicket](t, srv, http.MethodPost, path, nil)
	now := srv.Now()
	if !pushed.IssuedAt.Equal(now) || pushed.Ticket == third.Ticket || pushed.DeliveryID != "" {
		t.Errorf("pushed %+v at %v (no callback: no delivery)", pushed, now)
	}
	st, _ := srv.Suite(testkit.ThirdSuite)
	if !st.NextTicketAt.Equal(now.Add(10 * time.Minute)) {
		t.Errorf("next %v, want now+10m", st.NextTicketAt)
	}
	testkit.OK(t, testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, pushed.Ticket))
	testkit.OK(t, testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, third.Ticket)) // 3 minutes old
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/suites/nosuch/ticket", nil), 404, "nosuch")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+path, `{"x":1}`), 400, "x")
}

func TestControlInstall(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", tok)), "pre_auth_code")
	path := srv.URL() + "/_mock/suites/" + testkit.ThirdSuite + "/install"
	bad := []struct {
		suite  string
		body   any
		status int
		inMsg  string
	}{
		{testkit.ThirdSuite, map[string]any{"userid": "zhangsan"}, 400, `"corpid" is required`},
		{"nosuch", map[string]any{"corpid": testkit.Corp1}, 404, `suite "nosuch" not found`},
		{testkit.ThirdSuite, map[string]any{"corpid": "wwnosuch"}, 404, `corp "wwnosuch" not found`},
		{testkit.ThirdSuite, map[string]any{"corpid": testkit.Corp1, "userid": "ghost"}, 404, `no member "ghost"`},
		{testkit.ThirdSuite, map[string]any{"corpid": testkit.Corp1, "pre_auth_code": "nope"}, 400, "pre_auth_code"},
		{testkit.ThirdSuite, map[string]any{"corpid": testkit.Corp1, "redirect_uri": "/relative"}, 400, "redirect_uri"},
		{testkit.ThirdSuite, map[string]any{"corpid": testkit.Corp1, "privilege": map[string]any{"allow_party": []int{77}, "allow_tag": []int{9}}}, 400, "allow_party 77, allow_tag 9"},
		{testkit.ThirdSuite, map[string]any{"corpid": testkit.Corp1, "typo": true}, 400, "typo"},
		{testkit.DKSuite, map[string]any{"corpid": testkit.Corp1}, 409, "already installed"},
	}
	for _, tt := range bad {
		testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/suites/"+tt.suite+"/install", tt.body), tt.status, tt.inMsg)
	}
	in := testkit.Control[mockserver.Install](t, srv, http.MethodPost, strings.TrimPrefix(path, srv.URL()), map[string]any{
		"corpid": testkit.Corp1, "userid": "zhangsan", "pre_auth_code": pre,
		"redirect_uri": "https://vendor.example.com/installed?from=wecom", "state": "s 1",
	})
	if in.AuthCode == "" || in.ExpiresIn != 600 || in.AgentID == 0 || in.CreateAuth != nil {
		t.Fatalf("install %+v", in)
	}
	u, err := url.Parse(in.Redirect)
	if err != nil || u.Host != "vendor.example.com" || u.Query().Get("from") != "wecom" ||
		u.Query().Get("auth_code") != in.AuthCode || u.Query().Get("expires_in") != "600" || u.Query().Get("state") != "s 1" {
		t.Errorf("redirect %q", in.Redirect)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, path, map[string]any{"corpid": testkit.Corp1}), 409, "already installed")
}

func TestControlAuthEvents(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(clockStart))
	base := "/_mock/suites/"
	ev := testkit.Control[mockserver.SuiteEvent](t, srv, http.MethodPost, base+testkit.DKSuite+"/change_auth",
		map[string]any{"corpid": testkit.Corp1, "state": "st", "privilege": map[string]any{"allow_user": []string{"wangwu"}}})
	parsed, err := callback.Parse([]byte(ev.Payload))
	if err != nil {
		t.Fatal(err)
	}
	ca, ok := parsed.(*callback.ChangeAuthEvent)
	if !ok || ca.AuthCorpId != testkit.Corp1 || ca.SuiteId != testkit.DKSuite || ca.State != "st" || ca.TimeStamp != clockStart.Unix() || ev.DeliveryID != "" {
		t.Errorf("change_auth %+v %+v", ev, parsed)
	}
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "wangwu"))
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.NoPrivilege)

	reset := testkit.Control[mockserver.PermanentCodeReset](t, srv, http.MethodPost, base+testkit.DKSuite+"/reset_permanent_code", map[string]any{"corpid": testkit.Corp1})
	parsed, _ = callback.Parse([]byte(reset.Payload))
	if rp, ok := parsed.(*callback.ResetPermanentCodeEvent); !ok || rp.AuthCode != reset.AuthCode || reset.ExpiresIn != 600 {
		t.Errorf("reset_permanent_code %+v %+v", reset, parsed)
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.DKPermanent), errcode.InvalidCredential)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "wangwu")) // issued before the reset: still valid

	cancel := testkit.Control[mockserver.SuiteEvent](t, srv, http.MethodPost, base+testkit.DKSuite+"/cancel_auth", map[string]any{"corpid": testkit.Corp1})
	parsed, _ = callback.Parse([]byte(cancel.Payload))
	if c, ok := parsed.(*callback.CancelAuthEvent); !ok || c.AuthCorpId != testkit.Corp1 {
		t.Errorf("cancel_auth %+v", parsed)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "wangwu"), errcode.InvalidAccessToken)

	for _, tt := range []struct {
		path   string
		body   any
		status int
		inMsg  string
	}{
		{base + testkit.DKSuite + "/cancel_auth", map[string]any{"corpid": testkit.Corp1}, 404, "has not installed"},
		{base + testkit.DKSuite + "/cancel_auth", map[string]any{}, 400, `"corpid" is required`},
		{base + testkit.DKSuite + "/change_auth", map[string]any{"corpid": testkit.Corp2}, 404, "has not installed"},
		{base + testkit.DKSuite + "/change_auth", map[string]any{}, 400, `"corpid" is required`},
		{base + "nosuch/change_auth", map[string]any{"corpid": testkit.Corp1}, 404, "nosuch"},
		{base + testkit.DKSuite + "/reset_permanent_code", map[string]any{"corpid": "wwnosuch"}, 404, "wwnosuch"},
		{base + testkit.DKSuite + "/reset_permanent_code", map[string]any{}, 400, `"corpid" is required`},
	} {
		testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+tt.path, tt.body), tt.status, tt.inMsg)
	}
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+base+testkit.ThirdSuite+"/reset_permanent_code", map[string]any{"corpid": testkit.Corp1}), 400, "代开发")
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp2, Market: true, State: "m"})
	parsed, _ = callback.Parse([]byte(in.CreateAuth.Payload))
	if c, ok := parsed.(*callback.CreateAuthEvent); !ok || c.AuthCode != in.AuthCode || c.State != "m" {
		t.Errorf("create_auth %+v", parsed)
	}
}

func TestControlSuiteCallback(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	path := srv.URL() + "/_mock/suites/" + testkit.ThirdSuite + "/callback"
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPut, path, map[string]string{"url": "ftp://x", "token": testkit.SuiteCBToken, "encoding_aes_key": testkit.SuiteCBKey}), 400, "url")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPut, path, map[string]string{"url": "http://127.0.0.1:1/cb", "token": "bad token", "encoding_aes_key": testkit.SuiteCBKey}), 400, "token")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPut, srv.URL()+"/_mock/suites/nosuch/callback", map[string]string{"url": "http://127.0.0.1:1/cb", "token": testkit.SuiteCBToken, "encoding_aes_key": testkit.SuiteCBKey}), 404, "nosuch")
	rcv := testkit.NewSuiteReceiver(t, testkit.ThirdSuite)
	st := testkit.Control[mockserver.SuiteStatus](t, srv, http.MethodPut, "/_mock/suites/"+testkit.ThirdSuite+"/callback",
		map[string]string{"url": rcv.URL, "token": testkit.SuiteCBToken, "encoding_aes_key": testkit.SuiteCBKey})
	if st.CallbackURL != rcv.URL {
		t.Errorf("callback_url %q", st.CallbackURL)
	}
	pushed, err := srv.PushSuiteTicket(testkit.ThirdSuite)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDelivered(t, srv, pushed.DeliveryID)
	if ev := testkit.Await[*callback.SuiteTicketEvent](t, rcv); ev.SuiteTicket != pushed.Ticket {
		t.Errorf("received %q, pushed %q", ev.SuiteTicket, pushed.Ticket)
	}
	st = testkit.Control[mockserver.SuiteStatus](t, srv, http.MethodDelete, "/_mock/suites/"+testkit.ThirdSuite+"/callback", nil)
	if st.CallbackURL != "" {
		t.Errorf("callback_url after DELETE %q", st.CallbackURL)
	}
	if p, _ := srv.PushSuiteTicket(testkit.ThirdSuite); p.DeliveryID != "" {
		t.Error("delivered without a callback")
	}
	// Reset drops runtime callbacks.
	testkit.Control[mockserver.SuiteStatus](t, srv, http.MethodPut, "/_mock/suites/"+testkit.ThirdSuite+"/callback",
		map[string]string{"url": rcv.URL, "token": testkit.SuiteCBToken, "encoding_aes_key": testkit.SuiteCBKey})
	srv.Reset()
	if st, _ := srv.Suite(testkit.ThirdSuite); st.CallbackURL != "" {
		t.Errorf("callback survived Reset: %q", st.CallbackURL)
	}
}

func TestResetRestoresSuites(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	before := testkit.SuiteTicket(t, srv, testkit.ThirdSuite)
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp2})
	if _, err := srv.CancelSuiteAuth(testkit.DKSuite, testkit.Corp1); err != nil {
		t.Fatal(err)
	}
	srv.Advance(time.Hour)
	testkit.Control[map[string]any](t, srv, http.MethodPost, "/_mock/reset", nil)
	third, _ := srv.Suite(testkit.ThirdSuite)
	dk, _ := srv.Suite(testkit.DKSuite)
	if len(third.Authorizations) != 0 || len(dk.Authorizations) != 1 {
		t.Errorf("after reset: %+v / %+v", third.Authorizations, dk.Authorizations)
	}
	if third.Ticket == nil || third.Ticket.Ticket == before || !third.Ticket.IssuedAt.Equal(srv.Now()) {
		t.Errorf("after reset the ticket is %+v, want a fresh one issued at the rewound now %v", third.Ticket, srv.Now())
	}
	testkit.GetWeComError(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", tok), errcode.InvalidSuiteToken)
	testkit.GetOK(t, testkit.UserGetURL(srv, testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent), "zhangsan"))
}

// A server started with a ticking clock pushes the first tickets on its
// own, before any request.
func TestSuiteTicketPushedAtStart(t *testing.T) {
	t.Parallel()
	rcv := testkit.NewSuiteReceiver(t, testkit.ThirdSuite)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.SuiteWorld(t, rcv, nil, false)))
	ev := testkit.Await[*callback.SuiteTicketEvent](t, rcv)
	if ev.SuiteId != testkit.ThirdSuite || ev.SuiteTicket == "" {
		t.Fatalf("first push %+v", ev)
	}
	if got := testkit.SuiteTicket(t, srv, testkit.ThirdSuite); got != ev.SuiteTicket {
		t.Errorf("newest ticket %q, pushed %q", got, ev.SuiteTicket)
	}
}
