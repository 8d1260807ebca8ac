package mockserver

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// controlFunc is the shape of a control handler: a JSON-able value or an
// error (an *Error, answered with its status; anything else is a 500, which
// would be a bug).
type controlFunc func(r *http.Request) (any, error)

// controlRoutes mounts the /_mock/ API. Each endpoint mirrors a method of
// *Server, so tests in Go and tools in other languages share one vocabulary.
func (s *Server) controlRoutes(r *mux.Router) {
	s.guardControl(r) // token, cross-site and Host rules (control_guard.go)
	// Each path is one route that dispatches on the method itself: inside a
	// subrouter, gorilla/mux loses a method mismatch as soon as a later
	// route's copied prefix matcher matches, and answers 404 instead of 405.
	var paths []string
	byPath := map[string]map[string]controlFunc{}
	handle := func(path string, fn controlFunc, methods ...string) {
		if byPath[path] == nil {
			byPath[path] = map[string]controlFunc{}
			paths = append(paths, path)
		}
		for _, m := range methods {
			byPath[path][m] = fn
		}
	}
	for m, fn := range s.healthzMethods() { // answered before this router is built (healthzFirst)
		handle(strings.TrimPrefix(healthzPath, "/_mock"), fn, m)
	}
	handle("/reset", s.ctlReset, http.MethodPost)
	handle("/fixtures", s.ctlGetFixtures, http.MethodGet)
	handle("/fixtures", s.ctlPutFixtures, http.MethodPut, http.MethodPost)
	handle("/state", s.ctlState, http.MethodGet)
	handle("/codes", s.ctlMintCode, http.MethodPost)
	handle("/clock", s.ctlClock, http.MethodGet)
	handle("/clock/advance", s.ctlAdvance, http.MethodPost)
	handle("/clock/freeze", s.ctlFreeze, http.MethodPost)
	handle("/clock/unfreeze", s.ctlUnfreeze, http.MethodPost)
	handle("/faults", s.ctlListFaults, http.MethodGet)
	handle("/faults", s.ctlAddFault, http.MethodPost)
	handle("/faults", s.ctlClearFaults, http.MethodDelete)
	handle("/faults/{id}", s.ctlRemoveFault, http.MethodDelete)
	s.stubControlRoutes(handle)
	handle("/catalog", s.ctlCatalog, http.MethodGet)
	handle("/requests", s.ctlRequests, http.MethodGet)
	handle("/requests", s.ctlClearRequests, http.MethodDelete)
	s.journalControlRoutes(handle) // count and verify (journal_verify.go)
	handle("/visibility", s.ctlVisibility, http.MethodGet)
	handle("/messages", s.ctlMessages, http.MethodGet)
	handle("/messages", s.ctlClearMessages, http.MethodDelete)
	handle("/limits", s.ctlLimits, http.MethodGet)
	handle("/login/next", s.ctlNextLogins, http.MethodGet)
	handle("/login/next", s.ctlNextLogin, http.MethodPost)
	handle("/login/next", s.ctlClearNextLogins, http.MethodDelete)
	handle("/qrlogins", s.ctlQRLogins, http.MethodGet)
	handle("/qrlogins", s.ctlStartQRLogin, http.MethodPost)
	handle("/qrlogins/{key}", s.ctlQRLogin, http.MethodGet)
	handle("/qrlogins/{key}/scan", s.ctlScanQRLogin, http.MethodPost)
	handle("/qrlogins/{key}/confirm", s.ctlConfirmQRLogin, http.MethodPost)
	handle("/qrlogins/{key}/cancel", s.ctlCancelQRLogin, http.MethodPost)
	s.suiteControlRoutes(handle)
	// Callbacks (callback_control.go): fixed paths before /callbacks/{id}.
	handle("/callbacks", s.ctlDeliveries, http.MethodGet)
	handle("/callbacks", s.ctlClearDeliveries, http.MethodDelete)
	handle("/callbacks/config", s.ctlCallbackConfigs, http.MethodGet)
	handle("/callbacks/config", s.ctlSetCallback, http.MethodPut, http.MethodPost)
	handle("/callbacks/config", s.ctlRemoveCallback, http.MethodDelete)
	handle("/callbacks/wait", s.ctlWaitDeliveries, http.MethodPost)
	handle("/callbacks/trigger", s.ctlTriggerCallback, http.MethodPost)
	handle("/callbacks/probe", s.ctlProbeCallback, http.MethodPost)
	handle("/callbacks/{id}", s.ctlDelivery, http.MethodGet)
	handle("/contacts/users", s.ctlContactsUsers, http.MethodPost)
	handle("/contacts/departments", s.ctlContactsDepartments, http.MethodPost)
	handle("/contacts/tags", s.ctlContactsTags, http.MethodPost)
	s.externalContactControlRoutes(handle)
	s.cardControlRoutes(handle)
	s.dashboardControlRoutes(handle) // dashboard_control.go
	s.sandboxControlRoutes(handle)
	for _, p := range paths {
		r.Handle(p, s.controlMethods(byPath[p]))
	}
	// The world export answers YAML too: not a controlFunc.
	r.HandleFunc("/world", s.worldExport)

	r.HandleFunc("/requests/stream", s.requestStream) // streams: not a controlFunc

	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		writeControlJSON(w, http.StatusNotFound, mockctl.ErrorBody{Error: "no control endpoint " + req.URL.Path + " (see docs/control-api.md)"})
	})
}

// healthzPath is the health check's path, open without the control token.
const healthzPath = "/_mock/healthz"

func (s *Server) healthzMethods() map[string]controlFunc {
	return map[string]controlFunc{http.MethodGet: s.ctlHealthz, http.MethodHead: s.ctlHealthz}
}

// controlAnswer is a Go API method's result as a control handler's.
func controlAnswer[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// controlMethods serves one control path: each method its handler, any other
// method 405 with an Allow header.
func (s *Server) controlMethods(fns map[string]controlFunc) http.Handler {
	allow := strings.Join(slices.Sorted(maps.Keys(fns)), ", ")
	handlers := make(map[string]http.Handler, len(fns))
	for m, fn := range fns {
		handlers[m] = s.control(fn)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h, ok := handlers[req.Method]
		if !ok {
			w.Header().Set("Allow", allow)
			writeControlJSON(w, http.StatusMethodNotAllowed,
				mockctl.ErrorBody{Error: req.Method + " is not allowed on " + req.URL.Path + " (allowed: " + allow + ")"})
			return
		}
		h.ServeHTTP(w, req)
	})
}

func (s *Server) control(fn controlFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r)
		var e *Error
		switch {
		case errors.As(err, &e):
			writeControlJSON(w, e.Status, mockctl.ErrorBody{Error: e.Error()})
		case err != nil:
			s.cfg.logger.Error("control handler failed", "path", r.URL.Path, "err", err)
			writeControlJSON(w, http.StatusInternalServerError, mockctl.ErrorBody{Error: err.Error()})
		default:
			if st, ok := v.(controlStream); ok { // big lists (control_paging.go)
				st.writeStream(w)
				return
			}
			writeControlJSON(w, http.StatusOK, v)
		}
	})
}

func writeControlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// maxControlBody bounds control requests other than fixture uploads.
const maxControlBody = 1 << 20

// decodeControl reads a JSON body into v, rejecting unknown fields so a typo
// in a field name is reported instead of silently ignored. An empty body
// leaves v at its defaults.
func decodeControl(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxControlBody+1))
	if err != nil {
		return badRequest("reading body: %v", err)
	}
	if len(body) > maxControlBody {
		return statusErr(http.StatusRequestEntityTooLarge, "body larger than %d bytes", maxControlBody)
	}
	if strings.TrimSpace(string(body)) == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("invalid JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("invalid JSON body: more than one value")
	}
	return nil
}
