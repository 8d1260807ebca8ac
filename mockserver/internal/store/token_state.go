package store

import (
	"slices"
	"strings"
	"time"
)

// Access tokens kept across a restart (a state file): each secret's
// current token while it is valid. A restored token answers as before
// until it expires, so clients holding it need not fetch a new one.

// SavedToken is a secret's current access token, with the secret that
// issued it, so a restore files it under that secret again.
type SavedToken struct {
	CorpID    string
	Secret    string
	Value     string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// ValidTokens lists each corp secret's current token still valid now, by
// corpid, then secret.
func (s *Store) ValidTokens() []SavedToken {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SavedToken
	for key, st := range s.bySecret {
		if t := st.current; t != nil && now.Before(t.ExpiresAt) {
			out = append(out, SavedToken{CorpID: key.corpID, Secret: key.secret, Value: t.Value, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt})
		}
	}
	slices.SortFunc(out, func(a, b SavedToken) int {
		if c := strings.Compare(a.CorpID, b.CorpID); c != 0 {
			return c
		}
		return strings.Compare(a.Secret, b.Secret)
	})
	return out
}

// RestoreTokens makes saved tokens current again, skipping those expired
// now, of a secret the world no longer has, of a secret that already has
// a valid token, or whose value is taken. It returns how many it restored.
func (s *Store) RestoreTokens(saved []SavedToken) int {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, sv := range saved {
		if !now.Before(sv.ExpiresAt) || sv.Value == "" || s.tokens[sv.Value] != nil {
			continue
		}
		c := s.corps[sv.CorpID]
		if c == nil {
			continue
		}
		tok := Token{Value: sv.Value, CorpID: sv.CorpID, IssuedAt: sv.IssuedAt, ExpiresAt: sv.ExpiresAt}
		switch a, isApp := c.appsBySecret[sv.Secret]; {
		case isApp:
			tok.Kind, tok.AgentID = AppToken, a.AgentID
		case sv.Secret != "" && sv.Secret == c.contactsSecret:
			tok.Kind = ContactsToken
		case c.secrets[sv.Secret] != 0:
			tok.Kind = c.secrets[sv.Secret]
		default:
			continue
		}
		key := secretKey{sv.CorpID, sv.Secret}
		st := s.bySecret[key]
		if st == nil {
			st = &secretTokens{}
			s.bySecret[key] = st
		}
		if st.current != nil && now.Before(st.current.ExpiresAt) {
			continue
		}
		st.current = &tok
		s.tokens[tok.Value] = &tok
		n++
	}
	return n
}
