package store

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// The inbox kept across a restart (a state file): every message of every
// channel with its card — each view, who sees which, the clicks and the
// response codes with their expiry and whether they were spent — and the
// duplicate-check windows still open. Restoring puts it all back as it
// was, so a card clicked before the restart shows the click after it and
// its unspent codes update it once, as before.

// SavedInbox is the inbox as a state file keeps it.
type SavedInbox struct {
	// Messages are the kept messages, oldest first; Card is nil in them.
	Messages []SavedMessage
	// Total counts the messages delivered, including those dropped from
	// the ring.
	Total int64
	// Duplicates are the duplicate-check windows open at the time of the
	// save.
	Duplicates []SavedDuplicate
}

// SavedMessage is a message with its card's state.
type SavedMessage struct {
	Message
	Card *SavedCard
}

// SavedCard is an interactive card's full state.
type SavedCard struct {
	// Specs are the cards sent or put in by updates; views refer to them
	// by index, so a finished button shares its card with the view it
	// replaced.
	Specs []CardSpec
	// Views[0] is the card as sent (Spec 0); the others are updates.
	Views []SavedCardView
	// ViewOf is the view (index into Views) each recipient sees who does
	// not see the card as sent, by userid as in the message's UserIDs.
	ViewOf map[string]int
	Seq    int
	Clicks []CardClick
	// Codes are the response codes issued for the card: the send's, then
	// one per click.
	Codes []SavedResponseCode
}

// SavedCardView is one state of a card.
type SavedCardView struct {
	Spec        int
	ReplaceName string
	At          time.Time
	Seq         int
}

// SavedResponseCode is a response_code and its state.
type SavedResponseCode struct {
	Code    string
	Expires time.Time
	Used    bool
}

// SavedDuplicate is an open duplicate-check window of an app.
type SavedDuplicate struct {
	CorpID  string
	AgentID int
	Key     string
	MsgID   string
	SentAt  time.Time
	Until   time.Time
}

// ErrSavedInbox is wrapped by CheckSavedMessage's errors.
var ErrSavedInbox = errors.New("store: saved inbox")

// SavedInbox returns the inbox as a state file keeps it; the duplicate
// windows over by now are left out.
func (s *Store) SavedInbox() SavedInbox {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := SavedInbox{Messages: make([]SavedMessage, 0, len(s.inbox.msgs)), Total: s.inbox.total}
	for _, m := range s.inbox.msgs {
		sm := SavedMessage{Message: *m}
		sm.Message.card, sm.Message.Card = nil, nil
		sm.Body = slices.Clone(m.Body)
		if m.card != nil {
			sm.Card = s.inbox.savedCard(m.card)
		}
		out.Messages = append(out.Messages, sm)
	}
	for k, e := range s.inbox.dups {
		if now.Before(e.until) {
			out.Duplicates = append(out.Duplicates, SavedDuplicate{CorpID: k.corpID, AgentID: k.agentID, Key: k.key, MsgID: e.msgID, SentAt: e.sentAt, Until: e.until})
		}
	}
	slices.SortFunc(out.Duplicates, func(a, b SavedDuplicate) int { return a.SentAt.Compare(b.SentAt) })
	return out
}

func (b *inbox) savedCard(c *cardState) *SavedCard {
	out := &SavedCard{Seq: c.seq, ViewOf: map[string]int{}}
	specs := map[*CardSpec]int{}
	views := map[*cardView]int{}
	addView := func(v *cardView) int {
		if i, ok := views[v]; ok {
			return i
		}
		si, ok := specs[v.spec]
		if !ok {
			si = len(out.Specs)
			specs[v.spec] = si
			out.Specs = append(out.Specs, *cloneSpec(v.spec))
		}
		views[v] = len(out.Views)
		out.Views = append(out.Views, SavedCardView{Spec: si, ReplaceName: v.replaceName, At: v.at, Seq: v.seq})
		return views[v]
	}
	addView(c.base)
	// Views in update order, so a file is the same for the same state.
	shown := make([]*cardView, 0, len(c.viewOf))
	for _, v := range c.viewOf {
		shown = append(shown, v)
	}
	slices.SortFunc(shown, func(a, b *cardView) int { return a.seq - b.seq })
	for _, v := range shown {
		addView(v)
	}
	for u, v := range c.viewOf {
		out.ViewOf[u] = views[v]
	}
	for _, k := range c.clicks {
		k.Selected = slices.Clone(k.Selected)
		out.Clicks = append(out.Clicks, k)
	}
	for _, code := range c.codes {
		if ic := b.codes[code]; ic != nil {
			out.Codes = append(out.Codes, SavedResponseCode{Code: code, Expires: ic.expires, Used: ic.used})
		}
	}
	return out
}

// CheckSavedMessage reports what is wrong with a saved message, an error
// wrapping ErrSavedInbox, or nil: a message needs a msgid and a known
// channel; a card needs its views to point at its specs, its recipients
// among the message's, at most MaxCardClicks clicks and one code per
// click plus the send's.
func CheckSavedMessage(m *SavedMessage) error {
	switch m.Channel {
	case ChannelApp, ChannelRobot, ChannelAppChat, ChannelExternal:
	default:
		return fmt.Errorf("%w: unknown channel %q", ErrSavedInbox, m.Channel)
	}
	if m.MsgID == "" {
		return fmt.Errorf("%w: no msgid", ErrSavedInbox)
	}
	c := m.Card
	if c == nil {
		return nil
	}
	switch {
	case len(c.Views) == 0 || len(c.Specs) == 0:
		return fmt.Errorf("%w: card without views or specs", ErrSavedInbox)
	case c.Views[0].Spec != 0 || c.Views[0].ReplaceName != "":
		return fmt.Errorf("%w: card's first view is not the card as sent", ErrSavedInbox)
	case len(c.Clicks) > MaxCardClicks:
		return fmt.Errorf("%w: card has %d clicks, at most %d are kept", ErrSavedInbox, len(c.Clicks), MaxCardClicks)
	case len(c.Codes) > len(c.Clicks)+1:
		return fmt.Errorf("%w: card has %d response codes for %d clicks", ErrSavedInbox, len(c.Codes), len(c.Clicks))
	case len(c.Views) > len(c.ViewOf)+1 || len(c.Specs) > len(c.Views):
		return fmt.Errorf("%w: card has views nobody sees", ErrSavedInbox)
	}
	for i, v := range c.Views {
		if v.Spec < 0 || v.Spec >= len(c.Specs) {
			return fmt.Errorf("%w: card view %d: spec %d out of range", ErrSavedInbox, i, v.Spec)
		}
		if v.Seq < 0 || v.Seq > c.Seq {
			return fmt.Errorf("%w: card view %d: seq %d past the card's %d", ErrSavedInbox, i, v.Seq, c.Seq)
		}
	}
	for u, v := range c.ViewOf {
		if v <= 0 || v >= len(c.Views) {
			return fmt.Errorf("%w: card view %d of %q out of range", ErrSavedInbox, v, u)
		}
		if !slices.Contains(m.UserIDs, u) {
			return fmt.Errorf("%w: card view of %q, who did not receive the message", ErrSavedInbox, u)
		}
	}
	for _, code := range c.Codes {
		if code.Code == "" {
			return fmt.Errorf("%w: card with an empty response code", ErrSavedInbox)
		}
	}
	return nil
}

// RestoreInbox puts saved messages in the inbox after those it holds,
// keeping the inbox's caps (the newest DefaultInboxSize messages within
// DefaultInboxBytes), and opens the saved duplicate windows not over by
// now. Messages that fail CheckSavedMessage or whose msgid the inbox
// already holds are skipped, as are response codes already issued. It
// returns how many messages it restored.
func (s *Store) RestoreInbox(saved SavedInbox) int {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := saved.Messages
	if len(msgs) > DefaultInboxSize {
		msgs = msgs[len(msgs)-DefaultInboxSize:]
	}
	n := 0
	for i := range msgs {
		sm := &msgs[i]
		if CheckSavedMessage(sm) != nil || s.inbox.byID[sm.MsgID] != nil {
			continue
		}
		m := new(Message)
		*m = sm.Message
		m.Card, m.card = nil, nil
		m.Body = slices.Clone(sm.Body)
		var codes []SavedResponseCode
		if sm.Card != nil {
			m.card, codes = restoreCard(sm.Card)
		}
		total := s.inbox.total
		s.inbox.add(m, DefaultInboxSize, DefaultInboxBytes)
		s.inbox.total = total
		if s.inbox.byID[m.MsgID] != m {
			continue // over the byte budget by itself
		}
		for _, c := range codes {
			if _, taken := s.inbox.codes[c.Code]; taken {
				continue
			}
			s.inbox.codes[c.Code] = &issuedCode{msgID: m.MsgID, corpID: m.CorpID, agentID: m.AgentID, expires: c.Expires, used: c.Used}
			m.card.codes = append(m.card.codes, c.Code)
		}
		n++
	}
	s.inbox.total += max(saved.Total, int64(n))
	for _, d := range saved.Duplicates {
		if !now.Before(d.Until) || d.Key == "" {
			continue
		}
		s.sweepDuplicatesLocked(now)
		s.inbox.dups[dupKey{d.CorpID, d.AgentID, d.Key}] = dupEntry{msgID: d.MsgID, sentAt: d.SentAt, until: d.Until}
	}
	return n
}

// restoreCard rebuilds a checked card's state and returns its codes,
// which the caller registers.
func restoreCard(c *SavedCard) (*cardState, []SavedResponseCode) {
	specs := make([]*CardSpec, len(c.Specs))
	for i := range c.Specs {
		specs[i] = cloneSpec(&c.Specs[i])
	}
	views := make([]*cardView, len(c.Views))
	for i, v := range c.Views {
		views[i] = &cardView{spec: specs[v.Spec], replaceName: v.ReplaceName, at: v.At, seq: v.Seq}
	}
	st := &cardState{base: views[0], viewOf: make(map[string]*cardView, len(c.ViewOf)), seq: c.Seq}
	for u, i := range c.ViewOf {
		st.viewOf[u] = views[i]
	}
	for _, k := range c.Clicks {
		k.Selected = slices.Clone(k.Selected)
		st.clicks = append(st.clicks, k)
	}
	// The footprint as the live card counted it: each click, and each
	// card an update put in (a finished button reuses its view's card).
	st.bytes = int64(len(st.clicks)) * clickFootprint
	for i := 1; i < len(specs); i++ {
		st.bytes += int64(len(specs[i].Body))
	}
	return st, slices.Clone(c.Codes)
}
