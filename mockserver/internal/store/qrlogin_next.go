package store

import (
	"errors"
	"strings"
)

// The next-login queue lets a headless test skip the login pages: each
// OAuth authorize page or QR-login page that opens takes the first queued
// entry for its corp and logs that person in at once, without a click.

// NextLogin is one queued login.
type NextLogin struct {
	// CorpID, if set, limits the entry to login pages of that corp.
	CorpID string
	Who    Who
}

// ErrNextLoginsFull is returned when the queue holds maxNextLogins entries.
var ErrNextLoginsFull = errors.New("store: the next-login queue is full")

// maxNextLogins bounds the queue so a runaway test cannot exhaust memory.
const maxNextLogins = 1000

// QueueNextLogin appends an entry. A member must exist — in CorpID when it
// is given, in some corp otherwise — so a typo fails here, not on a page.
func (s *Store) QueueNextLogin(n NextLogin) error {
	if !n.Who.valid() {
		return ErrWhoLogsIn
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n.CorpID != "" {
		c, ok := s.corps[n.CorpID]
		if !ok {
			return ErrCorpNotFound
		}
		if n.Who.UserID != "" && c.memberLocked(n.Who.UserID) == nil {
			return ErrMemberNotFound
		}
	} else if n.Who.UserID != "" && !s.anyCorpHasLocked(n.Who.UserID) {
		return ErrMemberNotFound
	}
	if len(s.nextLogins) >= maxNextLogins {
		return ErrNextLoginsFull
	}
	s.nextLogins = append(s.nextLogins, n)
	return nil
}

func (s *Store) anyCorpHasLocked(userID string) bool {
	key := strings.ToLower(userID)
	for _, c := range s.corps {
		if _, ok := c.members[key]; ok {
			return true
		}
	}
	return false
}

// TakeNextLogin removes and returns the first entry usable on a login page
// of corpID: one with no CorpID or that CorpID.
func (s *Store) TakeNextLogin(corpID string) (NextLogin, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, n := range s.nextLogins {
		if n.CorpID == "" || n.CorpID == corpID {
			s.nextLogins = append(s.nextLogins[:i:i], s.nextLogins[i+1:]...)
			return n, true
		}
	}
	return NextLogin{}, false
}

// NextLogins returns the queue, first entry first.
func (s *Store) NextLogins() []NextLogin {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]NextLogin{}, s.nextLogins...)
}

// ClearNextLogins empties the queue.
func (s *Store) ClearNextLogins() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextLogins = nil
}
