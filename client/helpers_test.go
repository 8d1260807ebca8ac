package client_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Credentials and facts of the mock's default world (fixtures/default.yaml).
const (
	corpID         = "wwmockcorp000001"
	appSecret      = "mock-app-secret"
	contactsSecret = "mock-contacts-secret"
	agentID        = 1000002

	tokenPath   = "/cgi-bin/gettoken"
	userGetPath = "/cgi-bin/user/get"

	tokenTTL = 7200 * time.Second
)

// fastRetry keeps the default number of retries but waits only milliseconds.
var fastRetry = client.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// newServer starts a mock with a frozen clock, so that only Advance moves it.
func newServer(t testing.TB, opts ...mockserver.Option) *mockserver.Server {
	t.Helper()
	return mockserver.NewTest(t, append([]mockserver.Option{mockserver.WithFrozenClock()}, opts...)...)
}

// newClient is a client for secret pointed at srv, with short retry waits
// and its own connection pool, closed when the test ends: a pooled
// connection that never carried a request would hold up the server's
// graceful shutdown for 5 s (net/http treats it as active).
// cloneTransport is a fresh copy of http.DefaultTransport.
func cloneTransport(t testing.TB) *http.Transport {
	t.Helper()
	tr, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		t.Fatalf("http.DefaultTransport is a %T", http.DefaultTransport)
	}
	return tr.Clone()
}

func newClient(t testing.TB, srv *mockserver.Server, secret string, opts ...client.Option) *client.Client {
	t.Helper()
	tr := cloneTransport(t)
	t.Cleanup(tr.CloseIdleConnections) // runs before the server's Close
	base := []client.Option{
		client.WithBaseURL(srv.URL()),
		client.WithRetry(fastRetry),
		client.WithHTTPClient(&http.Client{Transport: tr, Timeout: time.Minute}),
	}
	return client.New(corpID, secret, append(base, opts...)...)
}

// calls counts the journal entries for path.
func calls(srv *mockserver.Server, path string) int {
	return len(srv.Requests(mockserver.RequestFilter{Path: path}))
}

// callsWithErrcode counts the journal entries for path answered with code.
func callsWithErrcode(srv *mockserver.Server, path string, code errcode.Code) int {
	n := 0
	for _, r := range srv.Requests(mockserver.RequestFilter{Path: path}) {
		if r.ErrCode != nil && *r.ErrCode == int(code) {
			n++
		}
	}
	return n
}

// lastQuery is the (masked) query of the last call to path.
func lastQuery(t testing.TB, srv *mockserver.Server, path string) string {
	t.Helper()
	reqs := srv.Requests(mockserver.RequestFilter{Path: path})
	if len(reqs) == 0 {
		t.Fatalf("no call to %s in the journal", path)
	}
	return reqs[len(reqs)-1].Query
}

// wantAPIError fails unless err is an *APIError with code for path, matched
// by errors.Is as well as errors.As.
func wantAPIError(t testing.TB, err error, code errcode.Code, path string) *client.APIError {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want errcode %d", code)
	}
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %T %v, want *client.APIError", err, err)
	}
	if ae.Code != code || ae.Path != path {
		t.Fatalf("got errcode %d on %s (%v), want %d on %s", ae.Code, ae.Path, err, code, path)
	}
	if !errors.Is(err, code) {
		t.Fatalf("errors.Is(%v, %d) = false", err, code)
	}
	if ae.Msg == "" {
		t.Fatalf("APIError has an empty Msg")
	}
	return ae
}

func mustFault(t testing.TB, srv *mockserver.Server, f mockserver.Fault) {
	t.Helper()
	if _, err := srv.AddFault(f); err != nil {
		t.Fatalf("AddFault(%+v): %v", f, err)
	}
}

func mint(t testing.TB, srv *mockserver.Server, req mockserver.CodeRequest) string {
	t.Helper()
	if req.CorpID == "" {
		req.CorpID = corpID
	}
	if req.AgentID == 0 {
		req.AgentID = agentID
	}
	code, err := srv.MintCode(req)
	if err != nil {
		t.Fatalf("MintCode(%+v): %v", req, err)
	}
	return code.Code
}
