package store

import (
	"errors"
	"testing"
	"time"
)

func TestIssueTicketReuseAndExpiry(t *testing.T) {
	s := ourTestStore(t, nil)
	const corp = "wwmockcorp000001"
	corpT, err := s.IssueTicket(CorpTicket, corp, 1000002)
	if err != nil {
		t.Fatal(err)
	}
	if corpT.AgentID != 0 || corpT.ExpiresIn(s.Now()) != 7200 || len(corpT.Value) != 86 {
		t.Errorf("corp ticket %+v", corpT)
	}
	agentT, err := s.IssueTicket(AgentTicket, corp, 1000002)
	if err != nil {
		t.Fatal(err)
	}
	if agentT.Value == corpT.Value || agentT.AgentID != 1000002 {
		t.Errorf("agent ticket %+v must differ from corp ticket %+v", agentT, corpT)
	}
	if _, err := s.IssueTicket(AgentTicket, corp, 42); !errors.Is(err, ErrAppNotFound) {
		t.Errorf("unknown app: %v", err)
	}
	if _, err := s.IssueTicket(CorpTicket, "nope", 0); !errors.Is(err, ErrCorpNotFound) {
		t.Errorf("unknown corp: %v", err)
	}

	s.Clock().Advance(7199 * time.Second)
	again, _ := s.IssueTicket(CorpTicket, corp, 0)
	if again.Value != corpT.Value || again.ExpiresIn(s.Now()) != 1 {
		t.Errorf("before expiry: %+v, want the same ticket with 1 s left", again)
	}
	if cur, ok := s.CurrentTicket(AgentTicket, corp, 1000002); !ok || cur.Value != agentT.Value {
		t.Errorf("CurrentTicket = %+v, %v", cur, ok)
	}
	if got, err := s.LookupTicket(corpT.Value); err != nil || got.Kind != CorpTicket {
		t.Errorf("LookupTicket = %+v, %v", got, err)
	}

	s.Clock().Advance(time.Second)
	if _, ok := s.CurrentTicket(CorpTicket, corp, 0); ok {
		t.Error("CurrentTicket still valid after 7200 s")
	}
	if _, err := s.LookupTicket(corpT.Value); !errors.Is(err, ErrTicketExpired) {
		t.Errorf("LookupTicket after expiry: %v", err)
	}
	fresh, _ := s.IssueTicket(CorpTicket, corp, 0)
	if fresh.Value == corpT.Value {
		t.Error("no new ticket after expiry")
	}
	if _, err := s.LookupTicket(corpT.Value); !errors.Is(err, ErrTicketExpired) {
		t.Errorf("old ticket after renewal: %v, want ErrTicketExpired", err)
	}
	if _, err := s.LookupTicket("never-issued"); !errors.Is(err, ErrTicketUnknown) {
		t.Errorf("unknown ticket: %v", err)
	}

	s.Reset()
	if _, err := s.LookupTicket(fresh.Value); !errors.Is(err, ErrTicketUnknown) {
		t.Errorf("ticket survived Reset: %v", err)
	}
}

func TestExpiredTicketsAreBounded(t *testing.T) {
	s := ourTestStore(t, nil)
	var first string
	for i := range maxRememberedTickets + 3 {
		tk, _ := s.IssueTicket(CorpTicket, "wwmockcorp000001", 0)
		if i == 0 {
			first = tk.Value
		}
		s.Clock().Advance(TicketTTL)
	}
	if n := len(s.tickets.byValue); n != maxRememberedTickets+1 {
		t.Errorf("%d tickets remembered, want %d", n, maxRememberedTickets+1)
	}
	if _, err := s.LookupTicket(first); !errors.Is(err, ErrTicketUnknown) {
		t.Errorf("oldest ticket: %v, want forgotten", err)
	}
}
