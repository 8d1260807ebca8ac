package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// A new server answers /_mock/healthz before it builds its routers, and
// that first answer obeys the control API's rules like every later one:
// open to reads without the token, the Host rule.
func TestHealthzFirstRequestIsGuarded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, host string
		status             int
		inBody, allow      string
	}{
		{"get", http.MethodGet, "127.0.0.1", http.StatusOK, `"status": "ok"`, ""},
		{"head", http.MethodHead, "localhost:8080", http.StatusOK, "", ""},
		{"post", http.MethodPost, "127.0.0.1", http.StatusUnauthorized, "needs its token", ""}, // only reads are open
		{"rebinding host", http.MethodGet, "evil.example", http.StatusForbidden, "DNS-rebinding", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := mockserver.New(mockserver.WithControlToken("s3cret"))
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(tc.method, "http://"+tc.host+"/_mock/healthz", nil)
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.inBody) {
				t.Fatalf("HTTP %d %q, want %d with %q", rec.Code, rec.Body, tc.status, tc.inBody)
			}
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
			// The next control call still needs the token.
			rec = httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1/_mock/state", nil))
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("state without the token: HTTP %d, want 401", rec.Code)
			}
		})
	}
}
