package pages

import (
	"net"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// The pages answer on any host the mock is reached at (127.0.0.1, a LAN
// address, a container name) and, for interception (DNS or a proxy sending
// WeCom's host names to the mock), on WeCom's own page hosts — each serving
// only the pages the real one serves there, so an app whose URLs are
// hard-coded works unchanged. The API host serves no pages, as the real one
// does not.

// The entry pages' paths, as on WeCom.
const (
	OAuthAuthorizePath = "/connect/oauth2/authorize"
	QRLoginPath        = "/wwlogin/sso/login"
	OldQRLoginPath     = "/wwopen/sso/qrConnect"
	// ProviderLoginPath is the service provider's website login
	// (https://developer.work.weixin.qq.com/document/path/91124).
	ProviderLoginPath = "/wwopen/sso/3rd_qrConnect"
	InstallPath       = "/3rdapp/install"
)

// wecomPages are WeCom's page hosts and the entry pages each serves.
var wecomPages = []struct{ host, path string }{
	{"open.weixin.qq.com", OAuthAuthorizePath},
	{"login.work.weixin.qq.com", QRLoginPath},
	{"open.work.weixin.qq.com", OldQRLoginPath},
	{"open.work.weixin.qq.com", ProviderLoginPath},
	{"open.work.weixin.qq.com", InstallPath},
}

// apiHost is WeCom's API host: no pages there.
const apiHost = "qyapi.weixin.qq.com"

// wecomHostOf is the WeCom host that serves the entry page at path.
func wecomHostOf(path string) (string, bool) {
	for _, p := range wecomPages {
		if p.path == path {
			return p.host, true
		}
	}
	return "", false
}

// requestHost is the request's host name, lower-cased, without the port or
// a trailing dot.
func requestHost(r *http.Request) string {
	h := r.Host
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// onMockHost matches a host that is not one of WeCom's: the mock's own
// address, where every entry page is served.
func onMockHost(r *http.Request, _ *mux.RouteMatch) bool {
	h := requestHost(r)
	if h == apiHost {
		return false
	}
	for _, p := range wecomPages {
		if h == p.host {
			return false
		}
	}
	return true
}

// notOnAPIHost matches every host but WeCom's API host.
func notOnAPIHost(r *http.Request, _ *mux.RouteMatch) bool { return requestHost(r) != apiHost }

// NotOnAPIHost matches every host but WeCom's API host, for the mock's own
// pages mounted outside this package (the dashboard).
func NotOnAPIHost(r *http.Request, m *mux.RouteMatch) bool { return notOnAPIHost(r, m) }

// BaseURL is the scheme and host the browser reached the server at, so
// links (the QR code's phone page above all) work from wherever the page is
// opened: a LAN address, a container name, an intercepted WeCom host. It
// ends with the request's BasePath inside a sandbox.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + BasePath(r)
}

// OnLoopback reports whether the browser reached the server at an address
// of this machine only, which a phone cannot scan its way to.
func OnLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
