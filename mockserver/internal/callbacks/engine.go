package callbacks

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Defaults of WeCom's delivery rules
// (https://developer.work.weixin.qq.com/document/path/96466).
const (
	defaultCallbackTimeout = 5 * time.Second
	defaultVerifyTimeout   = 1 * time.Second
	callbackAttempts       = 3
)

const (
	maxPendingCallbacks    = 10000
	maxConcurrentCallbacks = 16
	// maxCallbackResponse bounds how much of a receiver's answer is read;
	// maxJournalResponse how much of it the journal keeps.
	maxCallbackResponse = 1 << 20
	maxJournalResponse  = 4096
)

// Config is what an Engine is built from.
type Config struct {
	// Store holds the receivers, the world events are made of and the
	// virtual clock (timestamps, CreateTime, attempt times).
	Store *store.Store
	// Client sends deliveries, verifications and probes. Nil: the engine's
	// own, which follows no redirects (only a 200 counts) and is closed by
	// Shutdown. Each request carries its own deadline.
	Client *http.Client
	// Timeout bounds each delivery attempt and probe POST (0: WeCom's 5 s);
	// VerifyTimeout the verification GET (0: the admin console's 1 s).
	Timeout       time.Duration
	VerifyTimeout time.Duration
	// JournalSize is how many deliveries the journal keeps (at least 1).
	JournalSize int
	// Seed makes nonces, encryption prefixes and message ids reproducible.
	Seed uint64
	// RealNow measures latencies (default time.Now): the real time, not
	// the virtual clock.
	RealNow func() time.Time
}

// Engine delivers callbacks and keeps their journal. All methods are safe
// for concurrent use.
//
// Bounds: at most maxPendingCallbacks deliveries wait at any time (more are
// recorded as failed at once), at most maxConcurrentCallbacks are on the
// wire, and the journal keeps the newest JournalSize entries. Reset cancels
// what is queued or in flight and empties the journal; Shutdown does the
// same and waits for the goroutines to end.
type Engine struct {
	store         *store.Store
	timeout       time.Duration
	verifyTimeout time.Duration
	realNow       func() time.Time
	userClient    *http.Client // Config.Client

	mu      sync.Mutex
	closed  bool
	ctx     context.Context // canceled by Reset (replaced) and Shutdown
	cancel  context.CancelFunc
	queues  map[string][]*delivery // by URL; present while its goroutine runs
	pending int                    // queued, not yet taken by a goroutine
	wg      sync.WaitGroup
	sem     chan struct{}
	seq     uint64
	rng     *rand.ChaCha8
	ring    []*delivery // the journal, a ring like the request journal's
	size    int         // the ring's bound; it grows to it as deliveries come
	next    int
	byID    map[string]*delivery // the entries of ring
	changes atomic.Uint64        // entries added or finished (Version)

	clientOnce sync.Once
	ownClient  *http.Client
}

// New builds an engine; it starts no goroutine until something is
// delivered.
func New(cfg Config) *Engine {
	e := &Engine{
		store:         cfg.Store,
		timeout:       cfg.Timeout,
		verifyTimeout: cfg.VerifyTimeout,
		realNow:       cfg.RealNow,
		userClient:    cfg.Client,
		queues:        map[string][]*delivery{},
		sem:           make(chan struct{}, maxConcurrentCallbacks),
		size:          max(cfg.JournalSize, 1),
		byID:          map[string]*delivery{},
	}
	if e.timeout <= 0 {
		e.timeout = defaultCallbackTimeout
	}
	if e.verifyTimeout <= 0 {
		e.verifyTimeout = defaultVerifyTimeout
	}
	if e.realNow == nil {
		e.realNow = time.Now
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	var key [32]byte
	for i := range 8 {
		key[i] = byte(cfg.Seed >> (8 * i))
	}
	key[31] = 'c' // not the store's stream
	e.rng = rand.NewChaCha8(key)
	return e
}

// now is the virtual time.
func (e *Engine) now() time.Time { return e.store.Now() }

// client is the HTTP client of deliveries, verification and probes: it
// never follows redirects (only a 200 counts) and its timeouts come from
// each request's context.
func (e *Engine) client() *http.Client {
	if e.userClient != nil {
		return e.userClient
	}
	e.clientOnce.Do(func() {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = maxConcurrentCallbacks
		e.ownClient = &http.Client{Transport: tr, CheckRedirect: noRedirects}
	})
	return e.ownClient
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Reset cancels every queued or in-flight delivery and empties the journal
// (the server's Reset).
func (e *Engine) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cancel()
	for _, d := range e.ring {
		// Queued ones are skipped and in-flight ones aborted by the
		// canceled context; their waiters need not wait for that.
		e.finishLocked(d, mockctl.DeliveryCanceled, "canceled by reset")
	}
	if !e.closed {
		e.ctx, e.cancel = context.WithCancel(context.Background())
	}
	e.ring = e.ring[:0]
	e.next = 0
	clear(e.byID)
}

// Shutdown cancels every delivery and waits, until ctx is done, for the
// delivery goroutines to end (the server's Close and Shutdown). Later
// deliveries are recorded as canceled at once.
func (e *Engine) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.cancel()
	e.mu.Unlock()
	done := make(chan struct{})
	go func() { e.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if e.userClient == nil {
		e.client().CloseIdleConnections()
	}
	return nil
}
