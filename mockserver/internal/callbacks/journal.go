package callbacks

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The deliveries journal: every callback the engine generated, with each
// attempt, newest last. Deliveries are asynchronous; Wait and WaitAll block
// until they are done, so tests need no sleeps.

// ErrNotFound is returned (wrapped, with the id) for a delivery id the
// journal does not hold: never issued, dropped from the ring, or cleared.
// The server exports it as mockserver.ErrDeliveryNotFound.
var ErrNotFound = errors.New("mockserver: no such callback delivery")

// addLocked records d in the journal ring, dropping the oldest entry.
func (e *Engine) addLocked(d *delivery) {
	if len(e.ring) < e.size {
		e.ring = append(e.ring, d)
	} else {
		delete(e.byID, e.ring[e.next].ID)
		e.ring[e.next] = d
	}
	e.next = (e.next + 1) % e.size
	e.byID[d.ID] = d
	e.changes.Add(1)
}

// finishLocked gives d its final status and wakes its waiters.
func (e *Engine) finishLocked(d *delivery, status, errText string) {
	if d.Status != mockctl.DeliveryPending {
		return
	}
	d.Status = status
	if errText != "" {
		d.Error = errText
	}
	close(d.done)
	e.changes.Add(1)
}

// matches reports whether f selects d.
func matches(f mockctl.DeliveryFilter, d *mockctl.Delivery) bool {
	return (f.ID == "" || d.ID == f.ID) &&
		(f.CorpID == "" || d.CorpID == f.CorpID) &&
		(f.AgentID == 0 || d.AgentID == f.AgentID) &&
		(f.SuiteID == "" || d.SuiteID == f.SuiteID) &&
		(f.Receiver == "" || d.Receiver == f.Receiver) &&
		(f.Kind == "" || d.Kind == f.Kind || strings.HasPrefix(d.Kind, f.Kind+"/")) &&
		(f.Status == "" || d.Status == f.Status)
}

// snapshotLocked copies d so the caller can read it without the lock.
func snapshotLocked(d *delivery) mockctl.Delivery {
	out := d.Delivery
	out.Attempts = slices.Clone(d.Attempts)
	return out
}

// matchingLocked returns the journal entries f selects, oldest first.
func (e *Engine) matchingLocked(f mockctl.DeliveryFilter) []*delivery {
	var ordered []*delivery
	if len(e.ring) < e.size {
		ordered = e.ring
	} else {
		ordered = append(slices.Clone(e.ring[e.next:]), e.ring[:e.next]...)
	}
	var out []*delivery
	for _, d := range ordered {
		if matches(f, &d.Delivery) {
			out = append(out, d)
		}
	}
	return out
}

// Deliveries returns the journal entries f selects, oldest first.
func (e *Engine) Deliveries(f mockctl.DeliveryFilter) []mockctl.Delivery {
	e.mu.Lock()
	defer e.mu.Unlock()
	ds := e.matchingLocked(f)
	out := make([]mockctl.Delivery, len(ds))
	for i, d := range ds {
		out[i] = snapshotLocked(d)
	}
	return out
}

// Delivery returns one delivery by id, or an error wrapping ErrNotFound.
func (e *Engine) Delivery(id string) (mockctl.Delivery, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.byID[id]
	if !ok {
		return mockctl.Delivery{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return snapshotLocked(d), nil
}

// Wait blocks until delivery id is delivered, failed or canceled, or ctx is
// done, and returns it. On ctx's end it returns the delivery as it stands
// and ctx's error.
func (e *Engine) Wait(ctx context.Context, id string) (mockctl.Delivery, error) {
	e.mu.Lock()
	d, ok := e.byID[id]
	e.mu.Unlock()
	if !ok {
		return mockctl.Delivery{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	var err error
	select {
	case <-d.done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return snapshotLocked(d), err
}

// WaitAll blocks until every delivery f selects now is done (or ctx is
// done) and returns them, oldest first. On ctx's end it returns the
// deliveries as they stand and ctx's error.
func (e *Engine) WaitAll(ctx context.Context, f mockctl.DeliveryFilter) ([]mockctl.Delivery, error) {
	e.mu.Lock()
	ds := e.matchingLocked(f)
	e.mu.Unlock()
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
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]mockctl.Delivery, len(ds))
	for i, d := range ds {
		out[i] = snapshotLocked(d)
	}
	return out, err
}

// Clear empties the journal. Deliveries under way go on; only their
// entries are gone.
func (e *Engine) Clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ring = e.ring[:0]
	e.next = 0
	clear(e.byID)
}
