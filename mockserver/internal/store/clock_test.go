package store

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// fakeReal is an injectable source of real time.
type fakeReal struct{ ns atomic.Int64 }

func newFakeReal(t time.Time) *fakeReal {
	f := &fakeReal{}
	f.ns.Store(t.UnixNano())
	return f
}

func (f *fakeReal) now() time.Time       { return time.Unix(0, f.ns.Load()).UTC() }
func (f *fakeReal) pass(d time.Duration) { f.ns.Add(int64(d)) }

var (
	clockStart = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	realStart  = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

func TestClockFrozen(t *testing.T) {
	real := newFakeReal(realStart)
	c := NewClock(clockStart, true, real.now)
	if !c.Frozen() {
		t.Fatal("Frozen() = false for a frozen clock")
	}
	if !c.Now().Equal(clockStart) {
		t.Fatalf("Now %v, want %v", c.Now(), clockStart)
	}
	real.pass(time.Hour)
	if !c.Now().Equal(clockStart) {
		t.Errorf("a frozen clock followed real time: %v", c.Now())
	}
	if got := c.Advance(90 * time.Second); !got.Equal(clockStart.Add(90 * time.Second)) {
		t.Errorf("Advance returned %v", got)
	}
	if !c.Now().Equal(clockStart.Add(90 * time.Second)) {
		t.Errorf("Now after Advance %v", c.Now())
	}
	c.Advance(-time.Hour) // ignored
	if !c.Now().Equal(clockStart.Add(90 * time.Second)) {
		t.Errorf("a negative Advance moved the clock to %v", c.Now())
	}
}

func TestClockTicking(t *testing.T) {
	real := newFakeReal(realStart)
	c := NewClock(clockStart, false, real.now)
	if c.Frozen() {
		t.Fatal("Frozen() = true for a ticking clock")
	}
	if !c.Now().Equal(clockStart) {
		t.Fatalf("Now %v, want %v", c.Now(), clockStart)
	}
	real.pass(1500 * time.Millisecond)
	if want := clockStart.Add(1500 * time.Millisecond); !c.Now().Equal(want) {
		t.Errorf("Now %v, want %v", c.Now(), want)
	}
	c.Advance(2 * time.Hour)
	real.pass(time.Second)
	if want := clockStart.Add(2*time.Hour + 2500*time.Millisecond); !c.Now().Equal(want) {
		t.Errorf("Now %v, want %v", c.Now(), want)
	}
}

func TestClockRestart(t *testing.T) {
	for _, frozen := range []bool{true, false} {
		real := newFakeReal(realStart)
		c := NewClock(clockStart, frozen, real.now)
		c.Advance(time.Hour)
		real.pass(time.Minute)
		again := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
		c.Restart(again)
		if !c.Now().Equal(again) {
			t.Errorf("frozen=%v: Now after Restart %v, want %v", frozen, c.Now(), again)
		}
		real.pass(10 * time.Second)
		want := again
		if !frozen {
			want = again.Add(10 * time.Second)
		}
		if !c.Now().Equal(want) {
			t.Errorf("frozen=%v: Now %v, want %v", frozen, c.Now(), want)
		}
		c.Advance(time.Second)
		if !c.Now().Equal(want.Add(time.Second)) {
			t.Errorf("frozen=%v: Advance after Restart: %v", frozen, c.Now())
		}
	}
}

func TestClockRewind(t *testing.T) {
	real := newFakeReal(realStart)
	c := NewClock(clockStart, false, real.now)
	c.Advance(3 * time.Hour)
	real.pass(20 * time.Second)
	c.Advance(time.Hour)
	if want := clockStart.Add(20 * time.Second); !c.Rewind().Equal(want) || !c.Now().Equal(want) {
		t.Errorf("Rewind: Now %v, want %v (advances gone, real time kept)", c.Now(), want)
	}

	frozen := NewClock(clockStart, true, real.now)
	frozen.Advance(time.Hour)
	frozen.Rewind()
	if !frozen.Now().Equal(clockStart) {
		t.Errorf("frozen Rewind: %v, want %v", frozen.Now(), clockStart)
	}
}

func TestClockConcurrentAdvance(t *testing.T) {
	c := NewClock(clockStart, true, time.Now)
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Advance(time.Second)
			_ = c.Now()
		}()
	}
	testwait.Group(t, &wg)
	if want := clockStart.Add(100 * time.Second); !c.Now().Equal(want) {
		t.Errorf("after 100 concurrent Advance(1s): %v, want %v", c.Now(), want)
	}
}
