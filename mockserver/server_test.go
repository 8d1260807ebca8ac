package mockserver_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestNewTestServesOnLoopback(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") || strings.HasSuffix(srv.URL(), ":0") {
		t.Errorf("URL %q, want http://127.0.0.1:<port>", srv.URL())
	}
	if err := srv.Start("127.0.0.1:0"); err == nil {
		t.Error("a second Start succeeded")
	}
	testkit.AppToken(t, srv)
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	bad := &fixtures.World{Corps: []fixtures.Corp{{CorpID: "ww", Name: "x",
		Members: []fixtures.Member{{UserID: "-bad", Name: "x", Department: []int{1}}}}}}
	if _, err := mockserver.New(mockserver.WithFixtures(bad)); err == nil || !strings.Contains(err.Error(), "-bad") {
		t.Errorf("New with an invalid world: %v", err)
	}
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if srv.URL() != "" {
		t.Errorf("URL before Start = %q", srv.URL())
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close of a never-started server: %v", err)
	}
	if err := srv.Start("256.0.0.1:0"); err == nil {
		_ = srv.Close()
		t.Error("Start on an impossible address succeeded")
	}
	if err := srv.LoadFixtures(bad); err == nil {
		t.Error("LoadFixtures accepted an invalid world")
	}
	if err := srv.LoadFixtures(nil); err == nil {
		t.Error("LoadFixtures accepted nil")
	}
}

// Handler can be mounted on any listener; it serves the same API.
func TestHandlerMounted(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	m := testkit.GetJSON(t, hs.URL+"/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret)
	if testkit.ErrCode(t, m) != 0 || testkit.Str(t, m, "access_token") == "" {
		t.Errorf("gettoken through Handler: %v", m)
	}
	testkit.ControlJSON(t, testkit.Get(t, hs.URL+"/_mock/healthz"), http.StatusOK)
}

// A connection that never sends a request must not hold Close up: net/http
// would wait 5 s for it.
func TestCloseDoesNotWaitForIdleConnections(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	testkit.AppToken(t, srv) // by now the server has accepted the earlier connection too
	// Without the fix, Shutdown waits for the unused connection until Close's
	// grace period runs out and reports context.DeadlineExceeded.
	if err := srv.Close(); err != nil {
		t.Errorf("Close with an unused connection open: %v", err)
	}
	if _, err := testkit.HTTPClient.Get(srv.URL() + "/_mock/healthz"); err == nil {
		t.Error("the server still answers after Close")
	}
}

// Close lets a request in flight finish.
func TestCloseLetsInFlightRequestsFinish(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", DelayMS: 300, Times: 1}); err != nil {
		t.Fatal(err)
	}
	type result struct {
		tb  testkit.TokenBody
		err error
	}
	done := make(chan result, 1)
	go func() {
		var tb testkit.TokenBody
		err := fetch(srv.URL()+"/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret, &tb)
		done <- result{tb, err}
	}()
	// The fault is consumed when the request arrives: it is then in flight.
	for deadline := time.Now().Add(10 * time.Second); len(srv.Faults()) != 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request never arrived")
		}
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the in-flight request never returned")
	}
	if r.err != nil || r.tb.AccessToken == "" {
		t.Errorf("in-flight request: %+v, %v", r.tb, r.err)
	}
}

// Without Advance and without a timer (the handler is mounted, not
// started), a request notices that time has passed and pushes the due
// ticket.
func TestSuiteTicketPushedLazilyOnRequest(t *testing.T) {
	t.Parallel()
	rcv := testkit.NewSuiteReceiver(t, testkit.ThirdSuite)
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	real := newFakeRealTime(start)
	srv, err := mockserver.New(mockserver.WithFixtures(testkit.SuiteWorld(t, rcv, nil, false)),
		real.option(), mockserver.WithClockStart(start))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	testkit.Get(t, ts.URL+"/_mock/healthz") // the first observation: the first push
	first := testkit.Await[*callback.SuiteTicketEvent](t, rcv)
	real.Sleep(10 * time.Minute)
	testkit.Get(t, ts.URL+"/cgi-bin/gettoken") // any request
	second := testkit.Await[*callback.SuiteTicketEvent](t, rcv)
	if second.SuiteTicket == first.SuiteTicket || second.TimeStamp != start.Add(10*time.Minute).Unix() {
		t.Errorf("second push %+v after %+v", second, first)
	}
}
