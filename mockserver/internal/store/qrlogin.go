package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// QRLoginTTL is how long a login QR code can be scanned and confirmed. The
// WeCom docs do not say; five minutes matches the OAuth
// code lifetime and is what docs/differences.md documents.
const QRLoginTTL = 5 * time.Minute

// QRStatus is where a QR-code login (扫码登录) stands. The desktop page
// follows these states; only a scanned login can be confirmed.
type QRStatus string

// The states of a QR login.
const (
	QRWaiting   QRStatus = "waiting"   // shown, not scanned yet
	QRScanned   QRStatus = "scanned"   // a phone picked who logs in; awaiting confirm
	QRConfirmed QRStatus = "confirmed" // the phone confirmed; a code was issued
	QRCancelled QRStatus = "cancelled" // the phone cancelled
	QRExpired   QRStatus = "expired"   // QRLoginTTL passed before a confirm
)

// Terminal reports whether nothing can happen to the login any more.
func (st QRStatus) Terminal() bool {
	return st == QRConfirmed || st == QRCancelled || st == QRExpired
}

// QR-login errors.
var (
	ErrQRLoginNotFound = errors.New("store: no such QR login")
	ErrWhoLogsIn       = errors.New("store: give a userid, or a visitor (optionally with an openid), not both")
)

// QRStateError is an action a QR login's state does not allow, such as a
// confirm before any scan or a scan after expiry.
type QRStateError struct {
	Status QRStatus
	Action string
}

func (e *QRStateError) Error() string {
	return fmt.Sprintf("store: cannot %s a QR login that is %s", e.Action, e.Status)
}

// QRLogin is one QR-code login: the desktop page that shows the code, the
// phone that scans it, and — once confirmed — the code for redirect_uri.
type QRLogin struct {
	Key string
	// SuiteID is set for a third-party app's login (login_type=ServiceApp):
	// CorpID and AgentID are then those of the install whose member
	// scanned, empty before.
	SuiteID     string
	CorpID      string
	AgentID     int
	RedirectURI string
	State       string
	Status      QRStatus
	// UserID is the member who scanned, or "" for a visitor (OpenID).
	UserID string
	OpenID string
	// Code is the QRCode-kind login code issued on confirmation (for a
	// suite, an OAuth code of the suite for service/auth/getuserinfo3rd).
	Code      string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// QRLoginStart is what a login page asks for.
type QRLoginStart struct {
	// SuiteID, instead of CorpID and AgentID, starts a third-party app's
	// login.
	SuiteID     string
	CorpID      string
	AgentID     int
	RedirectURI string
	State       string
}

// Who is who logs in: a member (UserID), or a visitor who is not a member
// (Visitor, with OpenID or the corp's default visitor openid).
type Who struct {
	UserID  string
	Visitor bool
	OpenID  string
}

func (w Who) valid() bool {
	return (w.UserID != "") != (w.Visitor || w.OpenID != "")
}

type qrTable struct {
	logins map[string]*QRLogin
}

func newQRTable() qrTable { return qrTable{logins: map[string]*QRLogin{}} }

// maxQRLogins bounds the table; past it, finished and expired logins are
// swept, then the oldest go.
const maxQRLogins = 1024

// StartQRLogin opens a QR login for an app. The redirect URI must be an
// absolute http(s) URL under one of the app's login domains: the page
// refuses anything else before a QR code is shown.
func (s *Store) StartQRLogin(req QRLoginStart) (QRLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var domains []string
	if req.SuiteID != "" {
		su, ok := s.suites.byID[req.SuiteID]
		if !ok {
			return QRLogin{}, ErrSuiteNotFound
		}
		domains = suiteLoginDomains(su.fx)
		req.CorpID, req.AgentID = "", 0
	} else {
		c, ok := s.corps[req.CorpID]
		if !ok {
			return QRLogin{}, ErrCorpNotFound
		}
		a, ok := c.apps[req.AgentID]
		if !ok {
			return QRLogin{}, ErrAppNotFound
		}
		domains = a.QRLoginDomains()
	}
	if _, _, _, ok := splitRedirect(req.RedirectURI); !ok {
		return QRLogin{}, ErrBadRedirectURI
	}
	if !RedirectTrusted(domains, req.RedirectURI) {
		return QRLogin{}, ErrRedirectUntrusted
	}
	s.pruneQRLocked(now)
	l := &QRLogin{
		Key:         s.randomString(32),
		SuiteID:     req.SuiteID,
		CorpID:      req.CorpID,
		AgentID:     req.AgentID,
		RedirectURI: req.RedirectURI,
		State:       req.State,
		Status:      QRWaiting,
		IssuedAt:    now,
		ExpiresAt:   now.Add(QRLoginTTL),
	}
	s.qr.logins[l.Key] = l
	return *l, nil
}

func (s *Store) pruneQRLocked(now time.Time) {
	t := s.qr.logins
	if len(t) < maxQRLogins {
		return
	}
	for k, l := range t {
		if l.Status.Terminal() || !now.Before(l.ExpiresAt) {
			delete(t, k)
		}
	}
	for len(t) >= maxQRLogins {
		oldest := ""
		for k, l := range t {
			if oldest == "" || l.IssuedAt.Before(t[oldest].IssuedAt) {
				oldest = k
			}
		}
		delete(t, oldest)
	}
}

// qrLoginLocked returns the login with its expiry applied: a waiting or
// scanned login past ExpiresAt becomes expired for good.
func (s *Store) qrLoginLocked(now time.Time, key string) (*QRLogin, error) {
	l, ok := s.qr.logins[key]
	if !ok {
		return nil, ErrQRLoginNotFound
	}
	if !l.Status.Terminal() && !now.Before(l.ExpiresAt) {
		l.Status = QRExpired
	}
	return l, nil
}

// QRLogin returns one QR login as it stands now.
func (s *Store) QRLogin(key string) (QRLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.qrLoginLocked(now, key)
	if err != nil {
		return QRLogin{}, err
	}
	return *l, nil
}

// QRLogins returns every QR login still kept, oldest first.
func (s *Store) QRLogins() []QRLogin {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QRLogin, 0, len(s.qr.logins))
	for k := range s.qr.logins {
		l, _ := s.qrLoginLocked(now, k)
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b QRLogin) int {
		if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// ScanQRLogin is the phone scanning the code as who. Only a waiting login
// can be scanned; the member must belong to the login's corp — for a
// suite's login, to a corp that installed the suite (the first by corpid
// that has the userid; ScanQRLoginIn names the corp).
func (s *Store) ScanQRLogin(key string, who Who) (QRLogin, error) {
	return s.ScanQRLoginIn(key, "", who)
}

// ScanQRLoginIn is ScanQRLogin naming the corp of a suite's login; corpID
// is ignored for a corp app's login. Errors as ScanQRLogin's, and
// ErrNotAuthorized for a corp that has not installed the suite.
func (s *Store) ScanQRLoginIn(key, corpID string, who Who) (QRLogin, error) {
	if !who.valid() {
		return QRLogin{}, ErrWhoLogsIn
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.qrLoginLocked(now, key)
	if err != nil {
		return QRLogin{}, err
	}
	if l.Status != QRWaiting {
		return QRLogin{}, &QRStateError{Status: l.Status, Action: "scan"}
	}
	if l.SuiteID != "" {
		a, err := s.suiteScanCorpLocked(l.SuiteID, corpID, who.UserID)
		if err != nil {
			return QRLogin{}, err
		}
		l.CorpID, l.AgentID = a.corpID, a.agentID
	}
	if who.UserID != "" {
		m := s.corps[l.CorpID].memberLocked(who.UserID)
		if m == nil {
			return QRLogin{}, ErrMemberNotFound
		}
		l.UserID = m.UserID
	} else {
		l.OpenID = who.OpenID
		if l.OpenID == "" {
			l.OpenID = VisitorOpenID(l.CorpID)
		}
	}
	l.Status = QRScanned
	return *l, nil
}

// ConfirmQRLogin is the phone confirming a scanned login: it issues the
// QRCode-kind code the desktop page appends to redirect_uri, single use and
// valid for CodeTTL like every login code.
func (s *Store) ConfirmQRLogin(key string) (QRLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.qrLoginLocked(now, key)
	if err != nil {
		return QRLogin{}, err
	}
	if l.Status != QRScanned {
		return QRLogin{}, &QRStateError{Status: l.Status, Action: "confirm"}
	}
	if l.SuiteID != "" {
		code := &SuiteCode{Kind: OAuthCode, SuiteID: l.SuiteID, CorpID: l.CorpID, UserID: l.UserID,
			OpenID: l.OpenID, Scope: ScopeBase, ExpiresAt: now.Add(CodeTTL)}
		s.addSuiteCodeLocked(now, code)
		l.Code = code.Value
		l.Status = QRConfirmed
		return *l, nil
	}
	code := s.addCodeLocked(now, Code{
		Kind:        QRCode,
		CorpID:      l.CorpID,
		AgentID:     l.AgentID,
		UserID:      l.UserID,
		OpenID:      l.OpenID,
		Scope:       ScopeBase,
		RedirectURI: l.RedirectURI,
	})
	l.Code = code.Value
	l.Status = QRConfirmed
	return *l, nil
}

// CancelQRLogin is the phone cancelling: a waiting or scanned login ends
// without a code.
func (s *Store) CancelQRLogin(key string) (QRLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.qrLoginLocked(now, key)
	if err != nil {
		return QRLogin{}, err
	}
	if l.Status.Terminal() {
		return QRLogin{}, &QRStateError{Status: l.Status, Action: "cancel"}
	}
	l.Status = QRCancelled
	return *l, nil
}

// suiteLoginDomains are a suite's QR-login callback domains: its login
// domains, or its trusted domains when it sets none.
func suiteLoginDomains(su *fixtures.Suite) []string {
	if len(su.LoginDomains) > 0 {
		return su.LoginDomains
	}
	return su.TrustedDomains
}

// suiteScanCorpLocked is the install a suite's QR login is scanned in:
// corpID's, or without it the first install by corpid with the member (the
// first install at all for a visitor). Callers hold s.mu.
func (s *Store) suiteScanCorpLocked(suiteID, corpID, userID string) (*authorization, error) {
	if corpID != "" {
		a, ok := s.suites.auths[authKey{suiteID, corpID}]
		if !ok {
			if _, exists := s.corps[corpID]; !exists {
				return nil, ErrCorpNotFound
			}
			return nil, ErrNotAuthorized
		}
		return a, nil
	}
	auths := s.sortedAuthsLocked(suiteID)
	for _, a := range auths {
		if userID == "" || s.corps[a.corpID].memberLocked(userID) != nil {
			return a, nil
		}
	}
	if userID == "" || len(auths) == 0 {
		return nil, ErrNotAuthorized
	}
	return nil, ErrMemberNotFound
}
