package mockserver

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// routeMethods are the methods a wrong-method answer may list in Allow.
var routeMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// loginPagePaths are the entry pages; their helpers and assets live under
// /wwmock/.
var loginPagePaths = map[string]bool{
	pages.OAuthAuthorizePath: true, pages.QRLoginPath: true, pages.OldQRLoginPath: true,
	pages.ProviderLoginPath: true, pages.InstallPath: true,
}

// methodNotAllowed answers a login or install page (or one of its helpers)
// called with a method it does not take: 405 with the methods it does take
// in Allow (RFC 9110 §15.5.6). Other routes keep the empty 404; WeCom API
// paths never get here (apiRouter answers them as WeCom does).
func methodNotAllowed(r *mux.Router) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !loginPagePaths[req.URL.Path] && !strings.HasPrefix(req.URL.Path, "/wwmock/") {
			unmatchedPath(w, req)
			return
		}
		var allow []string
		for _, m := range routeMethods {
			probe := req.Clone(req.Context())
			probe.Method = m
			var match mux.RouteMatch
			if r.Match(probe, &match) && match.MatchErr == nil {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			unmatchedPath(w, req)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusMethodNotAllowed)
	})
}
