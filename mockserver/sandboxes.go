package mockserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// Sandboxes: whole child servers, each with its own world, clock, journal,
// inbox, faults and stubs, served under /sandboxes/<id>/ of their parent so
// that parallel test workers can share one mock process or container.

const (
	sandboxPathPrefix = "/sandboxes/"
	// DefaultSandboxTTL is how long a sandbox may stay unused (real time)
	// before it is deleted, unless WithSandboxTTL or ttl_seconds says
	// otherwise.
	DefaultSandboxTTL = 30 * time.Minute
	// MaxSandboxTTL is the longest idle lifetime a sandbox can be given.
	MaxSandboxTTL = 24 * time.Hour
	// DefaultMaxSandboxes is how many sandboxes a server holds at once
	// unless WithMaxSandboxes says otherwise.
	DefaultMaxSandboxes = 100
)

// sandboxConfig is the server's sandbox settings (options.go's config).
type sandboxConfig struct {
	max   int           // WithMaxSandboxes; 0 means DefaultMaxSandboxes
	ttl   time.Duration // WithSandboxTTL; 0 means DefaultSandboxTTL
	child bool          // this server is a sandbox: it cannot have sandboxes
}

// WithMaxSandboxes caps how many sandboxes the server holds at once
// (default 100); creating one more is refused with 429.
func WithMaxSandboxes(n int) Option { return func(c *config) { c.sandbox.max = n } }

// WithSandboxTTL sets how long a sandbox may stay unused, in real time,
// before it is deleted (default 30 minutes, at most 24 hours). Given to New
// it is the default of the server's sandboxes; given to NewSandbox or
// Sandbox, that sandbox's own.
func WithSandboxTTL(d time.Duration) Option { return func(c *config) { c.sandbox.ttl = d } }

// Sandbox is one sandbox of a server.
type Sandbox struct {
	// ID names the sandbox in /sandboxes/<id>/ and the control API.
	ID string
	// Server is the sandbox itself, with the whole Go API: Advance,
	// MintCode, Requests, Messages, faults, stubs... Its URL is the
	// sandbox's base URL once the parent is started. Do not Start it.
	Server *Server
	// Control is a control-API client for the sandbox, over HTTP; nil
	// while the parent is not started.
	Control *mockctl.Client

	ttl      time.Duration
	created  time.Time
	lastUsed atomic.Int64 // real time, unix nanoseconds
}

// URL is the sandbox's base URL: the parent's URL and /sandboxes/<id>.
func (sb *Sandbox) URL() string { return sb.Server.URL() }

// sandboxes is a server's table of sandboxes.
type sandboxes struct {
	mu     sync.Mutex
	byID   map[string]*Sandbox
	timer  *time.Timer // the next sweep of idle ones
	due    time.Time   // when timer fires
	closed bool
}

// sandboxTTL checks a requested idle lifetime; 0 means def.
func sandboxTTL(d, def time.Duration) (time.Duration, error) {
	switch {
	case d == 0:
		return def, nil
	case d < time.Second:
		return 0, badRequest("ttl must be at least 1 second, got %v", d)
	case d > MaxSandboxTTL:
		return 0, badRequest("ttl must be at most %v (%d seconds), got %v", MaxSandboxTTL, int(MaxSandboxTTL.Seconds()), d)
	}
	return d, nil
}

func (s *Server) maxSandboxes() int {
	if s.cfg.sandbox.max > 0 {
		return s.cfg.sandbox.max
	}
	return DefaultMaxSandboxes
}

// NewSandbox creates a sandbox: a new server built with the parent's
// settings (logger, limits, callback client, journal size...) and opts
// (WithFixtures, WithFrozenClock, WithClockStart, WithSeed, WithSandboxTTL;
// the embedded default world without WithFixtures), served under
// /sandboxes/<id>/ of s. Sandboxes cannot have sandboxes.
func (s *Server) NewSandbox(opts ...Option) (*Sandbox, error) {
	if s.cfg.sandbox.child {
		return nil, statusErr(http.StatusForbidden, "a sandbox cannot create sandboxes: create them on the parent server's /_mock/sandboxes")
	}
	parent := s.cfg
	inherit := func(c *config) {
		*c = parent
		c.world, c.start, c.seed, c.seeded = nil, time.Time{}, 0, false
		c.ca = nil // interception is the parent's listener's business
		c.sandbox = sandboxConfig{child: true}
	}
	child, err := New(append([]Option{inherit}, opts...)...)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	ttl, err := sandboxTTL(child.cfg.sandbox.ttl, s.defaultSandboxTTL())
	if err != nil {
		return nil, err
	}
	sb := &Sandbox{ID: newSandboxID(), Server: child, ttl: ttl, created: s.cfg.realNow()}
	sb.lastUsed.Store(sb.created.UnixNano())
	if err := s.sb.add(s, sb); err != nil {
		_ = child.Close()
		return nil, err
	}
	if base := s.URL(); base != "" {
		child.setURL(base + sandboxPathPrefix + sb.ID)
		sb.Control = mockctl.New(child.URL(), mockctl.WithToken(s.cfg.controlToken))
	}
	return sb, nil
}

func (s *Server) defaultSandboxTTL() time.Duration {
	if ttl, err := sandboxTTL(s.cfg.sandbox.ttl, DefaultSandboxTTL); err == nil {
		return ttl
	}
	return DefaultSandboxTTL
}

// Sandbox creates a sandbox for one test (see NewSandbox) and deletes it
// when the test ends. It fails the test if the sandbox cannot be created.
// The parent must be started (NewTest) for its URL and Control.
func (s *Server) Sandbox(t testing.TB, opts ...Option) *Sandbox {
	t.Helper()
	sb, err := s.NewSandbox(opts...)
	if err != nil {
		t.Fatalf("mockserver.Sandbox: %v", err)
	}
	t.Cleanup(func() { _ = s.DeleteSandbox(sb.ID) })
	return sb
}

// DeleteSandbox deletes sandbox id and shuts it down.
func (s *Server) DeleteSandbox(id string) error {
	sb := s.sb.remove(id)
	if sb == nil {
		return notFoundErr("no sandbox %q (deleted, expired or never created; see GET /_mock/sandboxes)", id)
	}
	return sb.Server.Close()
}

// Sandboxes lists the live sandboxes, oldest first.
func (s *Server) Sandboxes() mockctl.Sandboxes {
	s.sweepSandboxes()
	s.sb.mu.Lock()
	list := make([]*Sandbox, 0, len(s.sb.byID))
	for _, sb := range s.sb.byID {
		list = append(list, sb)
	}
	s.sb.mu.Unlock()
	slices.SortFunc(list, func(a, b *Sandbox) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	out := mockctl.Sandboxes{Sandboxes: make([]mockctl.Sandbox, len(list)), Max: s.maxSandboxes()}
	for i, sb := range list {
		out.Sandboxes[i] = sb.info("")
	}
	return out
}

// info is the sandbox as the control API shows it; base overrides the URL
// (the address the request reached the parent at).
func (sb *Sandbox) info(base string) mockctl.Sandbox {
	url := sb.URL()
	if base != "" {
		url = base + sandboxPathPrefix + sb.ID
	}
	last := time.Unix(0, sb.lastUsed.Load())
	return mockctl.Sandbox{
		ID: sb.ID, URL: url, TTLSeconds: int(sb.ttl / time.Second),
		CreatedAt:  sb.created.UTC().Format(time.RFC3339),
		LastUsedAt: last.UTC().Format(time.RFC3339),
		ExpiresAt:  last.Add(sb.ttl).UTC().Format(time.RFC3339),
	}
}

func newSandboxID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "sb" + hex.EncodeToString(b[:])
}

// add stores sb unless the table is full or closed, and arms the sweep.
func (t *sandboxes) add(s *Server, sb *Sandbox) error {
	s.sweepSandboxes()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return statusErr(http.StatusConflict, "the server is shutting down")
	}
	if max := s.maxSandboxes(); len(t.byID) >= max {
		return statusErr(http.StatusTooManyRequests,
			"too many sandboxes: the cap is %d (delete unused ones with DELETE /_mock/sandboxes/{id}, or let idle ones expire)", max)
	}
	if t.byID == nil {
		t.byID = map[string]*Sandbox{}
	}
	t.byID[sb.ID] = sb
	t.armLocked(s, sb.ttl, false)
	return nil
}

// armLocked makes a sweep run after d, or sooner if one is due sooner and
// not replaced.
func (t *sandboxes) armLocked(s *Server, d time.Duration, replace bool) {
	due := time.Now().Add(d)
	switch {
	case t.timer == nil:
		t.timer = time.AfterFunc(d, s.sweepSandboxes)
	case replace || due.Before(t.due) || !time.Now().Before(t.due):
		t.timer.Reset(d)
	default:
		return
	}
	t.due = due
}

func (t *sandboxes) remove(id string) *Sandbox {
	t.mu.Lock()
	defer t.mu.Unlock()
	sb := t.byID[id]
	delete(t.byID, id)
	return sb
}

// lookup finds sandbox id and marks it used.
func (s *Server) lookupSandbox(id string) *Sandbox {
	s.sb.mu.Lock()
	sb := s.sb.byID[id]
	s.sb.mu.Unlock()
	if sb == nil {
		return nil
	}
	now := s.cfg.realNow()
	if now.Sub(time.Unix(0, sb.lastUsed.Load())) >= sb.ttl {
		s.sweepSandboxes()
		return nil
	}
	sb.lastUsed.Store(now.UnixNano())
	return sb
}

// sweepSandboxes deletes the sandboxes idle for their ttl and arms the
// next sweep for the soonest of the rest.
func (s *Server) sweepSandboxes() {
	now := s.cfg.realNow()
	var expired []*Sandbox
	t := &s.sb
	t.mu.Lock()
	next := time.Duration(-1)
	for id, sb := range t.byID {
		left := sb.ttl - now.Sub(time.Unix(0, sb.lastUsed.Load()))
		if left <= 0 {
			expired = append(expired, sb)
			delete(t.byID, id)
			continue
		}
		if next < 0 || left < next {
			next = left
		}
	}
	if next > 0 && !t.closed {
		t.armLocked(s, next, true)
	}
	t.mu.Unlock()
	for _, sb := range expired {
		s.cfg.logger.Info("sandbox expired", "id", sb.ID, "ttl", sb.ttl)
		_ = sb.Server.Close()
	}
}

// shutdownSandboxes stops the sweeps and shuts every sandbox down.
func (s *Server) shutdownSandboxes(ctx context.Context) error {
	t := &s.sb
	t.mu.Lock()
	t.closed = true
	if t.timer != nil {
		t.timer.Stop()
	}
	all := t.byID
	t.byID = nil
	t.mu.Unlock()
	var err error
	for _, sb := range all {
		err = errors.Join(err, sb.Server.Shutdown(ctx))
	}
	return err
}

// setURL gives a sandbox its base URL.
func (s *Server) setURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = u
}

// withSandboxes serves /sandboxes/<id>/... with sandbox id's own handler,
// the prefix stripped, before anything of the parent sees the request: the
// parent's journal, stubs and faults stay the parent's.
func (s *Server) withSandboxes(next http.Handler) http.Handler {
	if s.cfg.sandbox.child {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, sandboxPathPrefix)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		id, sub, _ := strings.Cut(rest, "/")
		sb := s.lookupSandbox(id)
		if sb == nil {
			writeControlJSON(w, http.StatusNotFound, mockctl.ErrorBody{
				Error: "no sandbox " + id + " (deleted, expired or never created; see GET /_mock/sandboxes)"})
			return
		}
		prefix := sandboxPathPrefix + id
		r2 := pages.WithBasePath(r, prefix)
		u := *r.URL
		u.Path = "/" + sub
		if u.RawPath != "" {
			u.RawPath = "/" + strings.TrimPrefix(strings.TrimPrefix(u.RawPath, prefix), "/")
		}
		r2.URL = &u
		r2.RequestURI = u.RequestURI()
		if keepsPrefix(u.Path) {
			pw := &prefixWriter{ResponseWriter: w, prefix: prefix}
			defer pw.finish()
			w = pw
		}
		sb.Server.handler.ServeHTTP(w, r2)
	})
}
