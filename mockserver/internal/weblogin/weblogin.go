// Package weblogin is the web login flows the mock serves to a browser: the
// OAuth2 authorize page (网页授权, with its member list, consent and declined
// pages) and the QR-code login (扫码登录: the desktop page, the SVG of its
// QR code, the phone page and its form), both ending in a redirect to the
// app's redirect_uri with a code that auth/getuserinfo exchanges — or, for
// a third-party app (appid=SuiteID, login_type=ServiceApp), a code of the
// suite for service/auth/getuserinfo3rd — and the service provider's
// website login (3rd_qrConnect), whose auth_code service/get_login_info
// exchanges.
//
// The flows read and change state through the store and render through the
// pages package. What belongs to the server — issuing a code through its Go
// API and wording a store error as its APIs do — comes in through Config, so
// the package knows neither the server nor the API families. The Go and
// control APIs of logins (NextLogin, StartQRLogin, ScanQRLogin…) stay on the
// server; they share View and PhonePath with these pages.
package weblogin

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Config is what the flows need from the server.
type Config struct {
	// Store holds the world, the QR logins and the next-login queue.
	Store *store.Store
	// Logger receives template failures.
	Logger *slog.Logger
	// MintCode issues the code of a finished OAuth login.
	MintCode func(store.MintRequest) (code string, err error)
	// Refused reports whether an error of MintCode is a refusal of the
	// request (a member outside the corp, say), and its message; any other
	// error is the server's own failure.
	Refused func(err error) (msg string, ok bool)
	// Explain words a store error about a login as the Go and control APIs
	// do.
	Explain func(err error, corpID string, agentID int, userID string) error
}

// Flows serves the login pages.
type Flows struct {
	cfg Config
	st  *store.Store
}

// New returns the flows of cfg.
func New(cfg Config) *Flows { return &Flows{cfg: cfg, st: cfg.Store} }

// The forms of the authorize page; the page itself is
// pages.OAuthAuthorizePath.
const (
	oauthChoosePath  = "/wwmock/oauth/choose"
	oauthConsentPath = "/wwmock/oauth/consent"
)

// Mount mounts the login pages and their helpers on r, following the page
// hosts' rules (see the pages package): each entry page on its WeCom host
// and on the mock's own address, the helpers on every host but the API's.
func (f *Flows) Mount(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	pages.Entry(r, pages.OAuthAuthorizePath, http.HandlerFunc(f.oauthAuthorize), get...)
	pages.Entry(r, pages.QRLoginPath, f.qrLoginPage(false), get...)
	pages.Entry(r, pages.OldQRLoginPath, f.qrLoginPage(true), get...)
	pages.Entry(r, pages.ProviderLoginPath, http.HandlerFunc(f.providerLoginPage), get...)

	pages.Helper(r, oauthChoosePath, http.HandlerFunc(f.oauthChoose), http.MethodPost)
	pages.Helper(r, oauthConsentPath, http.HandlerFunc(f.oauthConsent), http.MethodPost)
	pages.Helper(r, suiteOAuthChoosePath, http.HandlerFunc(f.suiteOAuthChoose), http.MethodPost)
	pages.Helper(r, suiteOAuthConsentPath, http.HandlerFunc(f.suiteOAuthConsent), http.MethodPost)
	pages.Helper(r, providerChoosePath, http.HandlerFunc(f.providerChoose), http.MethodPost)
	pages.Helper(r, "/wwmock/qr/{key}", http.HandlerFunc(f.qrDesktop), get...)
	pages.Helper(r, "/wwmock/qr/{key}/code.svg", http.HandlerFunc(f.qrImage), get...)
	pages.Helper(r, "/wwmock/qr/{key}/phone", http.HandlerFunc(f.qrPhone), get...)
	pages.Helper(r, "/wwmock/qr/{key}/phone", http.HandlerFunc(f.qrPhoneAction), http.MethodPost)
}

// renderPage renders a page of the pages package, logging a template
// failure to the server's logger.
func (f *Flows) renderPage(w http.ResponseWriter, status int, name string, data any) {
	pages.Render(w, f.cfg.Logger, status, name, data)
}

// renderError renders the error page.
func (f *Flows) renderError(w http.ResponseWriter, e *pages.ErrorPage) {
	pages.Error(w, f.cfg.Logger, e)
}

// View turns the store's QR login into the API's, with the phone page under
// base (the scheme and host the caller reached the server at).
func View(st *store.Store, l store.QRLogin, base string) mockctl.QRLogin {
	v := mockctl.QRLogin{
		Key:         l.Key,
		SuiteID:     l.SuiteID,
		Status:      string(l.Status),
		CorpID:      l.CorpID,
		AgentID:     l.AgentID,
		RedirectURI: l.RedirectURI,
		State:       l.State,
		UserID:      l.UserID,
		OpenID:      l.OpenID,
		Code:        l.Code,
		ExpiresAt:   l.ExpiresAt,
		PhoneURL:    base + PhonePath(l.Key),
	}
	if !l.Status.Terminal() {
		v.ExpiresIn = int((l.ExpiresAt.Sub(st.Now()) + time.Second - 1) / time.Second)
	}
	if l.UserID != "" || l.OpenID != "" {
		v.Name = displayName(st, l.CorpID, l.AgentID, l.UserID)
	}
	if l.Status == store.QRConfirmed {
		v.RedirectURL = withCode(l.RedirectURI, l.Code, l.State)
	}
	return v
}

// displayName is how the pages name whoever logs in: the member's name, or
// "visitor" for someone who is not a member.
func displayName(st *store.Store, corpID string, agentID int, userID string) string {
	if userID == "" {
		return visitorName
	}
	c, err := st.LoginCandidate(corpID, agentID, userID)
	if err != nil {
		return userID
	}
	return c.Name
}

// visitorName is how the pages call someone who is not a member.
const visitorName = "访客 (not a member)"

// PhonePath is the phone page of a QR login: what its QR code encodes.
func PhonePath(key string) string { return "/wwmock/qr/" + url.PathEscape(key) + "/phone" }

// qrDesktopPath is the desktop page of a QR login, for reloads.
func qrDesktopPath(key string) string { return "/wwmock/qr/" + url.PathEscape(key) }
