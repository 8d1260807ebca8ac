package mockserver

import (
	"errors"
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
	// as on the real host.
	method string
	auth   bool
	// suiteAuth endpoints read suite_access_token instead (41022 / 40082 /
	// 42009), checked at the same point as access_token.
	suiteAuth bool
	handle    handlerFunc
	// maxBody, if larger than the server's API body limit, raises it for
	// this endpoint (media/upload takes files up to 20 MB).
	maxBody int64
	// errorFields are the empty default fields this endpoint's error bodies
	// keep on the real host, token errors included.
	errorFields any
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
		{path: "/cgi-bin/user/get", method: http.MethodGet, auth: true, handle: s.getUser, errorFields: userErrorFields},
		{path: "/cgi-bin/message/send", method: http.MethodPost, auth: true, handle: s.sendMessage},
		{path: "/cgi-bin/message/recall", method: http.MethodPost, auth: true, handle: s.recallMessage},
		{path: "/cgi-bin/media/upload", method: http.MethodPost, auth: true, handle: s.uploadMedia, maxBody: maxUploadBody},
		{path: "/cgi-bin/media/get", method: http.MethodGet, auth: true, handle: s.getMedia},
		{path: "/cgi-bin/department/list", method: http.MethodGet, auth: true, handle: s.departmentList},
		{path: "/cgi-bin/department/simplelist", method: http.MethodGet, auth: true, handle: s.departmentSimpleList, errorFields: simpleListErrorFields},
		{path: "/cgi-bin/department/get", method: http.MethodGet, auth: true, handle: s.departmentGet},
		{path: "/cgi-bin/user/simplelist", method: http.MethodGet, auth: true, handle: s.userSimpleList},
		{path: "/cgi-bin/user/list", method: http.MethodGet, auth: true, handle: s.userList},
		{path: "/cgi-bin/user/list_id", method: http.MethodPost, auth: true, handle: s.userListID, errorFields: listIDErrorFields},
		{path: "/cgi-bin/get_jsapi_ticket", method: http.MethodGet, auth: true, handle: s.getJSAPITicket},
		{path: "/cgi-bin/ticket/get", method: http.MethodGet, auth: true, handle: s.getAgentTicket},
		{path: "/cgi-bin/auth/getuserinfo", method: http.MethodGet, auth: true, handle: s.authGetUserInfo},
		{path: "/cgi-bin/user/getuserinfo", method: http.MethodGet, auth: true, handle: s.oldGetUserInfo},
		{path: "/cgi-bin/auth/getuserdetail", method: http.MethodPost, auth: true, handle: s.authGetUserDetail},
		// Contact writes (api_contacts_write.go); each change causes change_contact callbacks.
		{path: "/cgi-bin/user/create", method: http.MethodPost, auth: true, handle: s.userCreate},
		{path: "/cgi-bin/user/update", method: http.MethodPost, auth: true, handle: s.userUpdate},
		{path: "/cgi-bin/user/delete", method: http.MethodGet, auth: true, handle: s.userDelete},
		{path: "/cgi-bin/department/create", method: http.MethodPost, auth: true, handle: s.departmentCreate},
		{path: "/cgi-bin/department/update", method: http.MethodPost, auth: true, handle: s.departmentUpdate},
		{path: "/cgi-bin/department/delete", method: http.MethodGet, auth: true, handle: s.departmentDelete},
		{path: "/cgi-bin/tag/addtagusers", method: http.MethodPost, auth: true, handle: s.tagAddUsers},
		{path: "/cgi-bin/tag/deltagusers", method: http.MethodPost, auth: true, handle: s.tagDelUsers},
		// Third-party apps and 代开发 templates (api_suite_*.go).
		{path: "/cgi-bin/service/get_suite_token", method: http.MethodPost, handle: s.getSuiteToken},
		{path: "/cgi-bin/service/get_pre_auth_code", method: http.MethodGet, suiteAuth: true, handle: s.getPreAuthCode},
		{path: "/cgi-bin/service/set_session_info", method: http.MethodPost, suiteAuth: true, handle: s.setSessionInfo},
		{path: "/cgi-bin/service/get_permanent_code", method: http.MethodPost, suiteAuth: true, handle: s.getPermanentCode},
		{path: "/cgi-bin/service/v2/get_permanent_code", method: http.MethodPost, suiteAuth: true, handle: s.getPermanentCodeV2},
		{path: "/cgi-bin/service/get_auth_info", method: http.MethodPost, suiteAuth: true, handle: s.getAuthInfo},
		{path: "/cgi-bin/service/v2/get_auth_info", method: http.MethodPost, suiteAuth: true, handle: s.getAuthInfoV2},
		{path: "/cgi-bin/service/get_corp_token", method: http.MethodPost, suiteAuth: true, handle: s.getCorpToken},
		{path: "/cgi-bin/service/miniprogram/jscode2session", method: http.MethodGet, suiteAuth: true, handle: s.suiteJSCode2Session},
		{path: "/cgi-bin/service/auth/getuserinfo3rd", method: http.MethodGet, suiteAuth: true, handle: s.suiteGetUserInfo3rd},
		{path: "/cgi-bin/service/getuserinfo3rd", method: http.MethodGet, suiteAuth: true, handle: s.suiteOldGetUserInfo3rd},
		{path: "/cgi-bin/service/auth/getuserdetail3rd", method: http.MethodPost, suiteAuth: true, handle: s.suiteGetUserDetail3rd},
	}
}

// routes builds the server's handler: journal → faults → router.
//
// WeCom API paths are exact strings, so they are found in a map before mux
// is asked: mux matches routes one regexp at a time and copies the request
// twice to store its vars, which measured as a tenth of a user/get call.
// mux routes everything else (the control API, pages).
func (s *Server) routes() http.Handler {
	// SkipClean: the real host answers "//cgi-bin/gettoken" with 404, not
	// with the redirect to the cleaned path that mux would send.
	r := mux.NewRouter().SkipClean(true)
	r.NotFoundHandler = http.HandlerFunc(notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(notFound)
	s.controlRoutes(r.PathPrefix("/_mock/").Subrouter())
	s.pageRoutes(r)
	s.suitePageRoutes(r)
	api := make(apiRouter)
	for _, ep := range s.apiEndpoints() {
		api[ep.path] = s.apiHandler(ep)
	}
	return s.withJournal(s.withSuiteSchedule(s.withFaults(api.orElse(r))))
}

// apiRouter maps each WeCom API path to its handler.
type apiRouter map[string]http.Handler

// orElse serves API paths itself and hands every other request to next.
func (api apiRouter) orElse(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := api[r.URL.Path]; ok {
			h.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// apiHandler wraps a handler with what every WeCom API does first: bound the
// body, resolve the access token, check the method.
func (s *Server) apiHandler(ep endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, max(s.cfg.maxBodyBytes, ep.maxBody))
		}
		c := &call{query: rawQuery(r.URL.RawQuery)}
		v, err := s.serveAPI(ep, r, c)
		var ae *apiError
		if ep.errorFields != nil && errors.As(err, &ae) && ae.extra == nil {
			err = &apiError{code: ae.code, text: ae.text, extra: ep.errorFields}
		}
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
	if ep.suiteAuth {
		tok, err := s.resolveSuiteToken(c.query)
		if err != nil {
			return nil, err
		}
		c.suite = &tok
	}
	if ep.method == http.MethodPost && r.Method != http.MethodPost {
		return nil, wecomErr(errcode.InvalidParameter)
	}
	return ep.handle(r, c)
}
