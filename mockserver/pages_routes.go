package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// pageRoutes mounts the login and install pages and their helpers on r,
// following the page hosts' rules (see the pages package): each entry page
// on its WeCom host and on the mock's own address, the helpers and assets on
// every host but the API's.
func (s *Server) pageRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	pages.Entry(r, pages.OAuthAuthorizePath, http.HandlerFunc(s.oauthAuthorize), get...)
	pages.Entry(r, pages.QRLoginPath, s.qrLoginPage(false), get...)
	pages.Entry(r, pages.OldQRLoginPath, s.qrLoginPage(true), get...)
	pages.Entry(r, pages.InstallPath, http.HandlerFunc(s.suiteInstallPage), get...)
	pages.Entry(r, pages.InstallPath, http.HandlerFunc(s.suiteInstallSubmit), http.MethodPost)

	pages.MountStatic(r)
	pages.Helper(r, oauthChoosePath, http.HandlerFunc(s.oauthChoose), http.MethodPost)
	pages.Helper(r, oauthConsentPath, http.HandlerFunc(s.oauthConsent), http.MethodPost)
	pages.Helper(r, "/wwmock/qr/{key}", http.HandlerFunc(s.qrDesktop), get...)
	pages.Helper(r, "/wwmock/qr/{key}/code.svg", http.HandlerFunc(s.qrImage), get...)
	pages.Helper(r, "/wwmock/qr/{key}/phone", http.HandlerFunc(s.qrPhone), get...)
	pages.Helper(r, "/wwmock/qr/{key}/phone", http.HandlerFunc(s.qrPhoneAction), http.MethodPost)
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
