package pages

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Entry mounts h for methods at path, one of WeCom's entry pages: on the
// WeCom host that serves it (under interception) and on the mock's own
// address, never on another WeCom host. A path no WeCom host serves is a
// mistake in the route table and panics at start. mux upper-cases methods
// in place: give each server its own slice.
func Entry(r *mux.Router, path string, h http.Handler, methods ...string) {
	host, ok := wecomHostOf(path)
	if !ok {
		panic("pages: no WeCom host serves " + path)
	}
	r.Host(host).Path(path).Methods(methods...).Handler(h)
	r.Path(path).Methods(methods...).MatcherFunc(onMockHost).Handler(h)
}

// Helper mounts h for methods at path, one of the mock's own pages that the
// entry pages link to (forms, the QR code, the phone page): on every host
// but the API's, since the browser stays on the host it entered by.
func Helper(r *mux.Router, path string, h http.Handler, methods ...string) {
	r.Path(path).Methods(methods...).MatcherFunc(notOnAPIHost).Handler(h)
}

// MountStatic mounts the embedded assets under StaticPrefix, on every host
// but the API's.
func MountStatic(r *mux.Router) {
	// Literal methods: mux upper-cases the slice it is given in place, so a
	// shared one would be written by every server built at once.
	r.PathPrefix(StaticPrefix).Methods(http.MethodGet, http.MethodHead).MatcherFunc(notOnAPIHost).Handler(Static())
}
