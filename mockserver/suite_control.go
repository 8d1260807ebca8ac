package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// suiteControlRoutes mounts /_mock/suites/… on the control API; handle is
// controlRoutes' registration function.
func (s *Server) suiteControlRoutes(handle func(path string, fn controlFunc, methods ...string)) {
	handle("/suites", s.ctlSuites, http.MethodGet)
	handle("/suites/{suite_id}", s.ctlSuite, http.MethodGet)
	handle("/suites/{suite_id}/ticket", s.ctlSuiteTicket, http.MethodGet)
	handle("/suites/{suite_id}/ticket", s.ctlPushSuiteTicket, http.MethodPost)
	handle("/suites/{suite_id}/install", s.ctlInstallSuite, http.MethodPost)
	handle("/suites/{suite_id}/cancel_auth", s.ctlCancelSuiteAuth, http.MethodPost)
	handle("/suites/{suite_id}/change_auth", s.ctlChangeSuiteAuth, http.MethodPost)
	handle("/suites/{suite_id}/reset_permanent_code", s.ctlResetPermanentCode, http.MethodPost)
	handle("/suites/{suite_id}/codes", s.ctlMintSuiteCode, http.MethodPost)
	handle("/suites/{suite_id}/callback", s.ctlSetSuiteCallback, http.MethodPut)
	handle("/suites/{suite_id}/callback", s.ctlRemoveSuiteCallback, http.MethodDelete)
}

func suiteIDOf(r *http.Request) string { return mux.Vars(r)["suite_id"] }

func (s *Server) ctlSuites(*http.Request) (any, error) {
	return mockctl.SuiteList{Suites: s.Suites()}, nil
}

func (s *Server) ctlSuite(r *http.Request) (any, error) {
	return controlAnswer(s.Suite(suiteIDOf(r)))
}

func (s *Server) ctlSuiteTicket(r *http.Request) (any, error) {
	return controlAnswer(s.SuiteTicket(suiteIDOf(r)))
}

func (s *Server) ctlPushSuiteTicket(r *http.Request) (any, error) {
	if err := decodeControl(r, &struct{}{}); err != nil {
		return nil, err
	}
	return controlAnswer(s.PushSuiteTicket(suiteIDOf(r)))
}

func (s *Server) ctlInstallSuite(r *http.Request) (any, error) {
	var req InstallRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.InstallSuite(suiteIDOf(r), req))
}

func (s *Server) ctlCancelSuiteAuth(r *http.Request) (any, error) {
	var req mockctl.CorpRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if req.CorpID == "" {
		return nil, badRequest(`"corpid" is required`)
	}
	return controlAnswer(s.CancelSuiteAuth(suiteIDOf(r), req.CorpID))
}

func (s *Server) ctlChangeSuiteAuth(r *http.Request) (any, error) {
	var req ChangeAuthRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.ChangeSuiteAuth(suiteIDOf(r), req))
}

func (s *Server) ctlResetPermanentCode(r *http.Request) (any, error) {
	var req mockctl.CorpRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if req.CorpID == "" {
		return nil, badRequest(`"corpid" is required`)
	}
	return controlAnswer(s.ResetPermanentCode(suiteIDOf(r), req.CorpID))
}

func (s *Server) ctlMintSuiteCode(r *http.Request) (any, error) {
	var req SuiteCodeRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.MintSuiteCode(suiteIDOf(r), req))
}

func (s *Server) ctlSetSuiteCallback(r *http.Request) (any, error) {
	var cb fixtures.Callback
	if err := decodeControl(r, &cb); err != nil {
		return nil, err
	}
	if err := s.SetSuiteCallback(suiteIDOf(r), &cb); err != nil {
		return nil, err
	}
	return controlAnswer(s.Suite(suiteIDOf(r)))
}

func (s *Server) ctlRemoveSuiteCallback(r *http.Request) (any, error) {
	if err := s.SetSuiteCallback(suiteIDOf(r), nil); err != nil {
		return nil, err
	}
	return controlAnswer(s.Suite(suiteIDOf(r)))
}
