package store

import (
	"errors"
	"math"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Suites: third-party apps and 代开发 templates — their
// suite_tickets and the schedule that pushes them, suite_access_tokens,
// pre-auth codes, installs and their auth codes, permanent codes, and the
// login codes of third-party mini programs and OAuth. Installs live in the
// corps as apps (suite_auth.go), so every corp API works with their tokens.

const (
	// SuiteTicketInterval is how often WeCom pushes a new suite_ticket
	// (every 10 minutes,
	// https://developer.work.weixin.qq.com/document/path/90628).
	SuiteTicketInterval = 10 * time.Minute
	// SuiteTicketTTL is how long a suite_ticket is accepted.
	SuiteTicketTTL = 30 * time.Minute
	// SuiteTokenTTL is the lifetime of a suite_access_token.
	SuiteTokenTTL = 7200 * time.Second
	// maxSuiteTickets bounds the tickets kept per suite: with one every 10
	// minutes and 30 minutes of validity, at most 3 are valid at once.
	maxSuiteTickets = 4
)

// Errors of the suite flows. The server maps each to an errcode.
var (
	ErrSuiteNotFound        = errors.New("store: suite not found")
	ErrSuiteSecretMismatch  = errors.New("store: wrong suite secret")
	ErrSuiteTicketInvalid   = errors.New("store: suite_ticket unknown or expired")
	ErrSuiteTokenUnknown    = errors.New("store: suite_access_token unknown")
	ErrSuiteTokenExpired    = errors.New("store: suite_access_token expired")
	ErrPreAuthCodeInvalid   = errors.New("store: pre_auth_code unknown, used or of another suite")
	ErrPreAuthCodeExpired   = errors.New("store: pre_auth_code expired")
	ErrAuthCodeInvalid      = errors.New("store: auth_code unknown, used, expired or of another suite")
	ErrPermanentCodeInvalid = errors.New("store: permanent_code unknown or of another corp or suite")
	ErrNotAuthorized        = errors.New("store: the corp has not authorized the suite")
	ErrAlreadyAuthorized    = errors.New("store: the corp has already authorized the suite")
	ErrNotCustomized        = errors.New("store: not a 代开发 template")
	ErrCustomized           = errors.New("store: a 代开发 template")
	ErrBadPrivilege         = errors.New("store: privilege names what the corp lacks")
)

// SuiteTicket is one suite_ticket.
type SuiteTicket struct {
	SuiteID   string
	Value     string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// SuiteToken is an issued suite_access_token.
type SuiteToken struct {
	Value     string
	SuiteID   string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// ExpiresIn is the token's remaining lifetime at now in whole seconds,
// rounded up.
func (t SuiteToken) ExpiresIn(now time.Time) int {
	return int((t.ExpiresAt.Sub(now) + time.Second - 1) / time.Second)
}

// suite is one suite's runtime state.
type suite struct {
	fx      *fixtures.Suite
	tickets []SuiteTicket // newest last
	// nextTicket is when the next suite_ticket is due; zero means at the
	// next observation (a freshly loaded world pushes one at once).
	nextTicket time.Time
	token      *SuiteToken
	expired    []string // recently expired token values, oldest first
}

// suiteTables is the store's suite state, guarded by Store.mu except due.
type suiteTables struct {
	// due is the earliest nextTicket in unix nanoseconds (math.MinInt64 for
	// "now", math.MaxInt64 when there are no suites), so that checking
	// whether a push is due costs one atomic load.
	due atomic.Int64

	byID   map[string]*suite
	order  []*suite // fixture order
	tokens map[string]*SuiteToken

	preAuth   codeTable[*preAuthCode]     // suite_auth.go
	authCodes codeTable[*authCode]        // suite_auth.go
	auths     map[authKey]*authorization  // suite_auth.go
	perm      map[string]*authorization   // by permanent code
	logins    codeTable[*SuiteCode]       // suite_login.go
	tickets   codeTable[*SuiteUserTicket] // suite_login.go
	// callbacks override the fixtures' callback configurations until the
	// world is loaded or reset again; a nil value removes one.
	callbacks map[string]*fixtures.Callback
}

// loadSuitesLocked rebuilds the suite state from w and installs the
// authorizations the fixtures declare. Called by Load with s.mu held, after
// the corps are built.
func (s *Store) loadSuitesLocked(w *fixtures.World) {
	t := &s.suites
	t.byID = make(map[string]*suite, len(w.Suites))
	t.order = make([]*suite, 0, len(w.Suites))
	t.tokens = map[string]*SuiteToken{}
	t.preAuth = newCodeTable[*preAuthCode](maxSuiteCodes)
	t.preAuth.grace = PreAuthCodeTTL // an expired code is told apart a while
	t.authCodes = newCodeTable[*authCode](maxSuiteCodes)
	t.auths = map[authKey]*authorization{}
	t.perm = map[string]*authorization{}
	t.logins = newCodeTable[*SuiteCode](maxSuiteCodes)
	t.tickets = newCodeTable[*SuiteUserTicket](maxSuiteCodes)
	t.callbacks = map[string]*fixtures.Callback{}
	now := s.Now()
	for i := range w.Suites {
		su := &suite{fx: &w.Suites[i]}
		t.byID[su.fx.SuiteID] = su
		t.order = append(t.order, su)
	}
	// Installs with an explicit agentid first, so that the ones picking the
	// next free agentid never take an agentid a later entry names.
	for _, explicit := range []bool{true, false} {
		for _, su := range t.order {
			for j := range su.fx.Authorizations {
				fa := &su.fx.Authorizations[j]
				c := s.corps[fa.CorpID]
				if c == nil || (fa.AgentID > 0) != explicit {
					continue // an unknown corp: validation rules it out
				}
				priv := s.defaultPrivilegeLocked(su, c)
				if fa.Privilege != nil {
					priv = clonePrivilege(*fa.Privilege)
				}
				s.authorizeLocked(su, c, authorizeArgs{
					agentID:       fa.AgentID,
					permanentCode: fa.PermanentCode,
					authUserID:    fa.AuthUserID,
					privilege:     priv,
					at:            now,
				})
			}
		}
	}
	s.updateSuiteDueLocked()
}

func (s *Store) updateSuiteDueLocked() {
	due := int64(math.MaxInt64)
	for _, su := range s.suites.order {
		if su.nextTicket.IsZero() {
			due = math.MinInt64
			break
		}
		due = min(due, su.nextTicket.UnixNano())
	}
	s.suites.due.Store(due)
}

// Suite returns the configuration of a suite, with its callback as set at
// run time. Error: ErrSuiteNotFound.
func (s *Store) Suite(suiteID string) (fixtures.Suite, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	su, ok := s.suites.byID[suiteID]
	if !ok {
		return fixtures.Suite{}, ErrSuiteNotFound
	}
	return s.suiteConfigLocked(su), nil
}

func (s *Store) suiteConfigLocked(su *suite) fixtures.Suite {
	out := *su.fx
	if cb, ok := s.suites.callbacks[out.SuiteID]; ok {
		out.Callback = cb
	}
	return out
}

// SetSuiteCallback sets (cb non-nil, already valid) or removes (nil) a
// suite's callback until the world is loaded or reset. Error:
// ErrSuiteNotFound.
func (s *Store) SetSuiteCallback(suiteID string, cb *fixtures.Callback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.suites.byID[suiteID]; !ok {
		return ErrSuiteNotFound
	}
	if cb != nil {
		c := *cb
		cb = &c
	}
	s.suites.callbacks[suiteID] = cb
	return nil
}

// SuiteTicketsDue reports whether a suite_ticket push is due at now. It is
// one atomic load, cheap enough to ask on every request.
func (s *Store) SuiteTicketsDue(now time.Time) bool {
	return now.UnixNano() >= s.suites.due.Load()
}

// NextSuiteTicketAt returns when the next suite_ticket push is due, if any
// suite exists; the zero time means now.
func (s *Store) NextSuiteTicketAt() (time.Time, bool) {
	due := s.suites.due.Load()
	switch due {
	case math.MaxInt64:
		return time.Time{}, false
	case math.MinInt64:
		return time.Time{}, true
	}
	return time.Unix(0, due), true
}

// DueSuiteTickets issues the suite_tickets that have become due and returns
// them for pushing, at most one per suite: when the clock has jumped past
// several due times, only the latest is issued, dated at that due time (the
// earlier ones would be superseded at once, and a vendor only ever uses the
// newest). The next push is then due one interval after it.
func (s *Store) DueSuiteTickets() []SuiteTicket {
	now := s.Now()
	if !s.SuiteTicketsDue(now) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SuiteTicket
	for _, su := range s.suites.order {
		if su.nextTicket.After(now) {
			continue
		}
		at := now
		if !su.nextTicket.IsZero() {
			late := now.Sub(su.nextTicket) / SuiteTicketInterval
			at = su.nextTicket.Add(late * SuiteTicketInterval)
		}
		out = append(out, s.issueSuiteTicketLocked(su, at, now))
	}
	s.updateSuiteDueLocked()
	return out
}

// PushSuiteTicket issues a new suite_ticket now, out of schedule; the next
// scheduled one is due an interval later. Error: ErrSuiteNotFound.
func (s *Store) PushSuiteTicket(suiteID string) (SuiteTicket, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	su, ok := s.suites.byID[suiteID]
	if !ok {
		return SuiteTicket{}, ErrSuiteNotFound
	}
	t := s.issueSuiteTicketLocked(su, now, now)
	s.updateSuiteDueLocked()
	return t, nil
}

func (s *Store) issueSuiteTicketLocked(su *suite, at, now time.Time) SuiteTicket {
	t := SuiteTicket{
		SuiteID:   su.fx.SuiteID,
		Value:     s.randomString(43),
		IssuedAt:  at,
		ExpiresAt: at.Add(SuiteTicketTTL),
	}
	kept := su.tickets[:0]
	for _, old := range su.tickets {
		if now.Before(old.ExpiresAt) {
			kept = append(kept, old)
		}
	}
	su.tickets = append(kept, t)
	if len(su.tickets) > maxSuiteTickets {
		su.tickets = su.tickets[len(su.tickets)-maxSuiteTickets:]
	}
	su.nextTicket = at.Add(SuiteTicketInterval)
	return t
}

// LatestSuiteTicket returns the newest suite_ticket of a suite (valid or
// not) and whether there is one. Error: ErrSuiteNotFound.
func (s *Store) LatestSuiteTicket(suiteID string) (SuiteTicket, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	su, ok := s.suites.byID[suiteID]
	if !ok {
		return SuiteTicket{}, false, ErrSuiteNotFound
	}
	if len(su.tickets) == 0 {
		return SuiteTicket{}, false, nil
	}
	return su.tickets[len(su.tickets)-1], true, nil
}

// IssueSuiteToken is get_suite_token: the suite's current token while it is
// valid, else a new one. Any of the suite's tickets still inside its 30
// minutes is accepted. Errors: ErrSuiteNotFound, ErrSuiteSecretMismatch,
// ErrSuiteTicketInvalid.
func (s *Store) IssueSuiteToken(suiteID, secret, ticket string) (SuiteToken, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	su, ok := s.suites.byID[suiteID]
	if !ok {
		return SuiteToken{}, ErrSuiteNotFound
	}
	if secret != su.fx.Secret {
		return SuiteToken{}, ErrSuiteSecretMismatch
	}
	valid := false
	for _, t := range su.tickets {
		if t.Value == ticket && now.Before(t.ExpiresAt) {
			valid = true
			break
		}
	}
	if !valid {
		return SuiteToken{}, ErrSuiteTicketInvalid
	}
	if su.token != nil && now.Before(su.token.ExpiresAt) {
		return *su.token, nil
	}
	if su.token != nil {
		su.expired = append(su.expired, su.token.Value)
		if len(su.expired) > maxRememberedExpired {
			delete(s.suites.tokens, su.expired[0])
			su.expired = su.expired[1:]
		}
	}
	tok := &SuiteToken{
		Value:     s.randomString(64),
		SuiteID:   suiteID,
		IssuedAt:  now,
		ExpiresAt: now.Add(SuiteTokenTTL),
	}
	su.token = tok
	s.suites.tokens[tok.Value] = tok
	return *tok, nil
}

// LookupSuiteToken resolves a suite_access_token: ErrSuiteTokenUnknown if it
// was never issued (or is forgotten), ErrSuiteTokenExpired after its 7200 s.
func (s *Store) LookupSuiteToken(value string) (SuiteToken, error) {
	now := s.Now()
	s.mu.RLock()
	t, ok := s.suites.tokens[value]
	s.mu.RUnlock()
	if !ok {
		return SuiteToken{}, ErrSuiteTokenUnknown
	}
	if !now.Before(t.ExpiresAt) {
		return SuiteToken{}, ErrSuiteTokenExpired
	}
	return *t, nil
}

// SuiteState is a snapshot of one suite for the control API.
type SuiteState struct {
	Suite          fixtures.Suite
	Ticket         *SuiteTicket // the newest, if any
	NextTicketAt   time.Time    // zero: at the next observation
	TokenExpiresAt time.Time    // zero: no token issued
	Authorizations []Authorization
}

// SuiteStates returns every suite, in fixture order.
func (s *Store) SuiteStates() []SuiteState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]SuiteState, 0, len(s.suites.order))
	for _, su := range s.suites.order {
		out = append(out, s.suiteStateLocked(su))
	}
	return out
}

// SuiteStateOf returns one suite's snapshot. Error: ErrSuiteNotFound.
func (s *Store) SuiteStateOf(suiteID string) (SuiteState, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	su, ok := s.suites.byID[suiteID]
	if !ok {
		return SuiteState{}, ErrSuiteNotFound
	}
	return s.suiteStateLocked(su), nil
}

func (s *Store) suiteStateLocked(su *suite) SuiteState {
	st := SuiteState{Suite: s.suiteConfigLocked(su), NextTicketAt: su.nextTicket, Authorizations: []Authorization{}}
	if n := len(su.tickets); n > 0 {
		t := su.tickets[n-1]
		st.Ticket = &t
	}
	if su.token != nil {
		st.TokenExpiresAt = su.token.ExpiresAt
	}
	for _, a := range s.sortedAuthsLocked(su.fx.SuiteID) {
		st.Authorizations = append(st.Authorizations, a.snapshot(s))
	}
	return st
}

// RestartSuiteSchedule makes every suite's next suite_ticket due at the next
// observation, as in a freshly loaded world. The server calls it after Reset
// rewinds the clock, so the schedule never waits for a time the clock has
// gone back from.
func (s *Store) RestartSuiteSchedule() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, su := range s.suites.order {
		su.nextTicket = time.Time{}
	}
	s.updateSuiteDueLocked()
}
