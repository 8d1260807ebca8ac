package dashboard

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

//go:embed static
var staticFS embed.FS

// Prefix is where the dashboard and its assets are served besides "/".
const Prefix = "/_mock/ui/"

// CSP is the dashboard's Content-Security-Policy: its own origin only, no
// inline script or style, never framed. connect-src 'self' lets the modules
// call the control API and open the journal stream on the same origin.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Mount serves the dashboard on r at "/" and under Prefix, for GET and
// HEAD, on the hosts where matches (the page system's: every host but
// WeCom's API host, where "/" stays an empty 404). Mount it before the
// control API's /_mock/ subrouter, which would otherwise take Prefix.
func Mount(r *mux.Router, where mux.MatcherFunc) {
	h := Handler()
	// Literal method lists: mux upper-cases the slice it is given in place.
	r.Path("/").Methods(http.MethodGet, http.MethodHead).MatcherFunc(where).Handler(h)
	r.PathPrefix(Prefix).Methods(http.MethodGet, http.MethodHead).MatcherFunc(where).Handler(h)
}

// Handler serves the shell at "/" and Prefix, and the assets under Prefix,
// each with the security headers. Directories and unknown files are an
// empty 404.
func Handler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secure(w.Header())
		name := strings.TrimPrefix(r.URL.Path, Prefix)
		switch {
		case r.URL.Path == "/" || r.URL.Path == Prefix:
			// The shell is never cached: a new binary's dashboard shows at once.
			w.Header().Set("Cache-Control", "no-store")
			http.ServeFileFS(w, r, sub, "index.html")
		case name == r.URL.Path || name == "" || strings.HasSuffix(name, "/") || name == "index.html":
			notFound(w)
		default:
			if _, err := fs.Stat(sub, name); err != nil {
				notFound(w)
				return
			}
			w.Header().Set("Cache-Control", "no-cache")
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/" + name
			files.ServeHTTP(w, r2)
		}
	})
}

// secure sets the headers every dashboard answer carries.
func secure(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// notFound answers as the server does for an unknown path: 404, empty body.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNotFound)
}
