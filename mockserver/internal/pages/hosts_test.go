package pages

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
)

func TestRequestHost(t *testing.T) {
	for host, want := range map[string]string{
		"open.weixin.qq.com":      "open.weixin.qq.com",
		"OPEN.Weixin.qq.com.:443": "open.weixin.qq.com",
		"127.0.0.1:8080":          "127.0.0.1",
		"[::1]:8080":              "::1",
		"wecom-mock":              "wecom-mock",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		if got := requestHost(r); got != want {
			t.Errorf("requestHost(%q) = %q, want %q", host, got, want)
		}
	}
}

// TestEntryHosts checks the host rules: an entry page answers on its WeCom
// host and on the mock's own address, never on another WeCom host nor on
// the API host; a helper answers everywhere but on the API host.
func TestEntryHosts(t *testing.T) {
	r := mux.NewRouter()
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})
	for _, p := range []string{OAuthAuthorizePath, QRLoginPath, OldQRLoginPath, InstallPath} {
		Entry(r, p, ok, http.MethodGet)
	}
	Helper(r, "/wwmock/helper", ok, http.MethodGet)
	tests := []struct {
		host, path string
		want       int
	}{
		{"open.weixin.qq.com", OAuthAuthorizePath, 200},
		{"open.weixin.qq.com:443", OAuthAuthorizePath, 200},
		{"login.work.weixin.qq.com", QRLoginPath, 200},
		{"open.work.weixin.qq.com", OldQRLoginPath, 200},
		{"open.work.weixin.qq.com", InstallPath, 200},
		{"open.weixin.qq.com", InstallPath, 404},
		{"login.work.weixin.qq.com", InstallPath, 404},
		{"login.work.weixin.qq.com", OAuthAuthorizePath, 404},
		{"qyapi.weixin.qq.com", InstallPath, 404},
		{"qyapi.weixin.qq.com", OAuthAuthorizePath, 404},
		{"127.0.0.1:8080", InstallPath, 200},
		{"wecom-mock:8080", QRLoginPath, 200},
		{"open.weixin.qq.com", "/wwmock/helper", 200},
		{"192.168.1.20", "/wwmock/helper", 200},
		{"qyapi.weixin.qq.com", "/wwmock/helper", 404},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		req.Host = tt.host
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		if w.Code != tt.want {
			t.Errorf("%s%s: HTTP %d, want %d", tt.host, tt.path, w.Code, tt.want)
		}
	}
}

func TestEntryOfUnknownPathPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("an entry page no WeCom host serves was mounted")
		}
	}()
	Entry(mux.NewRouter(), "/nowhere", http.NotFoundHandler(), http.MethodGet)
}

func TestOnLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:3000": true, "[::1]:80": true, "localhost": true,
		"192.168.1.20:8080": false, "wecom-mock:8080": false, "login.work.weixin.qq.com": false,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		if got := OnLoopback(r); got != want {
			t.Errorf("OnLoopback(%q) = %v", host, got)
		}
	}
}
