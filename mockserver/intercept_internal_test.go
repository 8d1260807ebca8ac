package mockserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// The request the mock receives keeps the Host the app asked for, so pages
// and redirects built from it name the WeCom host.
func TestTransportKeepsHost(t *testing.T) {
	hosts := make(chan string, 2)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts <- r.Host + " " + r.URL.RequestURI()
		_, _ = io.WriteString(w, "ok")
	}))
	defer ts.Close()
	s := &Server{url: ts.URL}
	hc := s.HTTPClient()
	defer hc.CloseIdleConnections()
	for _, tt := range []struct{ url, want string }{
		{"https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=a", "qyapi.weixin.qq.com /cgi-bin/gettoken?corpid=a"},
		{"https://open.weixin.qq.com:443/connect/oauth2/authorize?x=1", "open.weixin.qq.com:443 /connect/oauth2/authorize?x=1"},
	} {
		res, err := hc.Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := testwait.Recv(t, hosts); got != tt.want {
			t.Errorf("GET %s: mock saw %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestIsWeComHost(t *testing.T) {
	for h, want := range map[string]bool{
		"qyapi.weixin.qq.com": true, "qyapi.weixin.qq.com:443": true, "QYAPI.Weixin.QQ.com.": true,
		"open.weixin.qq.com": true, "login.work.weixin.qq.com:8443": true, "open.work.weixin.qq.com": true,
		"weixin.qq.com": false, "api.weixin.qq.com": false, "qyapi.weixin.qq.com.evil.com": false, "": false, "[::1]:443": false,
	} {
		if got := isWeComHost(h); got != want {
			t.Errorf("isWeComHost(%q) = %v", h, got)
		}
	}
}

func TestDialableURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://0.0.0.0:8080":    "http://127.0.0.1:8080",
		"http://[::]:8080":       "http://127.0.0.1:8080",
		"http://127.0.0.1:41234": "http://127.0.0.1:41234",
		"http://[::1]:80":        "http://[::1]:80",
		"":                       "",
	} {
		if got := dialableURL(in); got != want {
			t.Errorf("dialableURL(%q) = %q, want %q", in, got, want)
		}
	}
}
