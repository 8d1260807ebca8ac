package store

import (
	"sync/atomic"
	"time"
)

// Clock is a server's virtual clock. It either ticks with real time or stands
// still, and Advance moves it forward by any amount at once, so expiry of
// tokens, codes and tickets can be tested without waiting.
type Clock struct {
	real   func() time.Time
	frozen bool
	state  atomic.Pointer[clockState]
}

type clockState struct {
	start    time.Time     // virtual time when the clock was (re)started
	anchor   time.Time     // real time at that moment
	advanced time.Duration // total of all Advance calls since
}

// NewClock returns a clock that reads start now. A ticking clock then follows
// real time; a frozen one moves only through Advance. realNow is the source of
// real time (time.Now in production).
func NewClock(start time.Time, frozen bool, realNow func() time.Time) *Clock {
	c := &Clock{real: realNow, frozen: frozen}
	c.state.Store(&clockState{start: start, anchor: realNow()})
	return c
}

// Now returns the virtual time.
func (c *Clock) Now() time.Time {
	st := c.state.Load()
	now := st.start.Add(st.advanced)
	if !c.frozen {
		now = now.Add(c.real().Sub(st.anchor))
	}
	return now
}

// Advance moves the clock forward by d (negative durations are ignored) and
// returns the new virtual time. The advances add up to MaxAdvance at most:
// past it the clock stops there.
func (c *Clock) Advance(d time.Duration) time.Time {
	if d < 0 {
		d = 0
	}
	for {
		old := c.state.Load()
		next := *old
		next.advanced += min(d, MaxAdvance-next.advanced)
		if c.state.CompareAndSwap(old, &next) {
			return c.Now()
		}
	}
}

// Rewind undoes every Advance since the clock was (re)started: a frozen clock
// reads its start again, a ticking one its start plus the real time elapsed.
func (c *Clock) Rewind() time.Time {
	for {
		old := c.state.Load()
		next := *old
		next.advanced = 0
		if c.state.CompareAndSwap(old, &next) {
			return c.Now()
		}
	}
}

// Restart sets the virtual time back to start.
func (c *Clock) Restart(start time.Time) {
	c.state.Store(&clockState{start: start, anchor: c.real()})
}

// Frozen reports whether the clock moves only through Advance.
func (c *Clock) Frozen() bool { return c.frozen }
