package callbacks

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The deliveries journal kept across a restart (a state file), as
// history: each delivery with its attempts, status, plaintext and the
// receiver's answers. A delivery still pending when the state was saved
// comes back canceled: re-sending it after a restart could reach a
// receiver that has moved on, twice, with a stale timestamp.

// RestartCanceled is the Error of a delivery restored while pending.
const RestartCanceled = "canceled by a restart: it was not finished when the state was saved"

// Restore appends saved deliveries (oldest first) to the journal as done
// entries, keeping the newest the ring holds. Entries without an id, or
// with an id the journal holds, are skipped; pending ones come back
// canceled (RestartCanceled). Ids issued later follow the highest restored
// one. It returns how many entries it restored.
func (e *Engine) Restore(saved []mockctl.Delivery) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n := e.size; len(saved) > n {
		saved = saved[len(saved)-n:]
	}
	n := 0
	for _, sd := range saved {
		if sd.ID == "" || e.byID[sd.ID] != nil {
			continue
		}
		d := &delivery{Delivery: sd, done: make(chan struct{})}
		d.Attempts = slices.Clone(sd.Attempts)
		if d.Attempts == nil {
			d.Attempts = []mockctl.CallbackAttempt{}
		}
		close(d.done)
		if d.Status == mockctl.DeliveryPending || d.Status == "" {
			d.Status, d.Error = mockctl.DeliveryCanceled, RestartCanceled
		}
		if seq, err := strconv.ParseUint(strings.TrimPrefix(sd.ID, "cb"), 10, 64); err == nil && strings.HasPrefix(sd.ID, "cb") {
			e.seq = max(e.seq, seq)
		}
		e.addLocked(d)
		n++
	}
	return n
}

// Version grows whenever a delivery enters the journal or finishes, so a
// state file writer sees a delivery's outcome (Server.StateVersion).
func (e *Engine) Version() uint64 { return e.changes.Load() }
