package mockserver

import (
	"errors"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/suites"
)

// The Go API of suites (third-party apps and 代开发 templates): what the
// service provider's console, a corp admin and the WeCom client would do.
// Each method mirrors an endpoint under /_mock/suites/ (suite_control.go);
// the work is done in internal/suites.

// suiteError is a refusal of internal/suites: a malformed request is a bad
// request, a store error gets the suites' words (storeError).
func suiteError(err error, about subject) error {
	var re *suites.RequestError
	if errors.As(err, &re) {
		return badRequest("%s", re.Msg)
	}
	about.terms = suiteTerms
	return storeError(err, about)
}

// installRefusal explains a refused install to the install page.
func installRefusal(err error, suiteID, corpID, userID string) (int, string, bool) {
	var e *Error
	if errors.As(suiteError(err, subject{suiteID: suiteID, corpID: corpID, userID: userID}), &e) {
		return e.Status, e.Msg, true
	}
	return 0, "", false
}

// SuiteTicket returns the newest suite_ticket of a suite — the one a vendor
// holding every push would use — after pushing any that have become due.
func (s *Server) SuiteTicket(suiteID string) (SuiteTicket, error) {
	t, err := s.suites.Ticket(suiteID)
	return t, suiteError(err, subject{suiteID: suiteID})
}

// PushSuiteTicket issues a new suite_ticket now and pushes it to the
// suite's callback; the schedule's next push is 10 minutes later.
func (s *Server) PushSuiteTicket(suiteID string) (SuiteTicket, error) {
	t, err := s.suites.PushTicket(suiteID)
	return t, suiteError(err, subject{suiteID: suiteID})
}

// InstallSuite installs a suite into a corp as an admin would on the
// install page (or in the app market with Market set, which pushes
// create_auth). The corp gets the suite's app with a fresh agentid.
func (s *Server) InstallSuite(suiteID string, req InstallRequest) (Install, error) {
	inst, err := s.suites.Install(suiteID, req)
	return inst, suiteError(err, subject{suiteID: suiteID, corpID: req.CorpID, userID: req.UserID})
}

// CancelSuiteAuth uninstalls a suite from a corp and pushes cancel_auth.
// The permanent code stops working at once and the install's tokens answer
// 40014 from then on.
func (s *Server) CancelSuiteAuth(suiteID, corpID string) (SuiteEvent, error) {
	ev, err := s.suites.CancelAuth(suiteID, corpID)
	return ev, suiteError(err, subject{suiteID: suiteID, corpID: corpID})
}

// ChangeSuiteAuth changes an install's visible range and pushes
// change_auth; the install's tokens see the new range at once, and
// get_auth_info reports it.
func (s *Server) ChangeSuiteAuth(suiteID string, req ChangeAuthRequest) (SuiteEvent, error) {
	ev, err := s.suites.ChangeAuth(suiteID, req)
	return ev, suiteError(err, subject{suiteID: suiteID, corpID: req.CorpID})
}

// ResetPermanentCode resets the secret of a 代开发 install and pushes
// reset_permanent_code with an auth_code for the new one. The old
// permanent code stops working at gettoken at once; tokens it issued keep
// their remaining lifetime.
func (s *Server) ResetPermanentCode(suiteID, corpID string) (PermanentCodeReset, error) {
	r, err := s.suites.ResetPermanentCode(suiteID, corpID)
	return r, suiteError(err, subject{suiteID: suiteID, corpID: corpID})
}

// MintSuiteCode issues a single-use login code of a suite, valid 5 minutes.
func (s *Server) MintSuiteCode(suiteID string, req SuiteCodeRequest) (Code, error) {
	c, err := s.suites.MintCode(suiteID, req)
	return c, suiteError(err, subject{suiteID: suiteID, corpID: req.CorpID, userID: req.UserID})
}

// SetSuiteCallback sets the suite's callback (指令回调) configuration until
// the world is loaded or reset, as the provider would in its console; nil
// removes it, so tickets and events are kept but not delivered. cb must be
// valid: an absolute http(s) URL, a Token of 1–32 letters and digits, a
// 43-character EncodingAESKey.
func (s *Server) SetSuiteCallback(suiteID string, cb *fixtures.Callback) error {
	return suiteError(s.suites.SetCallback(suiteID, cb), subject{suiteID: suiteID})
}

// Suites returns every suite of the world with its runtime state.
func (s *Server) Suites() []SuiteStatus { return s.suites.List() }

// Suite returns one suite with its runtime state.
func (s *Server) Suite(suiteID string) (SuiteStatus, error) {
	st, err := s.suites.Status(suiteID)
	return st, suiteError(err, subject{suiteID: suiteID})
}
