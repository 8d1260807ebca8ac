package pages

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var staticFS embed.FS

// StaticPrefix is where the embedded stylesheet, script and icon are served;
// the templates link them there.
const StaticPrefix = "/wwmock/static/"

// Static serves the embedded assets under StaticPrefix.
func Static() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.StripPrefix(StaticPrefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			notFound(w) // no directory listings
			return
		}
		// no-cache, not no-store: a browser may keep an asset but asks
		// again, so a new binary's stylesheet shows at once.
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
}

// notFound answers as the server does for an unknown path: 404, empty body.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNotFound)
}
