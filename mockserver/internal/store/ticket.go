package store

import (
	"errors"
	"time"
)

// TicketTTL is the lifetime of a JS-SDK jsapi_ticket
// (https://developer.work.weixin.qq.com/document/path/96909).
const TicketTTL = 7200 * time.Second

// TicketKind says which JS-SDK ticket it is.
type TicketKind string

// The two JS-SDK tickets. They are distinct values: a page signed with the
// corp ticket fails wx.agentConfig and the other way round.
const (
	// CorpTicket is the corp's jsapi_ticket (get_jsapi_ticket), signing
	// wx.config / ww.register; one per corp, shared by its apps.
	CorpTicket TicketKind = "jsapi"
	// AgentTicket is an app's ticket (ticket/get?type=agent_config), signing
	// wx.agentConfig; one per (corp, agentid).
	AgentTicket TicketKind = "agent_config"
)

// Ticket errors.
var (
	ErrTicketUnknown = errors.New("store: jsapi ticket unknown")
	ErrTicketExpired = errors.New("store: jsapi ticket expired")
)

// Ticket is an issued JS-SDK ticket.
type Ticket struct {
	Value     string
	Kind      TicketKind
	CorpID    string
	AgentID   int // 0 for CorpTicket
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// ExpiresIn is the ticket's remaining lifetime at now in seconds, rounded up.
func (t Ticket) ExpiresIn(now time.Time) int {
	return int((t.ExpiresAt.Sub(now) + time.Second - 1) / time.Second)
}

type ticketKey struct {
	kind    TicketKind
	corpID  string
	agentID int
}

// ticketTable holds the current ticket per key and a few expired ones, so a
// signature check can tell "expired" from "never issued".
type ticketTable struct {
	byValue map[string]*Ticket
	current map[ticketKey]*Ticket
	expired map[ticketKey][]string
}

func newTicketTable() ticketTable {
	return ticketTable{
		byValue: map[string]*Ticket{},
		current: map[ticketKey]*Ticket{},
		expired: map[ticketKey][]string{},
	}
}

// maxRememberedTickets bounds the expired tickets remembered per key.
const maxRememberedTickets = 8

// IssueTicket returns the current ticket of kind for (corpID, agentID) —
// reused, like access tokens, until it expires — or a new one. agentID is
// ignored for CorpTicket. Errors: ErrCorpNotFound, ErrAppNotFound.
func (s *Store) IssueTicket(kind TicketKind, corpID string, agentID int) (Ticket, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return Ticket{}, ErrCorpNotFound
	}
	key := ticketKey{kind: kind, corpID: corpID}
	if kind == AgentTicket {
		if _, ok := c.apps[agentID]; !ok {
			return Ticket{}, ErrAppNotFound
		}
		key.agentID = agentID
	}
	t := &s.tickets
	if cur := t.current[key]; cur != nil {
		if now.Before(cur.ExpiresAt) {
			return *cur, nil
		}
		old := append(t.expired[key], cur.Value)
		if len(old) > maxRememberedTickets {
			delete(t.byValue, old[0])
			old = old[1:]
		}
		t.expired[key] = old
	}
	tk := &Ticket{
		// Real tickets are 86 characters of [A-Za-z0-9_-] (D:96909 sample).
		Value:     s.randomString(86),
		Kind:      kind,
		CorpID:    corpID,
		AgentID:   key.agentID,
		IssuedAt:  now,
		ExpiresAt: now.Add(TicketTTL),
	}
	t.current[key] = tk
	t.byValue[tk.Value] = tk
	return *tk, nil
}

// CurrentTicket returns the still valid ticket of kind for (corpID, agentID)
// without issuing one; ok is false when none was issued or it has expired.
func (s *Store) CurrentTicket(kind TicketKind, corpID string, agentID int) (Ticket, bool) {
	now := s.Now()
	key := ticketKey{kind: kind, corpID: corpID}
	if kind == AgentTicket {
		key.agentID = agentID
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cur := s.tickets.current[key]
	if cur == nil || !now.Before(cur.ExpiresAt) {
		return Ticket{}, false
	}
	return *cur, true
}

// LookupTicket resolves a ticket value, for a JS-SDK signature check:
// ErrTicketUnknown if it was never issued (or forgotten), ErrTicketExpired
// once its 7200 s are over.
func (s *Store) LookupTicket(value string) (Ticket, error) {
	now := s.Now()
	s.mu.RLock()
	t, ok := s.tickets.byValue[value]
	s.mu.RUnlock()
	if !ok {
		return Ticket{}, ErrTicketUnknown
	}
	if !now.Before(t.ExpiresAt) {
		return *t, ErrTicketExpired
	}
	return *t, nil
}
