package mockserver

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The Go API of suites (third-party apps and 代开发 templates): what the
// service provider's console, a corp admin and the WeCom client would do.
// Each method mirrors an endpoint under /_mock/suites/ (suite_control.go).

// suiteError turns a store error into a *RequestError naming what is wrong.
func suiteError(err error, suiteID, corpID, userID string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrSuiteNotFound):
		return &RequestError{Reason: fmt.Sprintf("suite %q not found", suiteID), NotFound: true}
	case errors.Is(err, store.ErrCorpNotFound):
		return &RequestError{Reason: fmt.Sprintf("corp %q not found", corpID), NotFound: true}
	case errors.Is(err, store.ErrMemberNotFound):
		return &RequestError{Reason: fmt.Sprintf("corp %q has no member %q", corpID, userID), NotFound: true}
	case errors.Is(err, store.ErrNotAuthorized):
		return &RequestError{Reason: fmt.Sprintf("corp %q has not installed suite %q", corpID, suiteID), NotFound: true}
	case errors.Is(err, store.ErrAlreadyAuthorized):
		return &RequestError{Reason: fmt.Sprintf("corp %q has already installed suite %q (cancel_auth first)", corpID, suiteID), Conflict: true}
	case errors.Is(err, store.ErrNotCustomized):
		return &RequestError{Reason: fmt.Sprintf("suite %q is not a 代开发 template: only those have reset_permanent_code", suiteID)}
	case errors.Is(err, store.ErrPreAuthCodeExpired):
		return &RequestError{Reason: "pre_auth_code expired (it is valid 1200 s)"}
	case errors.Is(err, store.ErrPreAuthCodeInvalid):
		return &RequestError{Reason: fmt.Sprintf("pre_auth_code unknown, already used, or not of suite %q", suiteID)}
	case errors.Is(err, store.ErrBadPrivilege):
		return &RequestError{Reason: err.Error()}
	case errors.Is(err, store.ErrBadCodeKind):
		return &RequestError{Reason: `"kind" must be "miniprogram" or "oauth"`}
	case errors.Is(err, store.ErrBadScope):
		return &RequestError{Reason: `"scope" must be snsapi_base or snsapi_privateinfo, and only for an oauth code`}
	case errors.Is(err, store.ErrOpenIDForMember):
		return &RequestError{Reason: `"openid" is only for a non-member visitor: leave "userid" empty`}
	}
	return err
}

// SuiteTicket is a suite_ticket the mock pushed.
type SuiteTicket struct {
	SuiteID   string    `json:"suite_id"`
	Ticket    string    `json:"suite_ticket"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// DeliveryID is the push's id in the deliveries journal; empty when the
	// suite has no callback or the ticket was not pushed by this call.
	DeliveryID string `json:"delivery_id,omitempty"`
}

func ticketOf(t store.SuiteTicket) SuiteTicket {
	return SuiteTicket{SuiteID: t.SuiteID, Ticket: t.Value, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt}
}

// SuiteTicket returns the newest suite_ticket of a suite — the one a vendor
// holding every push would use — after pushing any that have become due.
func (s *Server) SuiteTicket(suiteID string) (SuiteTicket, error) {
	s.observeSuites()
	t, ok, err := s.store.LatestSuiteTicket(suiteID)
	if err != nil {
		return SuiteTicket{}, suiteError(err, suiteID, "", "")
	}
	if !ok {
		// Unreachable after an observation, which issues every suite's first
		// ticket; kept for safety.
		return s.PushSuiteTicket(suiteID)
	}
	return ticketOf(t), nil
}

// PushSuiteTicket issues a new suite_ticket now and pushes it to the
// suite's callback; the schedule's next push is 10 minutes later.
func (s *Server) PushSuiteTicket(suiteID string) (SuiteTicket, error) {
	t, err := s.store.PushSuiteTicket(suiteID)
	if err != nil {
		return SuiteTicket{}, suiteError(err, suiteID, "", "")
	}
	out := ticketOf(t)
	out.DeliveryID = s.pushSuite(suiteID, infoSuiteTicket, suiteTicketXML(suiteID, t.Value, t.IssuedAt))
	s.armSuiteTimer()
	return out, nil
}

// SuiteEvent is a suite callback the mock pushed.
type SuiteEvent struct {
	InfoType string `json:"info_type"`
	// Payload is the decrypted XML the suite's callback receives.
	Payload string `json:"payload"`
	// DeliveryID is the push's id in the deliveries journal, empty when the
	// suite has no callback configured.
	DeliveryID string `json:"delivery_id,omitempty"`
}

// InstallRequest is a corp admin installing a suite.
type InstallRequest struct {
	CorpID string `json:"corpid"`
	// UserID is the admin who authorizes (auth_user_info).
	UserID string `json:"userid"`
	// Market installs from the app market: WeCom pushes create_auth with the
	// auth_code instead of redirecting to the vendor
	// (https://developer.work.weixin.qq.com/document/path/90642).
	Market bool `json:"market,omitempty"`
	// PreAuthCode is the vendor's pre_auth_code, as on the install page; it
	// is spent, and its set_session_info auth_type applies. Optional.
	PreAuthCode string `json:"pre_auth_code,omitempty"`
	// RedirectURI, for an install from the vendor's site, is where the page
	// would send the admin; the answer's Redirect carries auth_code,
	// expires_in and state.
	RedirectURI string `json:"redirect_uri,omitempty"`
	State       string `json:"state,omitempty"`
	// Privilege is the visible range granted; nil for the suite's default.
	Privilege *fixtures.SuitePrivilege `json:"privilege,omitempty"`
}

// Install is a suite installed into a corp.
type Install struct {
	SuiteID string `json:"suite_id"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// AuthCode is what get_permanent_code exchanges, single use, valid 600 s.
	AuthCode  string `json:"auth_code"`
	ExpiresIn int    `json:"expires_in"`
	// Redirect is RedirectURI with auth_code, expires_in and state added.
	Redirect string `json:"redirect,omitempty"`
	// CreateAuth is the create_auth push of a market install.
	CreateAuth *SuiteEvent `json:"create_auth,omitempty"`
}

// InstallSuite installs a suite into a corp as an admin would on the
// install page (or in the app market with Market set, which pushes
// create_auth). The corp gets the suite's app with a fresh agentid.
func (s *Server) InstallSuite(suiteID string, req InstallRequest) (Install, error) {
	if req.CorpID == "" {
		return Install{}, &RequestError{Reason: `"corpid" is required`}
	}
	if req.RedirectURI != "" {
		if u, err := url.Parse(req.RedirectURI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Install{}, &RequestError{Reason: fmt.Sprintf(`"redirect_uri" %q is not an absolute http(s) URL`, req.RedirectURI)}
		}
	}
	a, code, err := s.store.Install(store.InstallRequest{
		SuiteID: suiteID, CorpID: req.CorpID, UserID: req.UserID,
		PreAuthCode: req.PreAuthCode, State: req.State, Privilege: req.Privilege,
	})
	if err != nil {
		return Install{}, suiteError(err, suiteID, req.CorpID, req.UserID)
	}
	out := Install{
		SuiteID: suiteID, CorpID: a.CorpID, AgentID: a.AgentID,
		AuthCode: code.Value, ExpiresIn: int(store.AuthCodeTTL.Seconds()),
	}
	if req.RedirectURI != "" {
		out.Redirect = installRedirect(req.RedirectURI, code.Value, req.State)
	}
	if req.Market {
		payload := createAuthXML(suiteID, code.Value, req.State, s.Now())
		out.CreateAuth = &SuiteEvent{
			InfoType:   infoCreateAuth,
			Payload:    string(payload),
			DeliveryID: s.pushSuite(suiteID, infoCreateAuth, payload),
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

// CancelSuiteAuth uninstalls a suite from a corp and pushes cancel_auth.
// The permanent code stops working at once and the install's tokens answer
// 40014 from then on.
func (s *Server) CancelSuiteAuth(suiteID, corpID string) (SuiteEvent, error) {
	if _, err := s.store.CancelAuthorization(suiteID, corpID); err != nil {
		return SuiteEvent{}, suiteError(err, suiteID, corpID, "")
	}
	payload := cancelAuthXML(suiteID, corpID, s.Now())
	return SuiteEvent{
		InfoType:   infoCancelAuth,
		Payload:    string(payload),
		DeliveryID: s.pushSuite(suiteID, infoCancelAuth, payload),
	}, nil
}

// ChangeAuthRequest is a corp admin changing an installed suite's visible
// range.
type ChangeAuthRequest struct {
	CorpID string `json:"corpid"`
	// Privilege is the new visible range; nil keeps it (the event is still
	// pushed, as when an admin changes something the mock does not model).
	Privilege *fixtures.SuitePrivilege `json:"privilege,omitempty"`
	State     string                   `json:"state,omitempty"`
}

// ChangeSuiteAuth changes an install's visible range and pushes
// change_auth; the install's tokens see the new range at once, and
// get_auth_info reports it.
func (s *Server) ChangeSuiteAuth(suiteID string, req ChangeAuthRequest) (SuiteEvent, error) {
	if req.CorpID == "" {
		return SuiteEvent{}, &RequestError{Reason: `"corpid" is required`}
	}
	if _, err := s.store.ChangeAuthorization(suiteID, req.CorpID, req.Privilege); err != nil {
		return SuiteEvent{}, suiteError(err, suiteID, req.CorpID, "")
	}
	payload := changeAuthXML(suiteID, req.CorpID, req.State, s.Now())
	return SuiteEvent{
		InfoType:   infoChangeAuth,
		Payload:    string(payload),
		DeliveryID: s.pushSuite(suiteID, infoChangeAuth, payload),
	}, nil
}

// PermanentCodeReset is the outcome of ResetPermanentCode.
type PermanentCodeReset struct {
	SuiteEvent
	// AuthCode is what get_permanent_code exchanges for the new permanent
	// code, single use, valid 600 s.
	AuthCode  string `json:"auth_code"`
	ExpiresIn int    `json:"expires_in"`
}

// ResetPermanentCode resets the secret of a 代开发 install and pushes
// reset_permanent_code with an auth_code for the new one. The old
// permanent code stops working at gettoken at once; tokens it issued keep
// their remaining lifetime.
func (s *Server) ResetPermanentCode(suiteID, corpID string) (PermanentCodeReset, error) {
	_, code, err := s.store.ResetPermanentCode(suiteID, corpID)
	if err != nil {
		return PermanentCodeReset{}, suiteError(err, suiteID, corpID, "")
	}
	payload := resetPermanentCodeXML(suiteID, code.Value, s.Now())
	return PermanentCodeReset{
		SuiteEvent: SuiteEvent{
			InfoType:   infoResetPermanentCode,
			Payload:    string(payload),
			DeliveryID: s.pushSuite(suiteID, infoResetPermanentCode, payload),
		},
		AuthCode:  code.Value,
		ExpiresIn: int(store.AuthCodeTTL.Seconds()),
	}, nil
}

// SuiteCodeRequest asks for a login code through a third-party suite, as
// the WeCom client would obtain one.
type SuiteCodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login in the suite's mini program,
	// redeemed at service/miniprogram/jscode2session; the default) or
	// "oauth" (the suite's OAuth2 web login, redeemed at
	// service/auth/getuserinfo3rd).
	Kind   string `json:"kind"`
	CorpID string `json:"corpid"`
	// UserID is the member who logs in; an oauth code may leave it empty
	// for a non-member visitor.
	UserID string `json:"userid"`
	// Scope (oauth only): snsapi_base (the default) or snsapi_privateinfo,
	// which gives a member inside the install's visible range a user_ticket.
	Scope string `json:"scope,omitempty"`
	// OpenID is a visitor's openid (oauth only, UserID empty).
	OpenID string `json:"openid,omitempty"`
	// DeviceID is what the old service/getuserinfo3rd reports as DeviceId.
	DeviceID string `json:"deviceid,omitempty"`
}

// MintSuiteCode issues a single-use login code of a suite, valid 5 minutes.
func (s *Server) MintSuiteCode(suiteID string, req SuiteCodeRequest) (Code, error) {
	if req.Kind == "" {
		req.Kind = string(store.MiniProgramCode)
	}
	if req.CorpID == "" {
		return Code{}, &RequestError{Reason: `"corpid" is required`}
	}
	if req.UserID == "" && req.Kind == string(store.MiniProgramCode) {
		return Code{}, &RequestError{Reason: `"userid" is required (only an oauth code may omit it, for a non-member visitor)`}
	}
	code, err := s.store.MintSuiteCode(store.SuiteCodeRequest{
		SuiteID: suiteID, Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, UserID: req.UserID,
		OpenID: req.OpenID, Scope: req.Scope, DeviceID: req.DeviceID,
	})
	if err != nil {
		return Code{}, suiteError(err, suiteID, req.CorpID, req.UserID)
	}
	return Code{Code: code.Value, ExpiresIn: int(store.CodeTTL.Seconds())}, nil
}

// SetSuiteCallback sets the suite's callback (指令回调) configuration until
// the world is loaded or reset, as the provider would in its console; nil
// removes it, so tickets and events are kept but not delivered. cb must be
// valid: an absolute http(s) URL, a Token of 1–32 letters and digits, a
// 43-character EncodingAESKey.
func (s *Server) SetSuiteCallback(suiteID string, cb *fixtures.Callback) error {
	if cb != nil {
		if err := cb.Validate(); err != nil {
			return &RequestError{Reason: "callback: " + err.Error()}
		}
	}
	return suiteError(s.store.SetSuiteCallback(suiteID, cb), suiteID, "", "")
}

// SuiteStatus is a suite as the control API shows it: its configuration,
// its newest ticket, and the corps that have installed it.
type SuiteStatus struct {
	SuiteID string `json:"suite_id"`
	Name    string `json:"name"`
	// Type is "third_party" or "customized" (代开发).
	Type        string       `json:"type"`
	CallbackURL string       `json:"callback_url,omitempty"`
	Ticket      *SuiteTicket `json:"ticket"`
	// NextTicketAt is when the schedule pushes the next ticket (virtual
	// time); null before the first push.
	NextTicketAt *time.Time `json:"next_ticket_at"`
	// SuiteAccessTokenExpiresAt is when the current suite_access_token
	// expires; null if none was issued.
	SuiteAccessTokenExpiresAt *time.Time           `json:"suite_access_token_expires_at"`
	Authorizations            []SuiteAuthorization `json:"authorizations"`
}

// SuiteAuthorization is one corp's install of a suite.
type SuiteAuthorization struct {
	CorpID   string `json:"corpid"`
	CorpName string `json:"corp_name"`
	AgentID  int    `json:"agentid"`
	// PermanentCode is the install's permanent code (for a 代开发 template
	// also the app secret at gettoken).
	PermanentCode string        `json:"permanent_code"`
	Privilege     privilegeJSON `json:"privilege"`
	AuthUserID    string        `json:"auth_userid,omitempty"`
	State         string        `json:"state,omitempty"`
	// AuthType is 1 for a test authorization (set_session_info), else 0.
	AuthType  int       `json:"auth_type"`
	CreatedAt time.Time `json:"created_at"`
}

func statusOf(st store.SuiteState) SuiteStatus {
	typ := st.Suite.Type
	if typ == "" {
		typ = fixtures.SuiteThirdParty
	}
	out := SuiteStatus{
		SuiteID:        st.Suite.SuiteID,
		Name:           st.Suite.Name,
		Type:           typ,
		Authorizations: []SuiteAuthorization{},
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
		z := SuiteAuthorization{
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

// Suites returns every suite of the world with its runtime state.
func (s *Server) Suites() []SuiteStatus {
	s.observeSuites()
	states := s.store.SuiteStates()
	out := make([]SuiteStatus, 0, len(states))
	for _, st := range states {
		out = append(out, statusOf(st))
	}
	return out
}

// Suite returns one suite with its runtime state.
func (s *Server) Suite(suiteID string) (SuiteStatus, error) {
	s.observeSuites()
	st, err := s.store.SuiteStateOf(suiteID)
	if err != nil {
		return SuiteStatus{}, suiteError(err, suiteID, "", "")
	}
	return statusOf(st), nil
}
