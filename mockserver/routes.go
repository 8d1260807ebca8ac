package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/agent"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/appchat"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/batch"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/contacts"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/directory"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/login"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/media"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/message"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/suite"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/token"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/webhook"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// endpoint is one WeCom API as the server serves it: its catalog entry and,
// for the endpoints the mock models with state, the handler of that model.
type endpoint struct {
	spec *catalog.Endpoint
	model
}

// family is an API family's room under internal/api: its endpoints with
// the handlers of their models.
type family interface {
	Models() map[string]kernel.Model
}

// buildModels collects the endpoints the mock answers from its world and
// runtime state: those of the families under internal/api. Every other
// catalogued endpoint gets the catalog's shaped answer.
func (s *Server) buildModels() (map[string]model, error) {
	all := map[string]model{}
	for _, f := range s.families() {
		for path, m := range f.Models() {
			if _, dup := all[path]; dup {
				return nil, fmt.Errorf("mockserver: %s is modelled twice", path)
			}
			all[path] = m
		}
	}
	return all, nil
}

// families are the API families of the server, each on its kernel.
func (s *Server) families() []family {
	return []family{
		token.New(s.env), login.New(s.env), media.New(s.env), message.New(s.env), suite.New(s.env), webhook.New(s.env),
		appchat.New(s.env), agent.New(s.env),
		directory.New(s.env),
		s.contacts, s.customers, s.batch,
	}
}

// apiEndpoints joins the catalog with the models: every catalogued endpoint,
// with its model where it has one. A model without a catalog entry is an
// error: the catalog is the list of what the server serves.
func (s *Server) apiEndpoints() ([]endpoint, error) {
	cat := catalog.Default()
	models, err := s.buildModels()
	if err != nil {
		return nil, err
	}
	eps := make([]endpoint, 0, len(cat.Endpoints()))
	for _, spec := range cat.Endpoints() {
		ep := endpoint{spec: spec, model: models[spec.Path]}
		delete(models, spec.Path)
		eps = append(eps, ep)
	}
	for path := range models {
		return nil, fmt.Errorf("mockserver: %s has a handler but no catalog entry", path)
	}
	return eps, nil
}

// apiShape is what the APIs of every server have in common: which paths a
// family models and the extra fields of their error answers.
type apiShape struct {
	modelled    map[string]bool
	errorFields map[string]any
	// index is each path's place in apiEndpoints' list, the same for
	// every server: a server's router is that list and this map.
	index map[string]int
	// familyOf is the index in families() of the family modelling each
	// endpoint of that list, -1 for a shaped one.
	familyOf []int
}

// sharedAPIShape finds the shape once per process, from families built on
// an empty kernel (their Models only name their methods), and reports a
// model without a catalog entry or modelled twice as New's error.
var sharedAPIShape = sync.OnceValues(func() (apiShape, error) {
	probe := &Server{env: &kernel.Env{}}
	probe.contacts = contacts.New(probe.env)
	probe.customers = externalcontact.New(probe.env)
	probe.batch = batch.New(probe.env)
	eps, err := probe.apiEndpoints()
	if err != nil {
		return apiShape{}, err
	}
	shape := apiShape{modelled: map[string]bool{}, errorFields: map[string]any{}, index: make(map[string]int, len(eps)), familyOf: make([]int, len(eps))}
	for i, ep := range eps {
		shape.index[ep.spec.Path] = i
		shape.familyOf[i] = -1
		if ep.Handle != nil {
			shape.modelled[ep.spec.Path] = true
		}
		if ep.ErrorFields != nil {
			shape.errorFields[ep.spec.Path] = ep.ErrorFields
		}
	}
	for k, f := range probe.families() {
		for path := range f.Models() {
			shape.familyOf[shape.index[path]] = k
		}
	}
	return shape, nil
})

// routes builds the server's handler: sandboxes → journal → suite schedule
// → customer transfers due → batch import rows due → stubs → faults →
// router.
//
// WeCom API paths are exact strings, so they are found in a map before mux
// is asked: mux matches routes one regexp at a time and copies the request
// twice to store its vars, which measured as a tenth of a user/get call.
// mux routes everything else (the control API, pages).
//
// The routers are built on the first request each serves: that is most of
// what a server costs to build, and a test that never sends a request, or
// only calls the WeCom API, need not pay for the rest. The control API's
// router (with the dashboard, which also lives under /_mock/ui/) and the
// pages' router are apart, so that the binary's first health check, or a
// test's first login page, builds only its own: mux compiles a regexp for
// every route.
func (s *Server) routes() (http.Handler, error) {
	shape, err := sharedAPIShape()
	if err != nil {
		return nil, err
	}
	s.modelled = shape.modelled
	control := s.lazyRouter(func(r *mux.Router) { s.controlRoutes(r.PathPrefix("/_mock/").Subrouter()) })
	pageRouter := s.lazyRouter(s.pageRoutes)
	r := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/_mock/") {
			control.ServeHTTP(w, req)
			return
		}
		pageRouter.ServeHTTP(w, req)
	})
	api := lazyHandler(func() http.Handler {
		return s.newAPIRouter(shape).orElse(r)
	})
	api = s.healthzFirst(api)
	return s.withSandboxes(s.withJournal(s.suites.Schedule(s.withTransfers(s.withBatchJobs(s.withStubs(s.withFaults(shape.errorFields, api))))))), nil
}

// healthzFirst answers GET and HEAD /_mock/healthz, behind the control
// API's guard as the control router would, before next is built: a health
// check polling a starting binary need not wait for the API's and the
// control API's routers (mux compiles a regexp per route).
func (s *Server) healthzFirst(next http.Handler) http.Handler {
	healthz := lazyHandler(func() http.Handler { return s.controlGuard(true)(s.controlMethods(s.healthzMethods())) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == healthzPath {
			healthz.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// lazyRouter is a mux router with the dashboard and what mount adds, built
// on its first request.
func (s *Server) lazyRouter(mount func(*mux.Router)) http.Handler {
	return lazyHandler(func() http.Handler {
		// SkipClean: the real host answers "//cgi-bin/gettoken" with 404, not
		// with the redirect to the cleaned path that mux would send.
		r := mux.NewRouter().SkipClean(true)
		r.NotFoundHandler = http.HandlerFunc(unmatchedPath)
		r.MethodNotAllowedHandler = methodNotAllowed(r)
		s.dashboardRoutes(r)
		mount(r)
		return r
	})
}

// lazyHandler builds its handler once, on the first request.
func lazyHandler(build func() http.Handler) http.Handler {
	h := sync.OnceValue(build)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h().ServeHTTP(w, r) })
}

// apiRouter finds each WeCom API path's endpoint: the process-wide index
// into the server's own list, so building it allocates nothing per path.
// A family's models join the list at the first call of one of its
// endpoints: a test calling gettoken builds the token family's only (all
// of them were a third of a new server's first call).
type apiRouter struct {
	s        *Server
	index    map[string]int
	familyOf []int
	fams     []family
	modelled []sync.Once // per family: its models are in eps
	eps      []endpoint
}

func (s *Server) newAPIRouter(shape apiShape) *apiRouter {
	specs := catalog.Default().Endpoints()
	api := &apiRouter{s: s, index: shape.index, familyOf: shape.familyOf, fams: s.families(), eps: make([]endpoint, len(specs))}
	api.modelled = make([]sync.Once, len(api.fams))
	for i, spec := range specs {
		api.eps[i].spec = spec
	}
	return api
}

// endpoint returns the i-th endpoint, with its family's models in place.
func (api *apiRouter) endpoint(i int) *endpoint {
	if k := api.familyOf[i]; k >= 0 {
		api.modelled[k].Do(func() {
			for path, m := range api.fams[k].Models() {
				j, ok := api.index[path]
				if !ok { // sharedAPIShape's families modelled the same paths
					panic(fmt.Sprintf("mockserver: %s has a handler but no catalog entry", path))
				}
				api.eps[j].model = m
			}
		})
	}
	return &api.eps[i]
}

// orElse serves API paths itself and hands every other request to next.
func (api *apiRouter) orElse(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i, ok := api.index[r.URL.Path]; ok {
			api.s.serveEndpoint(w, r, api.endpoint(i))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// serveEndpoint does what every WeCom API does first — bound the body,
// resolve the access token, check the method — and answers the call.
func (s *Server) serveEndpoint(w http.ResponseWriter, r *http.Request, ep *endpoint) {
	if r.Body != nil && r.Body != http.NoBody {
		limit := max(s.cfg.maxBodyBytes, ep.MaxBody)
		if ep.spec.Upload {
			limit = max(limit, kernel.MaxUploadBody)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	c := &call{Query: rawQuery(r.URL.RawQuery)}
	v, err := s.serveAPI(*ep, r, c)
	var ae *apiError
	if ep.ErrorFields != nil && errors.As(err, &ae) && ae.Extra == nil {
		err = &apiError{Code: ae.Code, Text: ae.Text, Extra: ep.ErrorFields}
	}
	s.writeResult(w, r, v, err)
}

// serveAPI checks what the real host checks first — the credential, then
// the method: a POST API called with GET misses its body (40058) — and
// hands the call to the endpoint's model or to the catalog's shaped answer.
func (s *Server) serveAPI(ep endpoint, r *http.Request, c *call) (any, error) {
	if err := s.authorize(ep.spec, c); err != nil {
		return nil, err
	}
	if s.store.LimitsOn() {
		lc := limitedCall(ep.spec, r, c)
		if err := s.admitCall(lc); err != nil {
			return nil, err
		}
		defer s.store.EndCall(lc)
	}
	if ep.spec.Method == http.MethodPost && r.Method != http.MethodPost {
		return nil, wecomErr(errcode.InvalidParameter)
	}
	if ep.Handle == nil {
		return s.answerShaped(ep.spec, r, c)
	}
	if ep.CheckParams {
		if err := s.checkModelParams(ep.spec, r, c); err != nil {
			return nil, err
		}
	}
	return ep.Handle(r, c)
}
