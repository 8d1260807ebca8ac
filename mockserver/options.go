package mockserver

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	world         *fixtures.World
	start         time.Time
	frozen        bool
	realNow       func() time.Time
	seed          uint64
	seeded        bool
	journalSize   int
	logger        *slog.Logger
	plainErrmsg   bool
	maxBodyBytes  int64
	maxFixtureLen int64
	fullExpiresIn bool
	realLimits    bool      // WithRealLimits (limits.go)
	ca            *tlsca.CA // WithInterception (intercept_tls.go)

	timeouts Timeouts // WithTimeouts (timeouts.go)

	controlToken string   // WithControlToken (control_guard.go)
	allowedHosts []string // WithAllowedHosts

	sandbox sandboxConfig // WithMaxSandboxes, WithSandboxTTL (sandboxes.go)

	callbackTimeout time.Duration // WithCallbackTimeout (internal/callbacks)
	verifyTimeout   time.Duration // WithCallbackVerifyTimeout
	callbackClient  *http.Client  // WithCallbackHTTPClient
}

func defaultConfig() config {
	return config{
		realNow:       time.Now,
		journalSize:   1000,
		logger:        slog.New(slog.DiscardHandler),
		maxBodyBytes:  2 << 20,
		maxFixtureLen: fixtures.DefaultMaxSize,
	}
}

// WithFixtures serves w instead of the embedded default world. w must be
// valid (fixtures.Parse validates; a hand-built World is validated by New).
func WithFixtures(w *fixtures.World) Option { return func(c *config) { c.world = w } }

// WithClockStart starts the virtual clock at t instead of the real time.
func WithClockStart(t time.Time) Option { return func(c *config) { c.start = t } }

// WithFrozenClock makes the virtual clock stand still: it moves only through
// Advance, so every expiry in a test happens exactly when the test says.
func WithFrozenClock() Option { return func(c *config) { c.frozen = true } }

// WithSeed makes generated tokens, codes and keys reproducible.
func WithSeed(seed uint64) Option { return func(c *config) { c.seed, c.seeded = seed, true } }

// WithJournalSize sets how many requests the journal keeps (oldest dropped
// first). The default is 1000.
func WithJournalSize(n int) Option { return func(c *config) { c.journalSize = n } }

// WithLogger sets the server's logger (requests are logged at debug level).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithPlainErrmsg drops the ", hint: [...], from ip: ..., more info at ..."
// suffix that real WeCom appends to error messages, leaving the bare phrase.
func WithPlainErrmsg() Option { return func(c *config) { c.plainErrmsg = true } }

// WithMaxBodyBytes limits API request bodies (default 2 MiB); larger bodies
// are answered like WeCom answers a malformed request.
func WithMaxBodyBytes(n int64) Option { return func(c *config) { c.maxBodyBytes = n } }

// WithFullExpiresIn makes gettoken report expires_in 7200 when it hands out a
// still-valid token again, instead of the remaining lifetime (the default).
// Which one real WeCom does is not documented; see docs/differences.md.
func WithFullExpiresIn() Option { return func(c *config) { c.fullExpiresIn = true } }

// WithRealLimits plays WeCom's frequency limits and sending quotas on the
// virtual clock, whatever the world says (docs/limits.md): 45009 past a
// limit, 45033 past the concurrency limit, messages dropped past a
// member's limit. Without it only a world with `limits: real` has them.
func WithRealLimits() Option { return func(c *config) { c.realLimits = true } }

// WithCallbackTimeout sets how long a callback receiver has to answer one
// delivery attempt (WeCom: 5 s) and a probe POST. Tests of slow receivers
// set it short.
func WithCallbackTimeout(d time.Duration) Option { return func(c *config) { c.callbackTimeout = d } }

// WithCallbackVerifyTimeout sets how long a callback URL has to answer the
// verification GET with the echostr plaintext (WeCom's admin console: 1 s).
func WithCallbackVerifyTimeout(d time.Duration) Option {
	return func(c *config) { c.verifyTimeout = d }
}

// WithCallbackHTTPClient sends callbacks, verification and probes with hc
// (e.g. one that trusts a test CA for https receivers). Its Timeout and
// redirect policy should be left alone: each request carries its own
// deadline, and a redirect is not a 200.
func WithCallbackHTTPClient(hc *http.Client) Option { return func(c *config) { c.callbackClient = hc } }
