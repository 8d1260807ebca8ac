package suites

import (
	"fmt"
	"log/slog"
	"net/url"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Config is what Suites works on.
type Config struct {
	Store     *store.Store
	Callbacks *callbacks.Engine
	// Logger gets the install page's template failures.
	Logger *slog.Logger
	// Refusal explains a refused install on the install page: the HTTP
	// status and message of err (an error of Install, about suiteID and the
	// admin corpID/userID); ok false for an error it does not know, which
	// the page shows as 500 with err's text.
	Refusal func(err error, suiteID, corpID, userID string) (status int, msg string, ok bool)
}

// Suites is the suite machinery of one server. Its methods are safe for
// concurrent use.
type Suites struct {
	store   *store.Store
	cb      *callbacks.Engine
	logger  *slog.Logger
	refusal func(err error, suiteID, corpID, userID string) (int, string, bool)
	timer   timer
}

// New returns the suites of cfg's store; the schedule's timer runs once
// StartTimer is called.
func New(cfg Config) *Suites {
	return &Suites{store: cfg.Store, cb: cfg.Callbacks, logger: cfg.Logger, refusal: cfg.Refusal}
}

// RequestError is a malformed request: the server answers it as a bad
// request with Msg.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

func badRequest(format string, args ...any) *RequestError {
	return &RequestError{Msg: fmt.Sprintf(format, args...)}
}

func ticketOf(t store.SuiteTicket) mockctl.SuiteTicket {
	return mockctl.SuiteTicket{SuiteID: t.SuiteID, Ticket: t.Value, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt}
}

// Ticket returns the newest suite_ticket of a suite — the one a vendor
// holding every push would use — after pushing any that have become due.
func (s *Suites) Ticket(suiteID string) (mockctl.SuiteTicket, error) {
	s.Observe()
	t, ok, err := s.store.LatestSuiteTicket(suiteID)
	if err != nil {
		return mockctl.SuiteTicket{}, err
	}
	if !ok {
		// Unreachable after an observation, which issues every suite's first
		// ticket; kept for safety.
		return s.PushTicket(suiteID)
	}
	return ticketOf(t), nil
}

// PushTicket issues a new suite_ticket now and pushes it to the suite's
// callback; the schedule's next push is 10 minutes later.
func (s *Suites) PushTicket(suiteID string) (mockctl.SuiteTicket, error) {
	t, err := s.store.PushSuiteTicket(suiteID)
	if err != nil {
		return mockctl.SuiteTicket{}, err
	}
	out := ticketOf(t)
	out.DeliveryID = s.push(suiteID, infoSuiteTicket, suiteTicketXML(suiteID, t.Value, t.IssuedAt))
	s.armTimer()
	return out, nil
}

// Install installs a suite into a corp as an admin would on the install
// page (or in the app market with Market set, which pushes create_auth).
// The corp gets the suite's app with a fresh agentid.
func (s *Suites) Install(suiteID string, req mockctl.InstallRequest) (mockctl.Install, error) {
	if req.CorpID == "" {
		return mockctl.Install{}, badRequest(`"corpid" is required`)
	}
	if req.RedirectURI != "" {
		if u, err := url.Parse(req.RedirectURI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return mockctl.Install{}, badRequest(`"redirect_uri" %q is not an absolute http(s) URL`, req.RedirectURI)
		}
	}
	a, code, err := s.store.Install(store.InstallRequest{
		SuiteID: suiteID, CorpID: req.CorpID, UserID: req.UserID,
		PreAuthCode: req.PreAuthCode, State: req.State, Privilege: req.Privilege,
	})
	if err != nil {
		return mockctl.Install{}, err
	}
	out := mockctl.Install{
		SuiteID: suiteID, CorpID: a.CorpID, AgentID: a.AgentID,
		AuthCode: code.Value, ExpiresIn: int(store.AuthCodeTTL.Seconds()),
	}
	if req.RedirectURI != "" {
		out.Redirect = installRedirect(req.RedirectURI, code.Value, req.State)
	}
	if req.Market {
		payload := createAuthXML(suiteID, code.Value, req.State, s.store.Now())
		out.CreateAuth = &mockctl.SuiteEvent{
			InfoType:   infoCreateAuth,
			Payload:    string(payload),
			DeliveryID: s.push(suiteID, infoCreateAuth, payload),
		}
	}
	return out, nil
}

// installRedirect is redirect_uri?auth_code=…&expires_in=600&state=….
func installRedirect(redirectURI, authCode, state string) string {
	u, err := url.Parse(redirectURI)
	if err != nil {
		return redirectURI
	}
	q := u.Query()
	q.Set("auth_code", authCode)
	q.Set("expires_in", fmt.Sprint(int(store.AuthCodeTTL.Seconds())))
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String()
}

// CancelAuth uninstalls a suite from a corp and pushes cancel_auth. The
// permanent code stops working at once and the install's tokens answer
// 40014 from then on.
func (s *Suites) CancelAuth(suiteID, corpID string) (mockctl.SuiteEvent, error) {
	if _, err := s.store.CancelAuthorization(suiteID, corpID); err != nil {
		return mockctl.SuiteEvent{}, err
	}
	payload := cancelAuthXML(suiteID, corpID, s.store.Now())
	return mockctl.SuiteEvent{
		InfoType:   infoCancelAuth,
		Payload:    string(payload),
		DeliveryID: s.push(suiteID, infoCancelAuth, payload),
	}, nil
}

// ChangeAuth changes an install's visible range and pushes change_auth;
// the install's tokens see the new range at once, and get_auth_info
// reports it.
func (s *Suites) ChangeAuth(suiteID string, req mockctl.ChangeAuthRequest) (mockctl.SuiteEvent, error) {
	if req.CorpID == "" {
		return mockctl.SuiteEvent{}, badRequest(`"corpid" is required`)
	}
	if _, err := s.store.ChangeAuthorization(suiteID, req.CorpID, req.Privilege); err != nil {
		return mockctl.SuiteEvent{}, err
	}
	payload := changeAuthXML(suiteID, req.CorpID, req.State, s.store.Now())
	return mockctl.SuiteEvent{
		InfoType:   infoChangeAuth,
		Payload:    string(payload),
		DeliveryID: s.push(suiteID, infoChangeAuth, payload),
	}, nil
}

// ResetPermanentCode resets the secret of a 代开发 install and pushes
// reset_permanent_code with an auth_code for the new one. The old
// permanent code stops working at gettoken at once; tokens it issued keep
// their remaining lifetime.
func (s *Suites) ResetPermanentCode(suiteID, corpID string) (mockctl.PermanentCodeReset, error) {
	_, code, err := s.store.ResetPermanentCode(suiteID, corpID)
	if err != nil {
		return mockctl.PermanentCodeReset{}, err
	}
	payload := resetPermanentCodeXML(suiteID, code.Value, s.store.Now())
	return mockctl.PermanentCodeReset{
		SuiteEvent: mockctl.SuiteEvent{
			InfoType:   infoResetPermanentCode,
			Payload:    string(payload),
			DeliveryID: s.push(suiteID, infoResetPermanentCode, payload),
		},
		AuthCode:  code.Value,
		ExpiresIn: int(store.AuthCodeTTL.Seconds()),
	}, nil
}

// MintCode issues a single-use login code of a suite, valid 5 minutes.
func (s *Suites) MintCode(suiteID string, req mockctl.SuiteCodeRequest) (mockctl.Code, error) {
	if req.Kind == "" {
		req.Kind = string(store.MiniProgramCode)
	}
	if req.CorpID == "" {
		return mockctl.Code{}, badRequest(`"corpid" is required`)
	}
	if req.UserID == "" && req.Kind == string(store.MiniProgramCode) {
		return mockctl.Code{}, badRequest(`"userid" is required (only an oauth code may omit it, for a non-member visitor)`)
	}
	code, err := s.store.MintSuiteCode(store.SuiteCodeRequest{
		SuiteID: suiteID, Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, UserID: req.UserID,
		OpenID: req.OpenID, Scope: req.Scope, DeviceID: req.DeviceID,
	})
	if err != nil {
		return mockctl.Code{}, err
	}
	return mockctl.Code{Code: code.Value, ExpiresIn: int(store.CodeTTL.Seconds())}, nil
}

// SetCallback sets the suite's callback (指令回调) configuration until the
// world is loaded or reset; nil removes it, so tickets and events are kept
// but not delivered. cb must be valid.
func (s *Suites) SetCallback(suiteID string, cb *fixtures.Callback) error {
	if cb != nil {
		if err := cb.Validate(); err != nil {
			return badRequest("%s", "callback: "+err.Error())
		}
	}
	return s.store.SetSuiteCallback(suiteID, cb)
}

func statusOf(st store.SuiteState) mockctl.SuiteStatus {
	typ := st.Suite.Type
	if typ == "" {
		typ = fixtures.SuiteThirdParty
	}
	out := mockctl.SuiteStatus{
		SuiteID:        st.Suite.SuiteID,
		Name:           st.Suite.Name,
		Type:           typ,
		Authorizations: []mockctl.SuiteAuthorization{},
	}
	if st.Suite.Callback != nil {
		out.CallbackURL = st.Suite.Callback.URL
	}
	if st.Ticket != nil {
		t := ticketOf(*st.Ticket)
		out.Ticket = &t
	}
	if !st.NextTicketAt.IsZero() {
		next := st.NextTicketAt
		out.NextTicketAt = &next
	}
	if !st.TokenExpiresAt.IsZero() {
		exp := st.TokenExpiresAt
		out.SuiteAccessTokenExpiresAt = &exp
	}
	for _, a := range st.Authorizations {
		z := mockctl.SuiteAuthorization{
			CorpID: a.CorpID, CorpName: a.CorpName, AgentID: a.AgentID,
			PermanentCode: a.PermanentCode, Privilege: privilegeOf(a.Privilege),
			State: a.State, AuthType: a.AuthType, CreatedAt: a.CreatedAt,
		}
		if a.AuthUser != nil {
			z.AuthUserID = a.AuthUser.UserID
		}
		out.Authorizations = append(out.Authorizations, z)
	}
	return out
}

// List returns every suite of the world with its runtime state.
func (s *Suites) List() []mockctl.SuiteStatus {
	s.Observe()
	states := s.store.SuiteStates()
	out := make([]mockctl.SuiteStatus, 0, len(states))
	for _, st := range states {
		out = append(out, statusOf(st))
	}
	return out
}

// Status returns one suite with its runtime state.
func (s *Suites) Status(suiteID string) (mockctl.SuiteStatus, error) {
	s.Observe()
	st, err := s.store.SuiteStateOf(suiteID)
	if err != nil {
		return mockctl.SuiteStatus{}, err
	}
	return statusOf(st), nil
}

func privilegeOf(p fixtures.SuitePrivilege) mockctl.Privilege {
	return mockctl.Privilege{AllowUser: kernel.NonNil(p.AllowUser), AllowParty: kernel.NonNil(p.AllowParty), AllowTag: kernel.NonNil(p.AllowTag)}
}
