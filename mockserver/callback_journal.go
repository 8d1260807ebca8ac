package mockserver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The deliveries journal: every callback the server generated, with each
// attempt, newest last. Deliveries are asynchronous; WaitDelivery and
// WaitDeliveries block until they are done, so tests need no sleeps.

// deliveryMatches reports whether f selects d.
func deliveryMatches(f DeliveryFilter, d *Delivery) bool {
	return (f.ID == "" || d.ID == f.ID) &&
		(f.CorpID == "" || d.CorpID == f.CorpID) &&
		(f.AgentID == 0 || d.AgentID == f.AgentID) &&
		(f.SuiteID == "" || d.SuiteID == f.SuiteID) &&
		(f.Receiver == "" || d.Receiver == f.Receiver) &&
		(f.Kind == "" || d.Kind == f.Kind || strings.HasPrefix(d.Kind, f.Kind+"/")) &&
		(f.Status == "" || d.Status == f.Status)
}

// snapshotLocked copies d so the caller can read it without the lock.
func snapshotLocked(d *delivery) Delivery {
	out := d.Delivery
	out.Attempts = slices.Clone(d.Attempts)
	return out
}

// matchingLocked returns the journal entries f selects, oldest first.
func (st *callbackState) matchingLocked(f DeliveryFilter) []*delivery {
	var ordered []*delivery
	if len(st.ring) < cap(st.ring) {
		ordered = st.ring
	} else {
		ordered = append(slices.Clone(st.ring[st.next:]), st.ring[:st.next]...)
	}
	var out []*delivery
	for _, d := range ordered {
		if deliveryMatches(f, &d.Delivery) {
			out = append(out, d)
		}
	}
	return out
}

// Deliveries returns the deliveries journal, oldest first, filtered by f.
// The journal keeps as many entries as the request journal (WithJournalSize).
func (s *Server) Deliveries(f DeliveryFilter) []Delivery {
	st := s.callbacks()
	st.mu.Lock()
	defer st.mu.Unlock()
	ds := st.matchingLocked(f)
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		out[i] = snapshotLocked(d)
	}
	return out
}

// ErrDeliveryNotFound is returned for a delivery id the journal does not
// hold (never issued, or dropped from the ring, or cleared).
var ErrDeliveryNotFound = errors.New("mockserver: no such callback delivery")

// Delivery returns one delivery by id.
func (s *Server) Delivery(id string) (Delivery, error) {
	st := s.callbacks()
	st.mu.Lock()
	defer st.mu.Unlock()
	d, ok := st.byID[id]
	if !ok {
		return Delivery{}, fmt.Errorf("%w: %q", ErrDeliveryNotFound, id)
	}
	return snapshotLocked(d), nil
}

// WaitDelivery blocks until delivery id is delivered, failed or canceled,
// or ctx is done, and returns it. On ctx's end it returns the delivery as it
// stands and ctx's error.
func (s *Server) WaitDelivery(ctx context.Context, id string) (Delivery, error) {
	st := s.callbacks()
	st.mu.Lock()
	d, ok := st.byID[id]
	st.mu.Unlock()
	if !ok {
		return Delivery{}, fmt.Errorf("%w: %q", ErrDeliveryNotFound, id)
	}
	return s.awaitDelivery(ctx, d)
}

func (s *Server) awaitDelivery(ctx context.Context, d *delivery) (Delivery, error) {
	var err error
	select {
	case <-d.done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	st := s.callbacks()
	st.mu.Lock()
	defer st.mu.Unlock()
	return snapshotLocked(d), err
}

// WaitDeliveries blocks until every delivery f selects now is done (or ctx
// is done) and returns them, oldest first. Deliveries caused by a call are
// in the journal by the time the call returns — an API request, a control
// request or a Go method — so
//
//	srv.WaitDeliveries(ctx, mockserver.DeliveryFilter{Kind: "change_contact"})
//
// after a user/create waits for exactly the events it caused. On ctx's end
// it returns the deliveries as they stand and ctx's error.
func (s *Server) WaitDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	st := s.callbacks()
	st.mu.Lock()
	ds := st.matchingLocked(f)
	st.mu.Unlock()
	var err error
	for _, d := range ds {
		select {
		case <-d.done:
			continue
		case <-ctx.Done():
			err = ctx.Err()
		}
		break
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		out[i] = snapshotLocked(d)
	}
	return out, err
}

// ClearDeliveries empties the deliveries journal. Deliveries under way go
// on; only their entries are gone.
func (s *Server) ClearDeliveries() {
	st := s.callbacks()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.ring = st.ring[:0]
	st.next = 0
	clear(st.byID)
}
