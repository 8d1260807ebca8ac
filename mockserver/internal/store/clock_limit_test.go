package store

import (
	"testing"
	"time"
)

// TestClockAdvanceLimit: the advances stop at MaxAdvance instead of
// overflowing time.Duration and wrapping the clock into the past.
func TestClockAdvanceLimit(t *testing.T) {
	c := NewClock(clockStart, true, newFakeReal(realStart).now)
	century := 100 * 365 * 24 * time.Hour
	for range 3 {
		c.Advance(century)
	}
	if want := clockStart.Add(MaxAdvance); !c.Now().Equal(want) {
		t.Errorf("after 300 years: %v, want %v", c.Now(), want)
	}
	if c.Headroom() != 0 {
		t.Errorf("Headroom %v at the limit", c.Headroom())
	}
	c.Rewind()
	if c.Headroom() != MaxAdvance {
		t.Errorf("Headroom %v after Rewind", c.Headroom())
	}
}
