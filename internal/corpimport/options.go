package corpimport

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// Options say what to read and how to write it.
type Options struct {
	// BaseURL is the WeCom host, https://qyapi.weixin.qq.com by default.
	BaseURL string
	// CorpID and ContactsSecret (通讯录同步) read the directory.
	CorpID         string
	ContactsSecret string
	// AppSecrets are app secrets by agentid: each app is read with its own
	// token (agent/get gives its visible range); apps without a secret are
	// not imported.
	AppSecrets map[int]string
	// ExternalContactSecret (客户联系), if set, imports the corp's
	// customers and customer groups. It may be one of AppSecrets: that app
	// is then a 可调用应用 of the imported world.
	ExternalContactSecret string

	// KeepIDs keeps userids and department ids; otherwise both are
	// replaced consistently (the root stays 1).
	KeepIDs bool
	// Sample, if above 0, keeps a connected subset of that many members:
	// their departments up to the root, their tags, apps' ranges
	// restricted to what is kept.
	Sample int
	// Seed seeds the fakes: the same corp and seed give the same file.
	Seed int64

	// Interval is the least time between two calls (default 25 ms: 40 calls
	// a second stays under WeCom's 150,000 calls an hour per API and corp);
	// negative means unpaced.
	Interval time.Duration
	// Backoff is the first wait after a 45009, doubled on each repeat up to
	// MaxBackoff (defaults 2 s and 1 min); Retries bounds the repeats of
	// one call (default 6).
	Backoff, MaxBackoff time.Duration
	Retries             int

	// Progress receives one line per phase and per tenth of a long phase
	// (nil: none). It never carries a secret or a personal value.
	Progress io.Writer
	// HTTPClient makes the calls (default: a client of Import's own with a
	// 60 s timeout, its connections closed when Import returns).
	HTTPClient *http.Client
}

func (o *Options) withDefaults() Options {
	c := *o
	if c.Interval == 0 {
		c.Interval = 25 * time.Millisecond
	}
	if c.Backoff <= 0 {
		c.Backoff = 2 * time.Second
	}
	if c.MaxBackoff < c.Backoff {
		c.MaxBackoff = max(time.Minute, c.Backoff)
	}
	if c.Retries <= 0 {
		c.Retries = 6
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	c.Progress = &lockedWriter{w: c.Progress} // the department walk reports from several goroutines
	return c
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
