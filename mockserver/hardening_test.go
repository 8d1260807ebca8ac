package mockserver_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestPageWrongMethod: a page called with a method it does not take answers
// 405 with the methods it takes (RFC 9110 §15.5.6), not an empty 404.
func TestPageWrongMethod(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct{ method, path, allow string }{
		{http.MethodPost, "/connect/oauth2/authorize", "GET, HEAD"},
		{http.MethodDelete, "/wwlogin/sso/login", "GET, HEAD"},
		{http.MethodPut, "/3rdapp/install", "GET, HEAD, POST"},
		{http.MethodPost, "/wwmock/static/style.css", "GET, HEAD"},
	}
	for _, tt := range tests {
		r := testkit.Do(t, tt.method, srv.URL()+tt.path, nil, nil)
		if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", tt.method, tt.path, r.Status, r.Header.Get("Allow"), tt.allow)
		}
	}
	// An unknown path stays an empty 404, as on the real host.
	if r := testkit.Do(t, http.MethodPost, srv.URL()+"/no/such/page", nil, nil); r.Status != http.StatusNotFound || len(r.Body) != 0 {
		t.Errorf("unknown path: %v", r)
	}
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSecretParamsMasked: every secret-bearing parameter, in any letter
// case, is masked in the journal and in the request log.
func TestSecretParamsMasked(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	srv := mockserver.NewTest(t, mockserver.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	for _, name := range []string{
		"corpsecret", "CorpSecret", "CORPSECRET", "corpSecret",
		"suite_secret", "Suite_Secret", "provider_secret", "PROVIDER_SECRET",
		"permanent_code", "Permanent_Code", "secret", "Secret",
	} {
		t.Run(name, func(t *testing.T) {
			value := "topsecret-" + strings.ToLower(name) + "-" + name
			testkit.Get(t, srv.URL()+"/cgi-bin/gettoken?corpid=wwmockcorp000001&"+name+"="+value)
			reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})
			last := reqs[len(reqs)-1]
			if strings.Contains(last.Query, value) || !strings.Contains(last.Query, name+"=***") {
				t.Errorf("journal query %q", last.Query)
			}
			if strings.Contains(logs.String(), value) {
				t.Errorf("the log shows %s", value)
			}
		})
	}
}

// TestCallbacksWaitTimeoutRange: a timeout_ms too large for a Duration is
// refused, not wrapped into range.
func TestCallbacksWaitTimeoutRange(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, ms := range []string{"300001", "9223372036854775807", "9223372036854"} {
		r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/wait", `{"id":"cb1","timeout_ms":`+ms+`}`)
		testkit.ControlError(t, r, http.StatusBadRequest, "timeout_ms")
	}
}

// TestPagesRefuseFraming: no other site may frame a login or install page.
func TestPagesRefuseFraming(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, path := range []string{"/connect/oauth2/authorize", "/wwlogin/sso/login", "/3rdapp/install"} {
		r := testkit.Get(t, srv.URL()+path)
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if xfo := r.Header.Get("X-Frame-Options"); xfo != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, xfo)
		}
	}
}
