package suites

import (
	"net/http"
	"sync"
	"time"
)

// The suite_ticket schedule. WeCom pushes every suite a new suite_ticket
// every 10 minutes; the mock does so on its virtual clock without a ticking
// goroutine of its own. Time is observed to pass:
//
//   - on every request the server handles (one atomic load when nothing is
//     due),
//   - on Advance, Reset and LoadFixtures,
//   - and, for a ticking clock of a started server only, by one timer armed
//     for the next due push, so a vendor that merely waits still gets its
//     tickets (stopped when the server shuts down).
//
// Each observation pushes what has become due: at most one ticket per suite,
// dated at its latest due time, however far the clock jumped (see
// store.DueSuiteTickets). A freshly loaded or reset world pushes every suite
// a ticket at the first observation.

// timer is the real-time timer of a started server with a ticking clock.
type timer struct {
	mu      sync.Mutex
	started bool
	stopped bool
	timer   *time.Timer
}

// Observe pushes the suite_tickets that have become due.
func (s *Suites) Observe() {
	due := s.store.DueSuiteTickets()
	for _, t := range due {
		s.push(t.SuiteID, infoSuiteTicket, suiteTicketXML(t.SuiteID, t.Value, t.IssuedAt))
	}
	if len(due) > 0 {
		s.armTimer()
	}
}

// Schedule observes the clock before every request.
func (s *Suites) Schedule(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.store.SuiteTicketsDue(s.store.Now()) {
			s.Observe()
		}
		next.ServeHTTP(w, r)
	})
}

// Reloaded follows a Load or Reset of the world (after Reset has
// rewound the clock): every suite gets its first ticket at once.
func (s *Suites) Reloaded() {
	s.store.RestartSuiteSchedule()
	s.Observe()
	s.armTimer()
}

// StartTimer runs the schedule's timer while srv serves: it observes at
// once (the world's first tickets) and then whenever the next push is due,
// until srv shuts down.
func (s *Suites) StartTimer(srv *http.Server) {
	srv.RegisterOnShutdown(s.stopTimer)
	t := &s.timer
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started {
		return
	}
	t.started = true
	t.timer = time.AfterFunc(0, s.timerFired)
}

func (s *Suites) stopTimer() {
	t := &s.timer
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	if t.timer != nil {
		t.timer.Stop()
	}
}

func (s *Suites) timerFired() {
	s.Observe()
	s.armTimer()
}

// armTimer sets the timer for the next due push. A frozen clock moves
// only through Advance, which observes by itself, so it needs no timer.
func (s *Suites) armTimer() {
	if s.store.Clock().Frozen() {
		return
	}
	next, ok := s.store.NextSuiteTicketAt()
	if !ok {
		return
	}
	wait := time.Duration(0)
	if !next.IsZero() {
		wait = max(next.Sub(s.store.Now()), 0)
	}
	t := &s.timer
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.started || t.stopped {
		return
	}
	if t.timer != nil {
		t.timer.Stop()
	}
	t.timer = time.AfterFunc(wait, s.timerFired)
}
