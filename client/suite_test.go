package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// Suites of the mock's default world.
const (
	suiteID        = "wwmocksuite000001"
	suiteSecret    = "mock-suite-secret"
	templateID     = "dkmocktemplate0001"
	templateSecret = "mock-template-secret"
	corpID2        = "wwmockcorp000002"

	suiteTokenPath    = "/cgi-bin/service/get_suite_token"
	preAuthPath       = "/cgi-bin/service/get_pre_auth_code"
	permanentCodePath = "/cgi-bin/service/get_permanent_code"
	corpTokenPath     = "/cgi-bin/service/get_corp_token"
	suiteSessionPath  = "/cgi-bin/service/miniprogram/jscode2session"
	userInfo3rdPath   = "/cgi-bin/service/auth/getuserinfo3rd"
)

// mockTicket reads the suite's newest suite_ticket from the mock, as a
// vendor's callback would have received it.
func mockTicket(srv *mockserver.Server, id string) client.TicketFunc {
	return func(context.Context) (string, error) {
		t, err := srv.SuiteTicket(id)
		return t.Ticket, err
	}
}

// newSuite is a SuiteClient pointed at srv, with the options of newClient.
func newSuite(t testing.TB, srv *mockserver.Server, id, secret string, ticket client.TicketFunc, opts ...client.Option) *client.SuiteClient {
	t.Helper()
	tr := cloneTransport(t)
	t.Cleanup(tr.CloseIdleConnections)
	base := []client.Option{
		client.WithBaseURL(srv.URL()),
		client.WithRetry(fastRetry),
		client.WithHTTPClient(&http.Client{Transport: tr, Timeout: time.Minute}),
	}
	return client.NewSuite(id, secret, ticket, append(base, opts...)...)
}

func mustInstall(t testing.TB, srv *mockserver.Server, id string, req mockserver.InstallRequest) mockserver.Install {
	t.Helper()
	in, err := srv.InstallSuite(id, req)
	if err != nil {
		t.Fatalf("InstallSuite(%s, %+v): %v", id, req, err)
	}
	return in
}

func mintSuite(t testing.TB, srv *mockserver.Server, req mockserver.SuiteCodeRequest) string {
	t.Helper()
	code, err := srv.MintSuiteCode(suiteID, req)
	if err != nil {
		t.Fatalf("MintSuiteCode(%+v): %v", req, err)
	}
	return code.Code
}

// rawGetUser calls user/get with a bare access token, as a vendor does with
// a third-party install's corp token.
func rawGetUser(t testing.TB, srv *mockserver.Server, token, userID string) (code int, name string) {
	t.Helper()
	u := srv.URL() + userGetPath + "?" + url.Values{"access_token": {token}, "userid": {userID}}.Encode()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		ErrCode int    `json:"errcode"`
		Name    string `json:"name"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.ErrCode, out.Name
}

func TestSuiteThirdPartyInstall(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID), client.WithClock(srv.Now))
	ctx := context.Background()

	if s.SuiteID() != suiteID {
		t.Fatalf("SuiteID = %q", s.SuiteID())
	}
	tok, err := s.SuiteToken(ctx)
	if err != nil || tok == "" {
		t.Fatalf("SuiteToken = %q, %v", tok, err)
	}
	pre, err := s.PreAuthCode(ctx)
	if err != nil || pre == "" {
		t.Fatalf("PreAuthCode = %q, %v", pre, err)
	}
	if q := lastQuery(t, srv, preAuthPath); !containsAll(q, "suite_access_token=") {
		t.Fatalf("query = %q", q)
	}
	if err := s.SetSessionInfo(ctx, pre, client.AuthTypeTest); err != nil {
		t.Fatal(err)
	}
	in := mustInstall(t, srv, suiteID, mockserver.InstallRequest{
		CorpID: corpID, UserID: "zhangsan", PreAuthCode: pre, State: "xyz",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}},
	})

	auth, err := s.PermanentCode(ctx, in.AuthCode)
	if err != nil {
		t.Fatal(err)
	}
	if auth.PermanentCode == "" || auth.AccessToken == "" || auth.ExpiresIn <= 0 {
		t.Fatalf("got %+v", auth)
	}
	if auth.AuthCorpInfo.CorpID != corpID || auth.AuthCorpInfo.CorpName == "" || auth.State != "xyz" {
		t.Fatalf("got %+v", auth)
	}
	if len(auth.AuthInfo.Agent) != 1 {
		t.Fatalf("agents = %+v", auth.AuthInfo.Agent)
	}
	ag := auth.AuthInfo.Agent[0]
	if ag.AgentID != int64(in.AgentID) || ag.Name == "" || ag.IsCustomizedApp ||
		len(ag.Privilege.AllowParty) != 1 || ag.Privilege.AllowParty[0] != 2 {
		t.Fatalf("agent = %+v", ag)
	}
	if u := auth.AuthUserInfo; u.UserID != "zhangsan" || u.OpenUserID == "" || u.Name == "" {
		t.Fatalf("auth_user_info = %+v", u)
	}

	// The auth_code works once.
	_, err = s.PermanentCode(ctx, in.AuthCode)
	wantAPIError(t, err, errcode.Code(40078), permanentCodePath)

	ct, err := s.CorpToken(ctx, corpID, auth.PermanentCode)
	if err != nil {
		t.Fatal(err)
	}
	if ct.AccessToken == "" || ct.ExpiresIn <= 0 {
		t.Fatalf("got %+v", ct)
	}
	// The corp token is an access token: it reads the install's range, with
	// the userid where the name would be, as WeCom answers third-party apps
	// (https://developer.work.weixin.qq.com/document/path/96269 适配建议).
	if code, name := rawGetUser(t, srv, ct.AccessToken, "zhangsan"); code != 0 || name != "zhangsan" {
		t.Fatalf("user/get zhangsan: errcode %d, name %q", code, name)
	}
	if code, _ := rawGetUser(t, srv, ct.AccessToken, "wangwu"); code != int(errcode.NoPrivilege) {
		t.Fatalf("user/get wangwu: errcode %d, want %d", code, errcode.NoPrivilege)
	}

	_, err = s.CorpToken(ctx, corpID, "not-a-permanent-code")
	wantAPIError(t, err, errcode.InvalidPermanentCode, corpTokenPath)

	// One suite token served every call.
	if got := calls(srv, suiteTokenPath); got != 1 {
		t.Fatalf("get_suite_token calls = %d, want 1", got)
	}
}

func TestSuiteCustomizedInstall(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, templateID, templateSecret, mockTicket(srv, templateID), client.WithClock(srv.Now))
	ctx := context.Background()

	in := mustInstall(t, srv, templateID, mockserver.InstallRequest{CorpID: corpID2, UserID: "zhaoliu", Market: true})
	auth, err := s.PermanentCode(ctx, in.AuthCode)
	if err != nil {
		t.Fatal(err)
	}
	if auth.PermanentCode == "" || auth.AccessToken != "" || auth.ExpiresIn != 0 {
		t.Fatalf("got %+v", auth)
	}
	if auth.AuthCorpInfo.CorpID != corpID2 || len(auth.AuthInfo.Agent) != 1 || !auth.AuthInfo.Agent[0].IsCustomizedApp {
		t.Fatalf("got %+v", auth)
	}
	if auth.AuthUserInfo.UserID != "zhaoliu" {
		t.Fatalf("auth_user_info = %+v", auth.AuthUserInfo)
	}

	// get_corp_token is not for 代开发 templates…
	_, err = s.CorpToken(ctx, corpID2, auth.PermanentCode)
	wantAPIError(t, err, errcode.Code(48002), corpTokenPath)

	// …the permanent code is the corpsecret.
	tr := cloneTransport(t)
	t.Cleanup(tr.CloseIdleConnections)
	c := client.New(auth.AuthCorpInfo.CorpID, auth.PermanentCode, client.WithBaseURL(srv.URL()),
		client.WithRetry(fastRetry), client.WithHTTPClient(&http.Client{Transport: tr}))
	u, err := c.GetUser(ctx, "zhaoliu")
	if err != nil {
		t.Fatal(err)
	}
	if u.UserID != "zhaoliu" {
		t.Fatalf("got %+v", u)
	}
}

func TestSuiteTokenCached(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID), client.WithClock(srv.Now))
	ctx := context.Background()

	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := s.PreAuthCode(ctx)
			errs <- err
		})
	}
	testwait.Group(t, &wg)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := calls(srv, suiteTokenPath); got != 1 {
		t.Fatalf("get_suite_token calls = %d, want 1", got)
	}
	first, _ := s.SuiteToken(ctx)

	// Past expiry by the shared clock: fetched again before the call, no
	// rejected call.
	srv.Advance(7201 * time.Second)
	if _, err := s.PreAuthCode(ctx); err != nil {
		t.Fatal(err)
	}
	if got := calls(srv, suiteTokenPath); got != 2 {
		t.Fatalf("get_suite_token calls = %d, want 2", got)
	}
	if second, _ := s.SuiteToken(ctx); second == first {
		t.Fatalf("token not renewed: %q", second)
	}
	if got := callsWithErrcode(srv, preAuthPath, errcode.SuiteAccessTokenExpired); got != 0 {
		t.Fatalf("42009 answers = %d, want 0", got)
	}
}

func TestSuiteTokenExpiredRetriedOnce(t *testing.T) {
	srv := newServer(t)
	// The client's own clock: it does not see Advance, so it holds on to the
	// token until the server rejects it.
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID))
	ctx := context.Background()

	if _, err := s.PreAuthCode(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Advance(7201 * time.Second)
	if _, err := s.PreAuthCode(ctx); err != nil {
		t.Fatal(err)
	}
	if got := callsWithErrcode(srv, preAuthPath, errcode.SuiteAccessTokenExpired); got != 1 {
		t.Fatalf("42009 answers = %d, want 1", got)
	}
	if got := calls(srv, suiteTokenPath); got != 2 {
		t.Fatalf("get_suite_token calls = %d, want 2", got)
	}
	if got := calls(srv, preAuthPath); got != 3 {
		t.Fatalf("get_pre_auth_code calls = %d, want 3", got)
	}
}

func TestSuiteTokenRejectedTwice(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID))
	mustFault(t, srv, mockserver.Fault{Path: preAuthPath, ErrCode: int(errcode.InvalidSuiteToken)})

	_, err := s.PreAuthCode(context.Background())
	wantAPIError(t, err, errcode.InvalidSuiteToken, preAuthPath)
	if got := calls(srv, preAuthPath); got != 2 {
		t.Fatalf("get_pre_auth_code calls = %d, want 2 (one retry, no loop)", got)
	}
	if got := calls(srv, suiteTokenPath); got != 2 {
		t.Fatalf("get_suite_token calls = %d, want 2", got)
	}
}

func TestSuiteBadCredentials(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()

	bad := newSuite(t, srv, suiteID, suiteSecret, func(context.Context) (string, error) { return "not-a-ticket", nil })
	_, err := bad.PreAuthCode(ctx)
	wantAPIError(t, err, errcode.InvalidSuiteTicket, suiteTokenPath)
	if got := calls(srv, preAuthPath); got != 0 {
		t.Fatalf("get_pre_auth_code calls = %d, want 0", got)
	}

	wrong := newSuite(t, srv, suiteID, "wrong-secret", mockTicket(srv, suiteID))
	_, err = wrong.SuiteToken(ctx)
	wantAPIError(t, err, errcode.InvalidSuiteSecret, suiteTokenPath)

	// The other suite's ticket is no good either.
	other := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, templateID))
	_, err = other.SuiteToken(ctx)
	wantAPIError(t, err, errcode.InvalidSuiteTicket, suiteTokenPath)

	// The TicketFunc's own failure is passed on, with no call made.
	boom := errors.New("no ticket store")
	failing := newSuite(t, srv, suiteID, suiteSecret, func(context.Context) (string, error) { return "", boom })
	before := calls(srv, suiteTokenPath)
	if _, err := failing.SuiteToken(ctx); !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
	if got := calls(srv, suiteTokenPath); got != before {
		t.Fatalf("get_suite_token called without a ticket")
	}
}

func TestSuiteCode2Session(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID), client.WithClock(srv.Now))
	ctx := context.Background()
	mustInstall(t, srv, suiteID, mockserver.InstallRequest{CorpID: corpID, UserID: "zhangsan"})

	code := mintSuite(t, srv, mockserver.SuiteCodeRequest{Kind: "miniprogram", CorpID: corpID, UserID: "lisi"})
	ss, err := s.Code2Session(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if ss.CorpID != corpID || ss.UserID != "lisi" || ss.SessionKey == "" || ss.OpenUserID == "" {
		t.Fatalf("got %+v", ss)
	}
	if q := lastQuery(t, srv, suiteSessionPath); !containsAll(q, "grant_type=authorization_code", "js_code="+code) {
		t.Fatalf("query = %q", q)
	}
	_, err = s.Code2Session(ctx, code)
	wantAPIError(t, err, errcode.InvalidCode, suiteSessionPath)
}

func TestSuiteUserInfo3rd(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID), client.WithClock(srv.Now))
	ctx := context.Background()
	mustInstall(t, srv, suiteID, mockserver.InstallRequest{
		CorpID: corpID, UserID: "zhangsan", Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}},
	})

	code := mintSuite(t, srv, mockserver.SuiteCodeRequest{
		Kind: "oauth", CorpID: corpID, UserID: "zhangsan", Scope: "snsapi_privateinfo",
	})
	id, err := s.UserInfo3rd(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if !id.IsMember() || id.CorpID != corpID || id.UserID != "zhangsan" || id.OpenUserID == "" ||
		id.UserTicket == "" || id.ExpiresIn <= 0 {
		t.Fatalf("got %+v", id)
	}

	visitor := mintSuite(t, srv, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: corpID, OpenID: "oVisitor"})
	id, err = s.UserInfo3rd(ctx, visitor)
	if err != nil {
		t.Fatal(err)
	}
	if id.IsMember() || id.OpenID != "oVisitor" {
		t.Fatalf("got %+v", id)
	}

	_, err = s.UserInfo3rd(ctx, code)
	wantAPIError(t, err, errcode.InvalidCode, userInfo3rdPath)
}

// TestSuiteCorpClient: a third-party install's Client fetches its corp token
// with get_corp_token once, reads the install's range with it (the userid
// where the name would be, https://developer.work.weixin.qq.com/document/path/96269),
// refetches when the token has expired, and reports the open_userid the
// suite's provider reads.
func TestSuiteCorpClient(t *testing.T) {
	srv := newServer(t)
	s := newSuite(t, srv, suiteID, suiteSecret, mockTicket(srv, suiteID), client.WithClock(srv.Now))
	ctx := context.Background()
	in := mustInstall(t, srv, suiteID, mockserver.InstallRequest{CorpID: corpID, UserID: "zhangsan",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}}})
	auth, err := s.PermanentCode(ctx, in.AuthCode)
	if err != nil {
		t.Fatal(err)
	}
	c := s.CorpClient(corpID, auth.PermanentCode)
	if c.CorpID() != corpID {
		t.Fatalf("CorpID = %q", c.CorpID())
	}
	u, err := c.GetUser(ctx, "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "zhangsan" || u.OpenUserID != auth.AuthUserInfo.OpenUserID || u.OpenUserID == "" {
		t.Fatalf("user = name %q, open_userid %q; want the userid and %q", u.Name, u.OpenUserID, auth.AuthUserInfo.OpenUserID)
	}
	if _, err := c.GetUser(ctx, "wangwu"); !errors.Is(err, errcode.NoPrivilege) {
		t.Fatalf("GetUser(wangwu) = %v, want 60011", err)
	}
	if got := calls(srv, corpTokenPath); got != 1 {
		t.Fatalf("get_corp_token calls = %d, want 1 (cached)", got)
	}
	srv.Advance(2 * time.Hour)
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	if got := calls(srv, corpTokenPath); got != 2 {
		t.Fatalf("get_corp_token calls = %d after expiry, want 2", got)
	}

	bad := s.CorpClient(corpID, "not-a-permanent-code")
	_, err = bad.GetUser(ctx, "zhangsan")
	wantAPIError(t, err, errcode.InvalidPermanentCode, corpTokenPath)
}
