package mockserver

// QR-code login (扫码登录,
// https://developer.work.weixin.qq.com/document/path/98171) as a Go API. A
// login page (/wwlogin/sso/login, /wwopen/sso/qrConnect; internal/weblogin)
// starts a QR login and shows a QR code that opens the mock's phone page; the
// phone scans (picks who logs in) and confirms or cancels; the desktop page
// follows and, once confirmed, redirects to redirect_uri with a code and the
// state. Tests that have no phone drive the same steps with these methods or
// their control endpoints.

import (
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/weblogin"
)

// StartQRLogin opens a QR login, as the login page does; open PhoneURL to
// play the phone, or call ScanQRLogin and ConfirmQRLogin.
func (s *Server) StartQRLogin(req QRLoginRequest) (QRLogin, error) {
	l, err := s.store.StartQRLogin(store.QRLoginStart{
		CorpID: req.CorpID, AgentID: req.AgentID, RedirectURI: req.RedirectURI, State: req.State,
	})
	if err != nil {
		return QRLogin{}, storeError(err, subject{terms: loginTerms, corpID: req.CorpID, agentID: req.AgentID})
	}
	return s.qrLoginView(l, s.URL()), nil
}

// QRLogin returns one QR login by its key.
func (s *Server) QRLogin(key string) (QRLogin, error) {
	l, err := s.store.QRLogin(key)
	if err != nil {
		return QRLogin{}, storeError(err, subject{terms: loginTerms})
	}
	return s.qrLoginView(l, s.URL()), nil
}

// QRLogins returns the QR logins the server keeps, oldest first: the newest
// is usually the one a browser under test just opened.
func (s *Server) QRLogins() []QRLogin {
	ls := s.store.QRLogins()
	out := make([]QRLogin, len(ls))
	for i, l := range ls {
		out[i] = s.qrLoginView(l, s.URL())
	}
	return out
}

// ScanQRLogin is the phone scanning the QR code as who. Only a waiting login
// can be scanned.
func (s *Server) ScanQRLogin(key string, who LoginAs) (QRLogin, error) {
	if who.CorpID != "" {
		l, err := s.store.QRLogin(key)
		if err == nil && l.CorpID != who.CorpID {
			return QRLogin{}, badRequest("%s", "this QR login is for corp "+l.CorpID+", not "+who.CorpID)
		}
	}
	l, err := s.store.ScanQRLogin(key, whoOf(who))
	if err != nil {
		corp := who.CorpID
		if cur, e := s.store.QRLogin(key); e == nil {
			corp = cur.CorpID
		}
		return QRLogin{}, storeError(err, subject{terms: loginTerms, corpID: corp, userID: who.UserID})
	}
	return s.qrLoginView(l, s.URL()), nil
}

// ConfirmQRLogin is the phone confirming a scanned login: the code is issued
// and the desktop page redirects to RedirectURL.
func (s *Server) ConfirmQRLogin(key string) (QRLogin, error) {
	l, err := s.store.ConfirmQRLogin(key)
	if err != nil {
		return QRLogin{}, storeError(err, subject{terms: loginTerms})
	}
	return s.qrLoginView(l, s.URL()), nil
}

// CancelQRLogin is the phone cancelling: the desktop page says so and
// offers a new QR code; the app gets no redirect.
func (s *Server) CancelQRLogin(key string) (QRLogin, error) {
	l, err := s.store.CancelQRLogin(key)
	if err != nil {
		return QRLogin{}, storeError(err, subject{terms: loginTerms})
	}
	return s.qrLoginView(l, s.URL()), nil
}

// qrLoginView turns the store's login into the API's, with the phone page
// under base (the scheme and host the caller reached the server at).
func (s *Server) qrLoginView(l store.QRLogin, base string) QRLogin {
	return weblogin.View(s.store, l, base)
}
