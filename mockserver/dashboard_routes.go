package mockserver

import (
	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/dashboard"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// dashboardRoutes mounts the web dashboard (internal/dashboard) at "/" and
// /_mock/ui/ on the mock's own address and the page hosts; WeCom's API host
// keeps its empty 404 at "/". It goes before the control API's subrouter,
// which would take /_mock/ui/.
func (s *Server) dashboardRoutes(r *mux.Router) {
	if s.cfg.controlToken == "" {
		dashboard.Mount(r, pages.NotOnAPIHost)
		return
	}
	// With a control token the dashboard needs it too (control_guard.go):
	// its routes in a subrouter that checks it first.
	sub := r.NewRoute().Subrouter()
	sub.Use(s.controlGuard(false))
	dashboard.Mount(sub, pages.NotOnAPIHost)
}
