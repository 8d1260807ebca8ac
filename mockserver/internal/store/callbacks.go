package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Callback configurations (接收消息服务器配置): each app's, and the corp's
// contact-sync assistant's (agentid 0). The fixtures give the initial ones;
// SetCallback overrides them until the world is loaded or reset again.

// ContactsAgentID stands for the contact-sync assistant (通讯录同步) where an
// agentid is expected: it has a callback URL but no agentid.
const ContactsAgentID = 0

type callbackKey struct {
	corpID  string
	agentID int
}

// callbackTable holds the overrides; a nil value means "removed".
type callbackTable map[callbackKey]*fixtures.Callback

// CallbackEntry is one configured callback.
type CallbackEntry struct {
	CorpID   string
	AgentID  int // ContactsAgentID for the contact-sync assistant
	Callback fixtures.Callback
	// Sensitive reports whether the receiver may see members' sensitive
	// fields (the contact-sync assistant and apps with sensitive_fields).
	Sensitive bool
}

// callbackLocked returns the callback of (corp, agentID), or nil.
func (s *Store) callbackLocked(c *corp, agentID int) *fixtures.Callback {
	if cb, ok := s.cbcfg[callbackKey{c.id, agentID}]; ok {
		return cb
	}
	if agentID == ContactsAgentID {
		if fc := s.fixtureCorpLocked(c.id); fc != nil {
			return fc.ContactsCallback
		}
		return nil
	}
	if a := c.apps[agentID]; a != nil {
		return a.Callback
	}
	return nil
}

// Callback returns the callback configuration of an app (or of the
// contact-sync assistant for ContactsAgentID) and whether one is set.
// Errors: ErrCorpNotFound, ErrAppNotFound.
func (s *Store) Callback(corpID string, agentID int) (CallbackEntry, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return CallbackEntry{}, false, ErrCorpNotFound
	}
	sensitive := true
	if agentID != ContactsAgentID {
		a, ok := c.apps[agentID]
		if !ok {
			return CallbackEntry{}, false, ErrAppNotFound
		}
		sensitive = a.SensitiveFields
	}
	cb := s.callbackLocked(c, agentID)
	if cb == nil {
		return CallbackEntry{CorpID: corpID, AgentID: agentID, Sensitive: sensitive}, false, nil
	}
	return CallbackEntry{CorpID: corpID, AgentID: agentID, Callback: *cb, Sensitive: sensitive}, true, nil
}

// SetCallback sets (cb non-nil) or removes (nil) the callback configuration
// of an app or of the contact-sync assistant (ContactsAgentID). cb must be
// valid. Errors: ErrCorpNotFound, ErrAppNotFound.
func (s *Store) SetCallback(corpID string, agentID int, cb *fixtures.Callback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ErrCorpNotFound
	}
	if _, ok := c.apps[agentID]; !ok && agentID != ContactsAgentID {
		return ErrAppNotFound
	}
	if cb != nil {
		copied := *cb
		cb = &copied
	}
	if s.cbcfg == nil {
		s.cbcfg = callbackTable{}
	}
	s.cbcfg[callbackKey{corpID, agentID}] = cb
	return nil
}

// Callbacks lists every configured callback, by corpid then agentid (the
// contact-sync assistant first).
func (s *Store) Callbacks() []CallbackEntry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []CallbackEntry{}
	for _, c := range s.corps {
		if cb := s.callbackLocked(c, ContactsAgentID); cb != nil {
			out = append(out, CallbackEntry{CorpID: c.id, AgentID: ContactsAgentID, Callback: *cb, Sensitive: true})
		}
		for id, a := range c.apps {
			if cb := s.callbackLocked(c, id); cb != nil {
				out = append(out, CallbackEntry{CorpID: c.id, AgentID: id, Callback: *cb, Sensitive: a.SensitiveFields})
			}
		}
	}
	slices.SortFunc(out, func(a, b CallbackEntry) int {
		if c := strings.Compare(a.CorpID, b.CorpID); c != 0 {
			return c
		}
		return a.AgentID - b.AgentID
	})
	return out
}

// CallbackMember reports whether userID is a member of the corp that app
// agentID can see: only they can message the app or open it.
// Errors: ErrCorpNotFound, ErrAppNotFound, ErrMemberNotFound, ErrNotVisible.
func (s *Store) CallbackMember(corpID string, agentID int, userID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return "", ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return "", ErrAppNotFound
	}
	m := c.memberLocked(userID)
	if m == nil {
		return "", ErrMemberNotFound
	}
	if !c.visibleTo(a, m) {
		return "", ErrNotVisible
	}
	return m.UserID, nil
}
