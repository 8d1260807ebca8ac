package mockserver

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/weblogin"
)

// pageRoutes mounts the login and install pages and their helpers on r,
// following the page hosts' rules (see the pages package): each entry page
// on its WeCom host and on the mock's own address, the helpers and assets on
// every host but the API's.
func (s *Server) pageRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	s.webLogins().Mount(r)
	pages.Entry(r, pages.InstallPath, http.HandlerFunc(s.suites.InstallPage), get...)
	pages.Entry(r, pages.InstallPath, http.HandlerFunc(s.suites.InstallSubmit), http.MethodPost)
	s.contactWayQRRoutes(r)
	s.joinQRRoutes(r)
	s.imageRoutes(r)

	pages.MountStatic(r)
}

// webLogins is the OAuth and QR-login pages (internal/weblogin) on this
// server's store, issuing codes through MintCode and wording store errors
// as the login APIs do.
func (s *Server) webLogins() *weblogin.Flows {
	return weblogin.New(weblogin.Config{
		Store:  s.store,
		Logger: s.cfg.logger,
		MintCode: func(req store.MintRequest) (string, error) {
			code, err := s.MintCode(CodeRequest{
				Kind: string(req.Kind), CorpID: req.CorpID, AgentID: req.AgentID,
				UserID: req.UserID, OpenID: req.OpenID, Scope: req.Scope, RedirectURI: req.RedirectURI,
			})
			return code.Code, err
		},
		Refused: func(err error) (string, bool) {
			var me *Error
			if errors.As(err, &me) {
				return me.Msg, true
			}
			return "", false
		},
		Explain: func(err error, corpID string, agentID int, userID string) error {
			return storeError(err, subject{terms: loginTerms, corpID: corpID, agentID: agentID, userID: userID})
		},
	})
}

// renderPage renders a page of the pages package, logging a template
// failure to the server's logger.
func (s *Server) renderPage(w http.ResponseWriter, status int, name string, data any) {
	pages.Render(w, s.cfg.logger, status, name, data)
}

// renderError renders the error page.
func (s *Server) renderError(w http.ResponseWriter, e *pages.ErrorPage) {
	pages.Error(w, s.cfg.logger, e)
}
