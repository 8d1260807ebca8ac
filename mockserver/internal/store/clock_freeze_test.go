package store

import (
	"testing"
	"time"
)

// settableReal is a settable source of real time.
type settableReal struct{ t time.Time }

func (f *settableReal) now() time.Time { return f.t }

func TestClockFreezeUnfreeze(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	real := &settableReal{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := NewClock(start, false, real.now)

	real.t = real.t.Add(10 * time.Second) // ticking: +10s
	if got := c.Freeze(); !got.Equal(start.Add(10 * time.Second)) {
		t.Fatalf("Freeze at %v, want start+10s", got)
	}
	if !c.Frozen() {
		t.Fatal("Frozen() false after Freeze")
	}
	real.t = real.t.Add(time.Hour) // frozen: the hour does not count
	c.Advance(2 * time.Hour)
	if got := c.Now(); !got.Equal(start.Add(2*time.Hour + 10*time.Second)) {
		t.Fatalf("frozen clock reads %v", got)
	}
	c.Unfreeze()
	real.t = real.t.Add(5 * time.Second) // ticking again: +5s
	if got := c.Now(); !got.Equal(start.Add(2*time.Hour + 15*time.Second)) {
		t.Fatalf("unfrozen clock reads %v", got)
	}
	if c.Frozen() {
		t.Fatal("Frozen() true after Unfreeze")
	}
	// Idempotent both ways.
	c.Unfreeze()
	if got := c.Now(); !got.Equal(start.Add(2*time.Hour + 15*time.Second)) {
		t.Fatalf("second Unfreeze moved the clock: %v", got)
	}
	c.Freeze()
	real.t = real.t.Add(time.Minute)
	c.Freeze()
	if got := c.Rewind(); !got.Equal(start.Add(15 * time.Second)) {
		t.Fatalf("Rewind of a frozen clock reads %v, want start+15s", got)
	}
}

func TestClockStartsFrozen(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	real := &settableReal{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := NewClock(start, true, real.now)
	real.t = real.t.Add(time.Hour)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("frozen clock reads %v", got)
	}
	c.Restart(start.Add(time.Minute))
	real.t = real.t.Add(time.Hour)
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) || !c.Frozen() {
		t.Fatalf("restarted frozen clock reads %v (frozen %v)", got, c.Frozen())
	}
}
