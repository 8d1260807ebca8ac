package mockserver

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// pieceWriter records each flushed piece of an answer.
type pieceWriter struct {
	h       http.Header
	pending []byte
	pieces  []string
	failAt  int // the write that fails (1-based), 0 for none
	writes  int
}

func (w *pieceWriter) Header() http.Header { return w.h }
func (w *pieceWriter) WriteHeader(int)     {}
func (w *pieceWriter) Write(b []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		return 0, errors.New("write deadline exceeded")
	}
	w.pending = append(w.pending, b...)
	return len(b), nil
}
func (w *pieceWriter) Flush() {
	w.pieces = append(w.pieces, string(w.pending))
	w.pending = nil
}

// TestSlowPace: a slow answer is sent a tenth of a second's bytes at a
// time, each flushed, with waits adding up to len/bytesPerSecond — checked
// on a recording writer and a recorded clock, without waiting.
func TestSlowPace(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		bps, size, chunk int
		interval         time.Duration
	}{
		{bps: 100, size: 95, chunk: 10, interval: 100 * time.Millisecond},
		{bps: 3, size: 4, chunk: 1, interval: time.Second / 3},
		{bps: 10_000_000, size: 2_500_000, chunk: 1_000_000, interval: 100 * time.Millisecond},
	} {
		chunk, interval := slowPace(tt.bps)
		if chunk != tt.chunk || interval != tt.interval {
			t.Errorf("%d B/s: pieces of %d every %v, want %d every %v", tt.bps, chunk, interval, tt.chunk, tt.interval)
		}
		body := strings.Repeat("x", tt.size)
		w := &pieceWriter{h: http.Header{}}
		var waited time.Duration
		waits := 0
		trickle(context.Background(), w, []byte(body), chunk, interval, func(_ context.Context, d time.Duration) error {
			waited += d
			waits++
			return nil
		})
		if len(w.pending) == 0 || len(w.pending) > chunk {
			t.Errorf("%d B/s: the last piece has %d bytes, want 1 to %d, left for net/http to send", tt.bps, len(w.pending), chunk)
		}
		w.Flush()
		if strings.Join(w.pieces, "") != body {
			t.Errorf("%d B/s: sent %d bytes of %d", tt.bps, len(strings.Join(w.pieces, "")), tt.size)
		}
		wantPieces := (tt.size + chunk - 1) / chunk
		if len(w.pieces) != wantPieces || waits != wantPieces-1 {
			t.Errorf("%d B/s: %d pieces after %d waits, want %d after %d", tt.bps, len(w.pieces), waits, wantPieces, wantPieces-1)
		}
		for i, p := range w.pieces[:len(w.pieces)-1] {
			if len(p) != chunk {
				t.Errorf("%d B/s: piece %d has %d bytes, want %d", tt.bps, i, len(p), chunk)
			}
		}
		// The whole answer takes what its size at the pace takes, less
		// the first piece, which leaves at once.
		if want := time.Duration(wantPieces-1) * interval; waited != want {
			t.Errorf("%d B/s: waited %v, want %v", tt.bps, waited, want)
		}
	}
}

// TestTrickleStops: a failed write (the write timeout) or a done context
// (the client left) ends a slow answer at once.
func TestTrickleStops(t *testing.T) {
	t.Parallel()
	w := &pieceWriter{h: http.Header{}, failAt: 3}
	waits := 0
	trickle(context.Background(), w, make([]byte, 100), 10, time.Second, func(context.Context, time.Duration) error {
		waits++
		return nil
	})
	if len(w.pieces) != 2 || waits != 2 {
		t.Errorf("after a failed third write: %d pieces, %d waits; want 2 and 2", len(w.pieces), waits)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w = &pieceWriter{h: http.Header{}}
	trickle(ctx, w, make([]byte, 100), 10, time.Hour, sleepCtx)
	if len(w.pieces) != 1 {
		t.Errorf("with the client gone: %d pieces, want 1", len(w.pieces))
	}
}

// TestGatewayPages: one page per gateway status, and no other.
func TestGatewayPages(t *testing.T) {
	t.Parallel()
	for status := range gatewayTitles {
		if page := string(gatewayPage(status)); !strings.Contains(page, "<title>"+gatewayTitles[status]+"</title>") {
			t.Errorf("%d: %q", status, page)
		}
	}
	if len(gatewayTitles) != 3 {
		t.Errorf("gateway statuses %v, want 502, 503, 504", gatewayTitles)
	}
}
