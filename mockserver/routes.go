package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// endpoint is one WeCom API: its path, the method it is documented with, and
// whether it needs an access_token.
type endpoint struct {
	path string
	// method is GET or POST. GET APIs read only the query and also answer
	// POST; a POST API called with GET misses its body and fails with 40058,
	// as on the real host (wecom-api.md §1).
	method string
	auth   bool
	handle handlerFunc
}

// handlerFunc is the one shape of an API handler: it returns the success
// body or an error; writeResult turns either into the WeCom response.
type handlerFunc func(r *http.Request, c *call) (any, error)

// apiEndpoints is the route table of the WeCom API, one line per endpoint;
// handlers live in one file per API family (api_*.go).
func (s *Server) apiEndpoints() []endpoint {
	return []endpoint{
		{path: "/cgi-bin/gettoken", method: http.MethodGet, handle: s.getToken},
		{path: "/cgi-bin/miniprogram/jscode2session", method: http.MethodGet, auth: true, handle: s.jsCode2Session},
		{path: "/cgi-bin/user/get", method: http.MethodGet, auth: true, handle: s.getUser},
	}
}

// routes builds the server's handler: journal → faults → router.
func (s *Server) routes() http.Handler {
	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(notFound)
	s.controlRoutes(r.PathPrefix("/_mock/").Subrouter())
	for _, ep := range s.apiEndpoints() {
		r.Path(ep.path).Handler(s.apiHandler(ep))
	}
	return s.withJournal(s.withFaults(r))
}

// apiHandler wraps a handler with what every WeCom API does first: bound the
// body, resolve the access token, check the method.
func (s *Server) apiHandler(ep endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.maxBodyBytes)
		c := &call{query: r.URL.Query()}
		v, err := s.serveAPI(ep, r, c)
		s.writeResult(w, r, v, err)
	})
}

func (s *Server) serveAPI(ep endpoint, r *http.Request, c *call) (any, error) {
	if ep.auth {
		tok, err := s.resolveToken(c.query)
		if err != nil {
			return nil, err
		}
		c.token = tok
	}
	if ep.method == http.MethodPost && r.Method != http.MethodPost {
		return nil, wecomErr(errcode.InvalidParameter)
	}
	return ep.handle(r, c)
}
