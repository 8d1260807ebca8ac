package store

import "strings"

// MessagesPage returns up to limit messages f selects whose sequence number
// is after or at from, oldest first, and the sequence number to continue
// from. more is false when the inbox holds nothing further. A message's
// sequence number is its place among the messages delivered since the inbox
// was last cleared (0 for the first), so a walk page by page sees each kept
// message once while others arrive; messages evicted meanwhile are skipped.
// Only the page is copied: a read costs its page, not the inbox.
func (s *Store) MessagesPage(f MessageFilter, from int64, limit int) (msgs []Message, next int64, more bool) {
	user := strings.ToLower(f.ToUser)
	s.mu.RLock()
	defer s.mu.RUnlock()
	first := s.inbox.total - int64(len(s.inbox.msgs)) // sequence number of msgs[0]
	i := max(from-first, 0)
	msgs = []Message{}
	for ; i < int64(len(s.inbox.msgs)); i++ {
		m := s.inbox.msgs[i]
		if !f.matches(m, user) {
			continue
		}
		if len(msgs) == limit {
			return msgs, first + i, true
		}
		msgs = append(msgs, m.snapshot())
	}
	return msgs, first + i, false
}
