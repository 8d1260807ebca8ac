package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/weblogin"
)

// Control endpoints of QR logins (/_mock/qrlogins…), each mirroring a
// method of *Server. Their answers carry phone_url under the host the
// caller used, like the pages do.

func (s *Server) ctlQRLogins(r *http.Request) (any, error) {
	ls := s.QRLogins()
	for i := range ls {
		ls[i].PhoneURL = pages.BaseURL(r) + weblogin.PhonePath(ls[i].Key)
	}
	return mockctl.QRLoginList{QRLogins: ls}, nil
}

func (s *Server) ctlStartQRLogin(r *http.Request) (any, error) {
	var req QRLoginRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if req.CorpID == "" || req.AgentID == 0 || req.RedirectURI == "" {
		return nil, badRequest(`"corpid", "agentid" and "redirect_uri" are required`)
	}
	return s.qrControlAnswer(r)(s.StartQRLogin(req))
}

func (s *Server) ctlQRLogin(r *http.Request) (any, error) {
	return s.qrControlAnswer(r)(s.QRLogin(mux.Vars(r)["key"]))
}

func (s *Server) ctlScanQRLogin(r *http.Request) (any, error) {
	var who LoginAs
	if err := decodeControl(r, &who); err != nil {
		return nil, err
	}
	return s.qrControlAnswer(r)(s.ScanQRLogin(mux.Vars(r)["key"], who))
}

func (s *Server) ctlConfirmQRLogin(r *http.Request) (any, error) {
	return s.qrControlAnswer(r)(s.ConfirmQRLogin(mux.Vars(r)["key"]))
}

func (s *Server) ctlCancelQRLogin(r *http.Request) (any, error) {
	return s.qrControlAnswer(r)(s.CancelQRLogin(mux.Vars(r)["key"]))
}

// qrControlAnswer turns a QR-login method's result into a control answer:
// the login with its phone_url for this caller, or a 4xx.
func (s *Server) qrControlAnswer(r *http.Request) func(QRLogin, error) (any, error) {
	return func(l QRLogin, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		l.PhoneURL = pages.BaseURL(r) + weblogin.PhonePath(l.Key)
		return l, nil
	}
}
