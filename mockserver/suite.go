package mockserver

import (
	"errors"
	"fmt"
	"net/url"

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
