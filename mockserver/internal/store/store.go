// Package store holds a wecom-mock server's world — corps, apps, departments,
// members, tags — and its runtime state — access tokens and login codes —
// behind one lock. Expiry is read from the server's virtual Clock.
//
// The store knows nothing of HTTP or JSON: it answers with values and sentinel
// errors, and the server turns those into WeCom responses.
package store

import (
	"math/rand/v2"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Store is safe for concurrent use.
type Store struct {
	clock *Clock

	mu       versionedMutex
	fixtures *fixtures.World
	corps    map[string]*corp
	rng      *rand.ChaCha8

	tokens   map[string]*Token // by token value
	bySecret map[secretKey]*secretTokens
	codes    codeTable[*Code] // by code value, in issue order
	tickets  ticketTable      // JS-SDK tickets (ticket.go)
	oauth    oauthTable       // OAuth user_tickets (oauth.go)
	inbox    inbox            // sent messages (message.go)
	media    mediaStore       // uploaded media (media.go)
	images   imageTable       // permanent images (images.go)
	limits   limitTable       // WeCom's frequency limits, opt-in (limits.go)
	suites   suiteTables      // suites, their tickets, tokens and installs (suite*.go)
	cbcfg    callbackTable    // callback configurations set at runtime (callbacks.go)
	qr       qrTable          // QR-code logins (qrlogin.go)
	appChats appChatTable     // app group chats (appchat*.go)

	transferDue transferClock // the next customer transfer due (customer_transfer_settle.go)
	batch       batchTable    // batch import jobs (batch*.go)

	providers providerTable    // service providers and their tokens (provider.go)
	robots    map[string]Robot // group robots by webhook key (robot.go)
	// robotSends are each robot's sending times in its frequency window,
	// oldest first, at most RobotSendLimit per robot (robot.go).
	robotSends map[string][]time.Time

	nextLogins []NextLogin // logins the next login pages perform (qrlogin_next.go)
}

type secretKey struct{ corpID, secret string }

// secretTokens is one secret's current token and the recently expired ones
// still remembered, so they answer 42001 rather than 40014.
type secretTokens struct {
	current *Token
	expired []string
}

// maxRememberedExpired bounds how many expired tokens per secret keep
// answering "expired"; older ones fall back to "unknown" (40014), which real
// WeCom also answers for expired tokens.
const maxRememberedExpired = 8

// New returns an empty store reading time from clock. seed makes generated
// tokens and codes reproducible.
func New(clock *Clock, seed uint64) *Store {
	return NewLoaded(clock, seed, &fixtures.World{})
}

// NewLoaded returns a store with world w loaded (already validated): New
// and Load in one, without building an empty world first.
func NewLoaded(clock *Clock, seed uint64, w *fixtures.World) *Store {
	var key [32]byte
	for i := range 8 {
		key[i] = byte(seed >> (8 * i))
	}
	s := &Store{clock: clock, rng: rand.NewChaCha8(key)}
	s.Load(w)
	return s
}

// Clock returns the store's clock.
func (s *Store) Clock() *Clock { return s.clock }

// Now is the virtual time.
func (s *Store) Now() time.Time { return s.clock.Now() }

// Load replaces the world with w (already validated) and clears all runtime
// state: tokens and codes of the old world mean nothing in the new one.
func (s *Store) Load(w *fixtures.World) {
	corps := buildCorps(w, s.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixtures = w
	s.corps = corps
	s.clearRuntimeLocked()
	s.loadSuitesLocked(w)
	s.providers = newProviderTable(w)
	s.robots = indexRobots(w)
	s.limits.on.Store(s.limits.forced || w.Limits == fixtures.LimitsReal)
}

// Reset rebuilds the world from the loaded fixtures and clears runtime state.
func (s *Store) Reset() {
	s.mu.RLock()
	w := s.fixtures
	s.mu.RUnlock()
	s.Load(w)
}

func (s *Store) clearRuntimeLocked() {
	s.tokens = map[string]*Token{}
	s.bySecret = map[secretKey]*secretTokens{}
	s.codes = newCodeTable[*Code](maxCodesPerApp)
	s.tickets = newTicketTable()
	s.oauth = newOAuthTable()
	s.inbox.clear()
	s.media.clear()
	s.images.clear()
	s.limits.clear()
	s.robotSends = map[string][]time.Time{}
	s.cbcfg = callbackTable{}
	s.qr = newQRTable()
	s.appChats = newAppChatTable()
	s.batch.clear()
	s.nextLogins = nil
}

// Fixtures returns the loaded world. Callers must not modify it.
func (s *Store) Fixtures() *fixtures.World {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fixtures
}

// Counts is the runtime state's size, for the control API.
type Counts struct {
	Tokens         int
	ValidTokens    int
	Codes          int
	UnexpiredCodes int
	Messages       int // in the inbox
}

// RuntimeCounts counts tokens and codes, valid or not.
func (s *Store) RuntimeCounts() Counts {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := Counts{Tokens: len(s.tokens), Codes: s.codes.len(), Messages: len(s.inbox.msgs)}
	for _, t := range s.tokens {
		if now.Before(t.ExpiresAt) {
			c.ValidTokens++
		}
	}
	s.codes.each(func(code *Code) {
		if now.Before(code.ExpiresAt) {
			c.UnexpiredCodes++
		}
	})
	return c
}

// randomString returns n characters of [A-Za-z0-9_-] from the store's seeded
// generator. Callers hold s.mu for writing.
func (s *Store) randomString(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, n)
	var buf [8]byte
	for i := 0; i < n; i += 8 {
		s.rng.Read(buf[:])
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = alphabet[buf[j]&63]
		}
	}
	return string(b)
}
