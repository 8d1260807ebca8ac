package mockserver

import (
	"fmt"
	"net/url"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The Go API of suites (third-party apps and 代开发 templates): what the
// service provider's console, a corp admin and the WeCom client would do.
// Each method mirrors an endpoint under /_mock/suites/ (suite_control.go).

func ticketOf(t store.SuiteTicket) SuiteTicket {
	return SuiteTicket{SuiteID: t.SuiteID, Ticket: t.Value, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt}
}

// SuiteTicket returns the newest suite_ticket of a suite — the one a vendor
// holding every push would use — after pushing any that have become due.
func (s *Server) SuiteTicket(suiteID string) (SuiteTicket, error) {
	s.observeSuites()
	t, ok, err := s.store.LatestSuiteTicket(suiteID)
	if err != nil {
		return SuiteTicket{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID})
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
		return SuiteTicket{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID})
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
		return Install{}, badRequest(`"corpid" is required`)
	}
	if req.RedirectURI != "" {
		if u, err := url.Parse(req.RedirectURI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Install{}, badRequest(`"redirect_uri" %q is not an absolute http(s) URL`, req.RedirectURI)
		}
	}
	a, code, err := s.store.Install(store.InstallRequest{
		SuiteID: suiteID, CorpID: req.CorpID, UserID: req.UserID,
		PreAuthCode: req.PreAuthCode, State: req.State, Privilege: req.Privilege,
	})
	if err != nil {
		return Install{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID, corpID: req.CorpID, userID: req.UserID})
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
		return SuiteEvent{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID, corpID: corpID})
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
		return SuiteEvent{}, badRequest(`"corpid" is required`)
	}
	if _, err := s.store.ChangeAuthorization(suiteID, req.CorpID, req.Privilege); err != nil {
		return SuiteEvent{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID, corpID: req.CorpID})
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
		return PermanentCodeReset{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID, corpID: corpID})
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
		return Code{}, badRequest(`"corpid" is required`)
	}
	if req.UserID == "" && req.Kind == string(store.MiniProgramCode) {
		return Code{}, badRequest(`"userid" is required (only an oauth code may omit it, for a non-member visitor)`)
	}
	code, err := s.store.MintSuiteCode(store.SuiteCodeRequest{
		SuiteID: suiteID, Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, UserID: req.UserID,
		OpenID: req.OpenID, Scope: req.Scope, DeviceID: req.DeviceID,
	})
	if err != nil {
		return Code{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID, corpID: req.CorpID, userID: req.UserID})
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
			return badRequest("%s", "callback: "+err.Error())
		}
	}
	return storeError(s.store.SetSuiteCallback(suiteID, cb), subject{terms: suiteTerms, suiteID: suiteID})
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
		return SuiteStatus{}, storeError(err, subject{terms: suiteTerms, suiteID: suiteID})
	}
	return statusOf(st), nil
}

func privilegeOf(p fixtures.SuitePrivilege) mockctl.Privilege {
	return mockctl.Privilege{AllowUser: kernel.NonNil(p.AllowUser), AllowParty: kernel.NonNil(p.AllowParty), AllowTag: kernel.NonNil(p.AllowTag)}
}
