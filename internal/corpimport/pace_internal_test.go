package corpimport

import (
	"context"
	"testing"
	"time"
)

// The pacer spaces calls at least its interval apart (a lower bound only:
// a slow machine makes it longer, never shorter).
func TestPacerSpacesCalls(t *testing.T) {
	t.Parallel()
	p := &pacer{interval: 10 * time.Millisecond}
	start := time.Now()
	for range 5 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("5 calls in %s, want at least 40ms", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx); err == nil {
		t.Error("wait on a cancelled context succeeded")
	}
}
