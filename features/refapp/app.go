package refapp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// App is the reference backend. Create it with New and serve Handler.
type App struct {
	cfg Config
	mux *http.ServeMux

	// tenants are the corps the app has credentials for; installs of the
	// 代开发 template add and remove some at run time.
	tmu     sync.RWMutex
	tenants map[string]*tenant
	order   []string // corpids, first configured first

	suite   *client.SuiteClient // nil unless Config.Suite is set
	tickets *ticketBox

	dir *Directory
	// contactRecords are a third-party vendor's contacts by open_userid.
	contactRecords contactIndex
	crm            *crmBook
	approvals      *approvalBook

	mu       sync.Mutex
	sessions map[string]*Session
	states   map[string]loginState
}

type tenant struct {
	Tenant
	wecom *client.Client
	// contacts calls WeCom with the 通讯录同步 secret (nil without one).
	contacts *client.Client
}

// Session is a logged-in member.
type Session struct {
	ID       string `json:"-"`
	CorpID   string `json:"corpid"`
	UserID   string `json:"userid"`
	Name     string `json:"name"`
	Position string `json:"position,omitempty"`
	Via      string `json:"via"` // "miniprogram", "oauth" or "qr"
	Degraded bool   `json:"degraded,omitempty"`
	Mobile   string `json:"mobile,omitempty"` // snsapi_privateinfo only
	Email    string `json:"email,omitempty"`  // snsapi_privateinfo only
	Avatar   string `json:"avatar,omitempty"` // snsapi_privateinfo only
	// OpenUserID and ContactRecord are a third-party vendor's: the
	// member's open_userid and the userid of the contact record found by it.
	OpenUserID    string    `json:"open_userid,omitempty"`
	ContactRecord string    `json:"contact_record,omitempty"`
	ExpiresAt     time.Time `json:"expires_at"`
}

// New builds the app; it does no I/O.
func New(cfg Config) (*App, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	a := &App{
		cfg:       cfg,
		tenants:   map[string]*tenant{},
		mux:       http.NewServeMux(),
		dir:       newDirectory(),
		crm:       newCRMBook(),
		approvals: newApprovalBook(),
		sessions:  map[string]*Session{},
		states:    map[string]loginState{},
	}
	for _, t := range cfg.Tenants {
		a.addTenant(t)
		if t.CallbackToken != "" {
			h, err := callback.NewHandler(t.CallbackToken, t.CallbackAESKey, t.CorpID,
				a.onCallback(t.CorpID), callback.WithDedup(1000), callback.WithLogger(cfg.Logger))
			if err != nil {
				return nil, err
			}
			a.mux.Handle("/wecom/callback/"+t.CorpID, h)
		}
	}
	if cfg.Suite != nil {
		if err := a.mountSuite(*cfg.Suite); err != nil {
			return nil, err
		}
	}
	a.mux.HandleFunc("POST /api/login/miniprogram", a.miniProgramLogin)
	a.mux.HandleFunc("GET /login", a.startWebLogin)
	a.mux.HandleFunc("GET /login/callback", a.webLoginCallback)
	a.mux.HandleFunc("GET /{$}", a.me)
	a.mux.HandleFunc("GET /api/me", a.me)
	a.mux.HandleFunc("POST /api/me/refresh", a.refreshMe)
	a.mux.HandleFunc("GET /api/directory/{corpid}", a.listDirectory)
	a.mux.HandleFunc("GET /api/directory/{corpid}/{userid}", a.getDirectoryMember)
	a.mountCRM()
	a.mountApprovals()
	return a, nil
}

// Handler serves the app.
func (a *App) Handler() http.Handler { return a.mux }

// ServeHTTP makes App an http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Directory is the app's copy of the members it has seen.
func (a *App) Directory() *Directory { return a.dir }

// addTenant adds (or replaces) the app's credentials in a corp.
func (a *App) addTenant(t Tenant) {
	opts := []client.Option{
		client.WithBaseURL(a.cfg.APIBaseURL),
		client.WithHTTPClient(a.cfg.HTTPClient),
		client.WithRetry(*a.cfg.Retry),
		client.WithLogger(a.cfg.Logger),
	}
	tn := &tenant{Tenant: t, wecom: client.New(t.CorpID, t.Secret, opts...)}
	if t.ContactsSecret != "" {
		tn.contacts = client.New(t.CorpID, t.ContactsSecret, opts...)
	}
	a.putTenant(tn)
}

// addTenantClient adds (or replaces) a tenant served by c, a third-party
// install's client.
func (a *App) addTenantClient(t Tenant, c *client.Client) {
	a.putTenant(&tenant{Tenant: t, wecom: c})
}

func (a *App) putTenant(tn *tenant) {
	t := tn.Tenant
	a.tmu.Lock()
	defer a.tmu.Unlock()
	if _, ok := a.tenants[t.CorpID]; !ok {
		a.order = append(a.order, t.CorpID)
	}
	a.tenants[t.CorpID] = tn
}

// removeTenant forgets the app's credentials in a corp (uninstalled).
func (a *App) removeTenant(corpID string) {
	a.tmu.Lock()
	defer a.tmu.Unlock()
	delete(a.tenants, corpID)
	a.order = slices.DeleteFunc(a.order, func(c string) bool { return c == corpID })
}

// tenantFor picks the credentials for a request: the named corp, or the
// first tenant when none is named.
func (a *App) tenantFor(corpID string) *tenant {
	a.tmu.RLock()
	defer a.tmu.RUnlock()
	if corpID == "" {
		if len(a.order) == 0 {
			return nil
		}
		corpID = a.order[0]
	}
	return a.tenants[corpID]
}

// Tenants lists the corps the app has credentials for.
func (a *App) Tenants() []Tenant {
	a.tmu.RLock()
	defer a.tmu.RUnlock()
	out := make([]Tenant, 0, len(a.order))
	for _, c := range a.order {
		out = append(out, a.tenants[c].Tenant)
	}
	return out
}

// serves reports whether members of corpID may use the app.
func (a *App) serves(corpID string) bool {
	if a.tenantFor(corpID) == nil || corpID == "" {
		return false
	}
	return len(a.cfg.AllowedCorps) == 0 || slices.Contains(a.cfg.AllowedCorps, corpID)
}

// failure is an answer other than success: an HTTP status and a reason code
// the client (and the scenarios) can act on.
type failure struct {
	status  int
	reason  string
	message string
}

func (f *failure) Error() string { return f.reason + ": " + f.message }

func fail(status int, reason, message string) *failure {
	return &failure{status: status, reason: reason, message: message}
}

// Reasons the app gives for refusing a login.
const (
	ReasonInvalidCode        = "invalid_code"         // 40029: reused, expired or foreign code
	ReasonNotVisible         = "not_visible"          // 60011: outside the app's visible range
	ReasonUnknownMember      = "unknown_member"       // 60111
	ReasonCorpNotServed      = "corp_not_served"      // corpid not on the allow-list
	ReasonNotAMember         = "not_a_member"         // OAuth visitor with an openid only
	ReasonRedirectNotTrusted = "redirect_not_trusted" // 50001: redirect_uri outside the trusted domains
	ReasonLoginCancelled     = "login_cancelled"      // WeCom came back without a code
	ReasonBadState           = "bad_state"            // unknown, reused or foreign login state
	ReasonWeComBusy          = "wecom_busy"           // 45009 / -1 / gateway error / reset, with nothing to fall back on
	ReasonWeComError         = "wecom_error"          // anything else WeCom refused
	ReasonMissingCode        = "missing_code"
	ReasonNotLoggedIn        = "not_logged_in"
)

// wecomFailure turns a client error into the app's answer.
func wecomFailure(err error) *failure {
	var apiErr *client.APIError
	switch {
	case errors.Is(err, errcode.InvalidCode):
		return fail(http.StatusUnauthorized, ReasonInvalidCode, "the login code is invalid or has expired; please log in again")
	case errors.Is(err, errcode.NoPrivilege):
		return fail(http.StatusForbidden, ReasonNotVisible, "your account is outside this app's visible range; ask your WeCom admin for access")
	case errors.Is(err, errcode.UserIDNotFound):
		return fail(http.StatusForbidden, ReasonUnknownMember, "your account was not found in the company directory")
	case errors.Is(err, errcode.RedirectDomainMismatch):
		return fail(http.StatusForbidden, ReasonRedirectNotTrusted, "WeCom refused this login: the app's address is not one of its trusted domains")
	case busy(err):
		return fail(http.StatusServiceUnavailable, ReasonWeComBusy, "WeCom is busy; please try again in a minute")
	case errors.As(err, &apiErr):
		return fail(http.StatusBadGateway, ReasonWeComError, apiErr.Error())
	default:
		return fail(http.StatusBadGateway, ReasonWeComError, err.Error())
	}
}

// busy reports a WeCom failure that says "not now": rate limited, or
// still busy or unreachable (its gateway's 502/503/504, a broken
// connection) after the client's retries.
func busy(err error) bool {
	var he *client.HTTPError
	if errors.As(err, &he) {
		// WeCom's gateway could not reach the API behind it.
		return he.StatusCode == http.StatusBadGateway || he.StatusCode == http.StatusServiceUnavailable ||
			he.StatusCode == http.StatusGatewayTimeout
	}
	return errors.Is(err, errcode.FreqOutOfLimit) || errors.Is(err, errcode.SystemBusy) ||
		errors.Is(err, errcode.ConcurrentOutOfLimit) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) // the connection broke
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeFailure(w http.ResponseWriter, f *failure) {
	if f.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "60")
	}
	writeJSON(w, f.status, map[string]string{"error": f.reason, "message": f.message})
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// loadMember reads the member from WeCom. When WeCom is rate limiting (or
// still busy after retries) and the directory already knows the member, it
// degrades to that copy instead of locking them out.
func (a *App) loadMember(ctx context.Context, t *tenant, userID string) (Member, bool, *failure) {
	u, err := t.wecom.GetUser(ctx, userID)
	if err == nil {
		m := memberFromUser(t.CorpID, u)
		a.dir.put(m)
		return m, false, nil
	}
	if busy(err) {
		if m, ok := a.dir.Get(t.CorpID, userID); ok {
			a.cfg.Logger.WarnContext(ctx, "refapp: WeCom busy, using the directory copy", "userid", userID, "err", err)
			return m, true, nil
		}
	}
	return Member{}, false, wecomFailure(err)
}

// welcome sends the first-login message, best effort.
func (a *App) welcome(ctx context.Context, t *tenant, m Member) {
	if !a.cfg.WelcomeMessage {
		return
	}
	msg := client.NewTextMessage(int64(t.AgentID), "欢迎使用"+a.cfg.SiteName+"，"+m.Name+"！", m.UserID)
	if _, err := t.wecom.SendMessage(ctx, msg); err != nil {
		a.cfg.Logger.WarnContext(ctx, "refapp: welcome message not sent", "userid", m.UserID, "err", err)
	}
}

// login finishes every successful login: directory, welcome message, session.
func (a *App) login(ctx context.Context, t *tenant, m Member, degraded bool, via string) *Session {
	if a.dir.markSeen(t.CorpID, m.UserID) {
		a.welcome(ctx, t, m)
	}
	s := &Session{
		ID: randomID(), CorpID: t.CorpID, UserID: m.UserID, Name: m.Name, Position: m.Position,
		Via: via, Degraded: degraded, ExpiresAt: time.Now().Add(a.cfg.SessionTTL),
	}
	a.mu.Lock()
	a.sessions[s.ID] = s
	a.mu.Unlock()
	return s
}

const sessionCookie = "refapp_session"

// session finds the request's session: the cookie, or a bearer token.
func (a *App) session(r *http.Request) *Session {
	id := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		id = c.Value
	}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		id = strings.TrimPrefix(h, "Bearer ")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.sessions[id]
	if !ok {
		return nil
	}
	if time.Now().After(s.ExpiresAt) {
		delete(a.sessions, id)
		return nil
	}
	cp := *s
	return &cp
}

// endSessions logs a member out everywhere (they left the company), or
// every member of the corp when userID is "" (the app was uninstalled).
func (a *App) endSessions(corpID, userID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, s := range a.sessions {
		if s.CorpID == corpID && (userID == "" || strings.EqualFold(s.UserID, userID)) {
			delete(a.sessions, id)
		}
	}
}

func (a *App) me(w http.ResponseWriter, r *http.Request) {
	s := a.session(r)
	if s == nil {
		writeFailure(w, fail(http.StatusUnauthorized, ReasonNotLoggedIn, "please log in"))
		return
	}
	writeJSON(w, http.StatusOK, s)
}

// refreshMe reloads the session's profile from WeCom (user/get).
func (a *App) refreshMe(w http.ResponseWriter, r *http.Request) {
	s := a.session(r)
	if s == nil {
		writeFailure(w, fail(http.StatusUnauthorized, ReasonNotLoggedIn, "please log in"))
		return
	}
	t := a.tenantFor(s.CorpID)
	if t == nil {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company any more"))
		return
	}
	m, degraded, f := a.loadMember(r.Context(), t, s.UserID)
	if f != nil {
		writeFailure(w, f)
		return
	}
	a.mu.Lock()
	if live, ok := a.sessions[s.ID]; ok {
		live.Name, live.Position, live.Degraded = m.Name, m.Position, degraded
		s = live
	}
	cp := *s
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, &cp)
}
