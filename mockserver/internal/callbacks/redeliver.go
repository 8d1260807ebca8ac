package callbacks

import (
	"fmt"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Re-delivery: a developer whose receiver failed (or answered wrongly)
// fixes it and has the same event sent again, as a new delivery. WeCom
// itself never re-sends after its three attempts; this is the mock's
// convenience, so the event goes to the receiver as configured now — a
// corrected URL or key is used — sealed afresh with the virtual time.

// Redeliver sends the plaintext of delivery id again to its receiver's
// current configuration and returns the new delivery's id. Errors: one
// wrapping ErrNotFound for an unknown id; a conflict when the receiver has
// no callback configured any more.
func (e *Engine) Redeliver(id string) (string, error) {
	e.mu.Lock()
	d, ok := e.byID[id]
	var old mockctl.Delivery
	var timeout = e.timeout
	if ok {
		old = snapshotLocked(d)
		if d.target.Timeout > 0 {
			timeout = d.target.Timeout
		}
	}
	e.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	t, err := e.currentTarget(old)
	if err != nil {
		return "", err
	}
	if timeout != e.timeout {
		t.Timeout = timeout
	}
	return e.Deliver(t, old.Kind, []byte(old.Plaintext)), nil
}

// currentTarget is where d's receiver takes callbacks now.
func (e *Engine) currentTarget(d mockctl.Delivery) (Target, error) {
	if d.Receiver == "suite" {
		su, err := e.store.Suite(d.SuiteID)
		if err != nil || su.Callback == nil {
			return Target{}, conflict("suite %q has no callback configured any more: delivery %s cannot be sent again", d.SuiteID, d.ID)
		}
		return SuiteTarget(d.SuiteID, *su.Callback, 0), nil
	}
	entry, ok, err := e.store.Callback(d.CorpID, d.AgentID)
	if err != nil || !ok {
		return Target{}, conflict("the receiver of delivery %s (corp %q, agentid %d) has no callback configured any more", d.ID, d.CorpID, d.AgentID)
	}
	return AppTarget(d.CorpID, d.AgentID, entry.Callback), nil
}
