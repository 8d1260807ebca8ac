package mockserver

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/batch"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/contacts"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/stubs"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/suites"
)

// Server is one emulated WeCom. All methods are safe for concurrent use, and
// any number of servers can run in one process: there is no package state.
type Server struct {
	cfg     config
	store   *store.Store
	journal *journal
	faults  *faultSet
	stubs   stubs.Table
	env     *kernel.Env // what the API families get (internal/api)
	// modelled are the API paths answered by a model rather than the
	// catalog's shaped answer; fixed at New.
	modelled map[string]bool
	handler  http.Handler
	hints    atomic.Uint64 // sequence for errmsg hint ids

	// contacts is the contact family, kept for the Go and control APIs of
	// contact changes (contacts_go_api.go) and to clear its user/get cache
	// on a reset or a fixture load (world.go).
	contacts *contacts.API
	// customers is the 客户联系 family, kept for the Go and control APIs of
	// the customer's side (externalcontact*.go).
	customers *externalcontact.API
	// batch is the batch import family, whose jobs settle on the virtual
	// clock (batch_jobs.go).
	batch *batch.API

	suites *suites.Suites // the suite_ticket schedule, suite callbacks and installs (internal/suites)

	intercept interception // TLS interception (intercept_tls.go)

	cb *callbacks.Engine // callback deliveries and their journal (internal/callbacks)

	sb sandboxes // the sandboxes served under /sandboxes/<id>/ (sandboxes.go)

	mu       sync.Mutex
	listener net.Listener
	httpSrv  *httpServer // the listener of Serve (listeners.go)
	tlsSrv   *httpServer // the listener of ServeTLS
	url      string
	tlsURL   string
}

// New builds a server with the embedded default world unless WithFixtures is
// given. It does not listen; use Start, or mount Handler yourself.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.world == nil {
		cfg.world = defaultWorld()
	} else if err := cfg.world.Validate(); err != nil {
		return nil, err
	}
	if cfg.start.IsZero() {
		cfg.start = cfg.realNow()
	}
	if !cfg.seeded {
		var b [8]byte
		_, _ = rand.Read(b[:])
		cfg.seed = binary.LittleEndian.Uint64(b[:])
	}
	if cfg.journalSize < 1 {
		return nil, fmt.Errorf("mockserver: journal size must be at least 1, got %d", cfg.journalSize)
	}
	clock := store.NewClock(cfg.start, cfg.frozen, cfg.realNow)
	s := &Server{
		cfg:     cfg,
		store:   store.NewLoaded(clock, cfg.seed, cfg.world),
		journal: newJournal(cfg.journalSize),
		faults:  newFaultSet(),
	}
	s.store.ForceRealLimits(cfg.realLimits)
	s.cb = callbacks.New(callbacks.Config{
		Store: s.store, Client: cfg.callbackClient,
		Timeout: cfg.callbackTimeout, VerifyTimeout: cfg.verifyTimeout,
		JournalSize: cfg.journalSize, Seed: cfg.seed, RealNow: cfg.realNow,
	})
	s.suites = suites.New(suites.Config{Store: s.store, Callbacks: s.cb, Logger: cfg.logger, Refusal: installRefusal})
	s.env = &kernel.Env{Store: s.store, Logger: cfg.logger, FullExpiresIn: cfg.fullExpiresIn}
	s.contacts = contacts.New(s.env)
	s.contacts.Publish = s.publishContactChange
	s.customers = externalcontact.New(s.env)
	s.customers.Publish = s.cb.PublishExternalEvent
	s.batch = batch.New(s.env)
	s.batch.Publish, s.batch.PublishResult = s.publishContactChange, s.cb.PublishBatchJobResult
	handler, err := s.routes()
	if err != nil {
		return nil, err
	}
	s.handler = handler
	if err := s.enableInterception(); err != nil {
		return nil, err
	}
	return s, nil
}

// NewTest starts a server on 127.0.0.1 with a random port and closes it when
// the test ends. It fails the test if the server cannot start.
func NewTest(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatalf("mockserver.NewTest: %v", err)
	}
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("mockserver.NewTest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Handler returns the server's HTTP handler: the WeCom API, the /_mock/
// control API and everything else the server serves.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves in the
// background until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mockserver: listen %s: %w", addr, err)
	}
	return s.Serve(ln)
}

// Serve serves on ln in the background until Close.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.httpSrv != nil {
		_ = ln.Close()
		return errors.New("mockserver: already started")
	}
	s.listener = ln
	s.url = "http://" + ln.Addr().String()
	s.httpSrv = newHTTPServer(s.handler, nil, s.cfg.timeouts)
	srv := s.httpSrv.hs
	s.suites.StartTimer(srv)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.logger.Error("serve", "err", err)
		}
	}()
	return nil
}

// URL is the base URL clients should use in place of
// https://qyapi.weixin.qq.com, e.g. http://127.0.0.1:41234. It is empty until
// the server is started.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close stops the server, letting in-flight requests finish for up to five
// seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown stops the server gracefully, waiting for in-flight requests until
// ctx is done: the listeners of Serve and ServeTLS, the CONNECT tunnels of
// WithInterception, then callback deliveries.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	plain, secure := s.httpSrv, s.tlsSrv
	s.mu.Unlock()
	s.journal.closeStreams() // streams never end by themselves
	err := shutdownAll(ctx, plain, secure)
	// The tunnels are hijacked connections the listeners' servers no longer
	// track: close them after the listeners.
	err = errors.Join(err, s.intercept.shutdown(ctx))
	err = errors.Join(err, s.shutdownSandboxes(ctx))
	// Callback deliveries: cancel them and wait for their goroutines, after
	// the handlers that queue them are done.
	return errors.Join(err, s.cb.Shutdown(ctx))
}
