package mockserver

// The next-login queue is the headless way through the login pages: an
// end-to-end test that drives a real app (whose URLs it cannot change) only
// has to say who logs in next; the authorize page or QR-login page then
// redirects at once, as if that person had clicked through it. The pages
// themselves — the OAuth2 authorize page (网页授权) and the QR-code login
// (扫码登录) — are internal/weblogin; this file and qrlogin*.go hold their Go
// and control APIs.

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// NextLogin queues who the next login page logs in, without interaction:
// the next OAuth authorize page (of who.CorpID, if set) redirects at once
// with a code for them — consenting for them under snsapi_privateinfo — and
// the next QR-login page redirects as if they had scanned and confirmed.
// Entries are used first in, first out, each once. A member must exist (in
// who.CorpID when it is given, in some corp otherwise).
func (s *Server) NextLogin(who LoginAs) error {
	err := s.store.QueueNextLogin(store.NextLogin{CorpID: who.CorpID, Who: whoOf(who)})
	return storeError(err, subject{terms: loginTerms, corpID: who.CorpID, userID: who.UserID})
}

// NextLogins returns the queued logins, first one first.
func (s *Server) NextLogins() []LoginAs {
	q := s.store.NextLogins()
	out := make([]LoginAs, len(q))
	for i, n := range q {
		out[i] = loginAsOf(n)
	}
	return out
}

// ClearNextLogins empties the queue: login pages show their choices again.
func (s *Server) ClearNextLogins() { s.store.ClearNextLogins() }

func (s *Server) ctlNextLogin(r *http.Request) (any, error) {
	var who LoginAs
	if err := decodeControl(r, &who); err != nil {
		return nil, err
	}
	if err := s.NextLogin(who); err != nil {
		return nil, err
	}
	return mockctl.NextLoginList{Next: s.NextLogins()}, nil
}

func (s *Server) ctlNextLogins(*http.Request) (any, error) {
	return mockctl.NextLoginList{Next: s.NextLogins()}, nil
}

func (s *Server) ctlClearNextLogins(*http.Request) (any, error) {
	s.ClearNextLogins()
	return mockctl.NextLoginList{Next: []LoginAs{}}, nil
}

// whoOf is a in the store's terms.
func whoOf(a LoginAs) store.Who {
	return store.Who{UserID: a.UserID, Visitor: a.Visitor || a.OpenID != "", OpenID: a.OpenID}
}

func loginAsOf(n store.NextLogin) LoginAs {
	return LoginAs{UserID: n.Who.UserID, Visitor: n.Who.Visitor, OpenID: n.Who.OpenID, CorpID: n.CorpID}
}
