package mockserver

import (
	"crypto/subtle"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The control API can read every secret, log in as anyone and wipe the
// world, so it is guarded (docs/control-api.md#security):
//
//   - WithControlToken: every /_mock/ call and the dashboard need
//     "Authorization: Bearer <token>", or the cookie the dashboard gets
//     from /_mock/ui/?token=<token>; 401 without.
//   - Cross-site requests are refused (403) unless they carry the token in
//     the Authorization header, which a browser never adds by itself: an
//     Origin of another site, and POST/PUT/PATCH/DELETE with a body type a
//     form or a simple fetch can send (anything but JSON or YAML).
//   - DNS rebinding: a Host that is not an IP address, localhost or a name
//     of WithAllowedHosts is refused (403) on /_mock/ unless the token is
//     in the header. The WeCom host names the mock intercepts are allowed:
//     no attacker's DNS answers for them. The rule is for /_mock/ only:
//     the API and the pages answer on any Host as before.

// tokenCookie is the cookie that carries the token for the dashboard.
const tokenCookie = "wecom_mock_control_token"

// WithControlToken makes the control API (/_mock/) and the dashboard
// require token: "Authorization: Bearer <token>" (the dashboard: open
// /_mock/ui/?token=<token> once). GET /_mock/healthz stays open, for
// health checks. An empty token changes nothing.
func WithControlToken(token string) Option { return func(c *config) { c.controlToken = token } }

// WithAllowedHosts names host names (besides IP addresses and localhost)
// the control API answers on: e.g. the service name of a compose file.
// A name starting with "." allows its subdomains.
func WithAllowedHosts(hosts ...string) Option {
	return func(c *config) { c.allowedHosts = append(c.allowedHosts, hosts...) }
}

// guardControl wraps the control API's routes.
func (s *Server) guardControl(r *mux.Router) { r.Use(s.controlGuard(true)) }

// controlGuard checks a request to the control API (api true) or the
// dashboard (api false: the Host rule only under /_mock/ui/; the shell at
// "/" holds nothing).
func (s *Server) controlGuard(api bool) mux.MiddlewareFunc {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			bearer := s.bearerOK(r)
			refuse := func(status int, msg string) {
				if status == http.StatusUnauthorized {
					w.Header().Set("WWW-Authenticate", `Bearer realm="wecom-mock control API"`)
				}
				writeControlJSON(w, status, mockctl.ErrorBody{Error: msg})
			}
			switch {
			case bearer:
			case (api || strings.HasPrefix(r.URL.Path, "/_mock/")) && !s.hostAllowed(r.Host):
				refuse(http.StatusForbidden, "the control API answers only on an IP address, localhost or a name of --allowed-hosts, not on Host "+
					r.Host+" (a DNS-rebinding guard); add it with --allowed-hosts or send the control token")
				return
			case crossSiteOrigin(r):
				refuse(http.StatusForbidden, "cross-site request refused: Origin "+r.Header.Get("Origin")+
					" is not this server; send the control token in the Authorization header")
				return
			case formLikeBody(r):
				refuse(http.StatusForbidden, r.Method+" with Content-Type "+r.Header.Get("Content-Type")+
					" refused (a cross-site form could send it); send application/json, or the control token")
				return
			}
			if s.cfg.controlToken != "" && !bearer && !(r.URL.Path == healthzPath && isRead(r.Method)) {
				if s.dashboardLogin(w, r) {
					return
				}
				if !s.cookieOK(r) {
					refuse(http.StatusUnauthorized, "this mock's control API needs its token: send \"Authorization: Bearer <token>\" "+
						"(--control-token, WECOM_MOCK_CONTROL_TOKEN); in a browser open /_mock/ui/?token=<token> once")
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func isRead(method string) bool { return method == http.MethodGet || method == http.MethodHead }

func (s *Server) tokenMatches(got string) bool {
	want := s.cfg.controlToken
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *Server) bearerOK(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && s.tokenMatches(strings.TrimSpace(tok))
}

func (s *Server) cookieOK(r *http.Request) bool {
	c, err := r.Cookie(tokenCookie)
	return err == nil && s.tokenMatches(c.Value)
}

// dashboardLogin serves GET <dashboard>?token=<token>: with the right
// token it sets the dashboard's cookie (HttpOnly, SameSite=Strict: never
// sent by another site's page) and redirects to the same page without the
// token in its address. It reports whether it answered.
func (s *Server) dashboardLogin(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if r.Method != http.MethodGet || !q.Has("token") || !(r.URL.Path == "/" || strings.HasPrefix(r.URL.Path, "/_mock/ui/")) {
		return false
	}
	if !s.tokenMatches(q.Get("token")) {
		writeControlJSON(w, http.StatusUnauthorized, mockctl.ErrorBody{Error: "wrong control token"})
		return true
	}
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: q.Get("token"), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	q.Del("token")
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
	return true
}

// hostAllowed reports whether the control API answers on host (a Host
// header, with or without port): an IP address, localhost, or a name of
// WithAllowedHosts. A DNS-rebinding page reaches the mock under its own
// name, which is none of these.
func (s *Server) hostAllowed(host string) bool {
	if host == "" { // HTTP/1.0 without Host: not a browser
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	// The WeCom hosts the mock intercepts are not names an attacker's DNS
	// answers for.
	if net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost") || isWeComHost(host) {
		return true
	}
	for _, a := range s.cfg.allowedHosts {
		a = strings.ToLower(strings.TrimSpace(a))
		if host == a || (strings.HasPrefix(a, ".") && strings.HasSuffix(host, a)) {
			return true
		}
	}
	return false
}

// crossSiteOrigin reports an Origin header naming another site than the
// Host the request was sent to ("null" included: sandboxed frames, files).
func crossSiteOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return false
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" {
		return true
	}
	return !strings.EqualFold(u.Host, r.Host)
}

// formLikeBody reports a write whose body type is not JSON or YAML: what
// an HTML form or a fetch without a CORS preflight sends (text/plain,
// form encodings). A write without a type (curl -X POST, curl -T, a Go
// client) is allowed: a browser that sends one also sends Origin.
func formLikeBody(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return true
	}
	return !(mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		strings.HasSuffix(mt, "/yaml") || strings.HasSuffix(mt, "/x-yaml"))
}
