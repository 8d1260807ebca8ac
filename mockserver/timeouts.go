package mockserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Timeouts bounds what a client can hold on the server's listeners. A zero
// field takes its default (DefaultTimeouts).
//
// Request bodies get an idle deadline instead of http.Server.ReadTimeout:
// ReadTimeout counts from the first header byte to the last body byte, so
// any value short enough to cut a stalled upload quickly would also cut a
// slow but steady 20 MB fixtures upload. Here every body read that brings
// bytes pushes the deadline on by BodyIdle, up to Body for the whole body;
// a body that stops arriving is cut BodyIdle after its last byte.
type Timeouts struct {
	ReadHeader     time.Duration // request line and headers (and the TLS handshake)
	BodyIdle       time.Duration // longest pause between two pieces of a request body
	Body           time.Duration // the whole request body
	Write          time.Duration // from the end of the request body to the end of the answer
	Idle           time.Duration // a keep-alive connection waiting for its next request
	MaxHeaderBytes int           // request line and headers
}

// DefaultTimeouts are the timeouts of a server without WithTimeouts. Write
// leaves room for the longest control-API answers; the endpoints that wait
// longer by design (GET /_mock/requests/stream, POST /_mock/callbacks/wait)
// move their own deadline.
var DefaultTimeouts = Timeouts{
	ReadHeader:     10 * time.Second,
	BodyIdle:       30 * time.Second,
	Body:           10 * time.Minute,
	Write:          2 * time.Minute,
	Idle:           2 * time.Minute,
	MaxHeaderBytes: 1 << 20,
}

// WithTimeouts sets the listeners' timeouts; zero fields keep their
// defaults. Tests of slow clients set them short.
func WithTimeouts(t Timeouts) Option { return func(c *config) { c.timeouts = t } }

// withDefaults fills t's zero fields from DefaultTimeouts.
func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	t.ReadHeader = pick(t.ReadHeader, d.ReadHeader)
	t.BodyIdle = pick(t.BodyIdle, d.BodyIdle)
	t.Body = pick(t.Body, d.Body)
	t.Write = pick(t.Write, d.Write)
	t.Idle = pick(t.Idle, d.Idle)
	if t.MaxHeaderBytes <= 0 {
		t.MaxHeaderBytes = d.MaxHeaderBytes
	}
	return t
}

// applyTo sets the http.Server's own timeouts and wraps its handler with
// the body deadline.
func (t Timeouts) applyTo(hs *http.Server) {
	hs.ReadHeaderTimeout = t.ReadHeader
	hs.WriteTimeout = t.Write
	hs.IdleTimeout = t.Idle
	hs.MaxHeaderBytes = t.MaxHeaderBytes
	next := hs.Handler
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		r = r.WithContext(context.WithValue(r.Context(), writeDeadlineKey{}, writeDeadline{rc: rc, write: t.Write}))
		if r.Body != nil && r.Body != http.NoBody {
			now := time.Now()
			b := &deadlineBody{ReadCloser: r.Body, rc: rc, idle: t.BodyIdle, write: t.Write, end: now.Add(t.Body)}
			if b.setDeadline(now) {
				r.Body = b
			}
		}
		next.ServeHTTP(w, r)
	})
}

// deadlineBody moves the connection's read deadline on as body bytes
// arrive, and clears it at the end of the body: net/http then reads the
// connection in the background to notice a client that goes away, and a
// deadline there would cancel the request's context. After a failed read
// (a stalled body) the deadline stays, so net/http's discarding of the rest
// fails at once and the connection is closed.
type deadlineBody struct {
	io.ReadCloser
	rc    *http.ResponseController
	idle  time.Duration
	write time.Duration
	end   time.Time // the whole body's deadline
	done  bool
}

// setDeadline moves the read deadline on by idle, and the write deadline
// with it: net/http counts WriteTimeout from the end of the headers, which
// would cut the answer to a slow upload.
func (b *deadlineBody) setDeadline(now time.Time) bool {
	d := now.Add(b.idle)
	if d.After(b.end) {
		d = b.end
	}
	_ = b.rc.SetWriteDeadline(now.Add(b.write))
	return b.rc.SetReadDeadline(d) == nil
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case b.done:
	case errors.Is(err, io.EOF):
		b.done = true
		_ = b.rc.SetReadDeadline(time.Time{})
		_ = b.rc.SetWriteDeadline(time.Now().Add(b.write))
	case err != nil:
		b.done = true
	case n > 0:
		b.setDeadline(time.Now())
	}
	return n, err
}

type writeDeadlineKey struct{}

type writeDeadline struct {
	rc    *http.ResponseController
	write time.Duration
}

// allowSlowAnswer gives a handler that waits by design (up to wait) the
// listener's whole write timeout after the wait to write its answer. A nil
// or zero wait clears the deadline (streams). Requests served through
// Handler by another http.Server are left alone.
func allowSlowAnswer(r *http.Request, wait time.Duration) {
	wd, ok := r.Context().Value(writeDeadlineKey{}).(writeDeadline)
	if !ok {
		return
	}
	if wait <= 0 {
		_ = wd.rc.SetWriteDeadline(time.Time{})
		return
	}
	_ = wd.rc.SetWriteDeadline(time.Now().Add(wait + wd.write))
}
