package mockserver

import (
	"net"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// The login pages answer on any host the mock is reached at (127.0.0.1, a
// LAN address, a container name) and, for interception (DNS or a proxy
// sending WeCom's host names to the mock), on WeCom's own login hosts —
// each serving only the page the real one serves there, so an app whose
// login URLs are hard-coded works unchanged. The API host qyapi.weixin.qq.com
// serves no pages, as the real one does not.

// wecomLoginPages are WeCom's login hosts and the entry page each serves.
var wecomLoginPages = []struct{ host, path string }{
	{"open.weixin.qq.com", oauthAuthorizePath},
	{"login.work.weixin.qq.com", qrLoginPath},
	{"open.work.weixin.qq.com", oldQRLoginPath},
}

// qyapiHost is WeCom's API host: no pages there.
const qyapiHost = "qyapi.weixin.qq.com"

// pageRoutes mounts the login pages and their helpers on r.
func (s *Server) pageRoutes(r *mux.Router) {
	entries := map[string]http.Handler{
		oauthAuthorizePath: http.HandlerFunc(s.oauthAuthorize),
		qrLoginPath:        s.qrLoginPage(false),
		oldQRLoginPath:     s.qrLoginPage(true),
	}
	get := []string{http.MethodGet, http.MethodHead}
	for _, p := range wecomLoginPages {
		r.Host(p.host).Path(p.path).Methods(get...).Handler(entries[p.path])
	}
	for _, p := range wecomLoginPages {
		r.Path(p.path).Methods(get...).MatcherFunc(onMockHost).Handler(entries[p.path])
	}

	// The mock's own helpers (forms, the QR code, the phone page, assets)
	// are linked from the pages, so they answer on every host but the API's.
	helper := func(path string, h http.Handler, methods ...string) {
		r.Path(path).Methods(methods...).MatcherFunc(notOnAPIHost).Handler(h)
	}
	r.PathPrefix(staticPrefix).Methods(get...).MatcherFunc(notOnAPIHost).Handler(staticHandler())
	helper(oauthChoosePath, http.HandlerFunc(s.oauthChoose), http.MethodPost)
	helper(oauthConsentPath, http.HandlerFunc(s.oauthConsent), http.MethodPost)
	helper("/wwmock/qr/{key}", http.HandlerFunc(s.qrDesktop), get...)
	helper("/wwmock/qr/{key}/code.svg", http.HandlerFunc(s.qrImage), get...)
	helper("/wwmock/qr/{key}/phone", http.HandlerFunc(s.qrPhone), get...)
	helper("/wwmock/qr/{key}/phone", http.HandlerFunc(s.qrPhoneAction), http.MethodPost)
}

// requestHost is the request's host name, lower-cased, without the port.
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
	if h == qyapiHost {
		return false
	}
	for _, p := range wecomLoginPages {
		if h == p.host {
			return false
		}
	}
	return true
}

func notOnAPIHost(r *http.Request, _ *mux.RouteMatch) bool { return requestHost(r) != qyapiHost }
