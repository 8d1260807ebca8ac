package store

import (
	"sync/atomic"
	"time"
)

// Clock is a server's virtual clock. It either ticks with real time or stands
// still, and Advance moves it forward by any amount at once, so expiry of
// tokens, codes and tickets can be tested without waiting. Freeze and
// Unfreeze switch between the two at run time.
type Clock struct {
	real  func() time.Time
	state atomic.Pointer[clockState]
}

type clockState struct {
	start    time.Time     // virtual time when the clock was (re)started
	anchor   time.Time     // real time at that moment, moved on by Unfreeze
	advanced time.Duration // total of all Advance calls since
	frozen   bool
	frozenAt time.Time // real time the clock stopped, when frozen
}

// NewClock returns a clock that reads start now. A ticking clock then follows
// real time; a frozen one moves only through Advance. realNow is the source of
// real time (time.Now in production).
func NewClock(start time.Time, frozen bool, realNow func() time.Time) *Clock {
	c := &Clock{real: realNow}
	now := realNow()
	c.state.Store(&clockState{start: start, anchor: now, frozen: frozen, frozenAt: now})
	return c
}

// Now returns the virtual time.
func (c *Clock) Now() time.Time {
	return c.state.Load().now(c.real)
}

func (st *clockState) now(real func() time.Time) time.Time {
	t := st.start.Add(st.advanced)
	if st.frozen {
		return t.Add(st.frozenAt.Sub(st.anchor))
	}
	return t.Add(real().Sub(st.anchor))
}

// update applies change to a copy of the state until no other update
// came in between, and returns the new virtual time.
func (c *Clock) update(change func(*clockState)) time.Time {
	for {
		old := c.state.Load()
		next := *old
		change(&next)
		if c.state.CompareAndSwap(old, &next) {
			return next.now(c.real)
		}
	}
}

// Advance moves the clock forward by d (negative durations are ignored) and
// returns the new virtual time. The advances add up to MaxAdvance at most:
// past it the clock stops there.
func (c *Clock) Advance(d time.Duration) time.Time {
	if d < 0 {
		d = 0
	}
	return c.update(func(st *clockState) { st.advanced += min(d, MaxAdvance-st.advanced) })
}

// Rewind undoes every Advance since the clock was (re)started: a frozen clock
// reads its start again (plus the time it ticked before it was frozen), a
// ticking one its start plus the real time elapsed.
func (c *Clock) Rewind() time.Time {
	return c.update(func(st *clockState) { st.advanced = 0 })
}

// Restart sets the virtual time back to start; a frozen clock stays frozen.
func (c *Clock) Restart(start time.Time) {
	c.update(func(st *clockState) {
		now := c.real()
		*st = clockState{start: start, anchor: now, frozen: st.frozen, frozenAt: now}
	})
}

// Freeze stops the clock where it reads now; only Advance moves it then.
// It returns the virtual time.
func (c *Clock) Freeze() time.Time {
	return c.update(func(st *clockState) {
		if !st.frozen {
			st.frozen, st.frozenAt = true, c.real()
		}
	})
}

// Unfreeze lets a frozen clock tick with real time again from where it
// stands. It returns the virtual time.
func (c *Clock) Unfreeze() time.Time {
	return c.update(func(st *clockState) {
		if st.frozen {
			st.anchor = st.anchor.Add(c.real().Sub(st.frozenAt))
			st.frozen = false
		}
	})
}

// Frozen reports whether the clock moves only through Advance.
func (c *Clock) Frozen() bool { return c.state.Load().frozen }
