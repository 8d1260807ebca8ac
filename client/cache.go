package client

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A credential is a cached access token or JS-SDK ticket.
type credential struct {
	value string
	// expiresAt is when the server stops accepting it (by the client's
	// clock, counted from the moment the fetch started).
	expiresAt time.Time
	// refreshAt is when the client fetches a new one ahead of expiry.
	refreshAt time.Time
}

// Refresh ahead of expiry by 10 % of the lifetime, at most 5 minutes: 5 minutes
// for the usual 7200 s, and still sensible for a server that hands out short
// lifetimes (a fixed 25-minute margin, as one SDK uses, would make a 20-minute
// token "expired" at once).
const (
	maxRefreshMargin = 5 * time.Minute
	// defaultLifetime is assumed when an answer has no usable expires_in.
	defaultLifetime = 7200 * time.Second
	// refreshTimeout bounds one shared fetch, which runs detached from the
	// caller that started it so that its cancellation does not fail the
	// others waiting for the same fetch.
	refreshTimeout = 30 * time.Second
)

func refreshMargin(lifetime time.Duration) time.Duration {
	return min(maxRefreshMargin, lifetime/10)
}

// credCache holds one credential. Fetches are single-flighted by name.
type credCache struct {
	name string
	mu   sync.Mutex
	cur  credential
}

// fresh returns the credential if it is not yet due for refresh at now.
func (cc *credCache) fresh(now time.Time) (string, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.cur.value == "" || !now.Before(cc.cur.refreshAt) {
		return "", false
	}
	return cc.cur.value, true
}

// usable returns the credential if it has not expired at now (it may be due
// for refresh).
func (cc *credCache) usable(now time.Time) (string, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.cur.value == "" || !now.Before(cc.cur.expiresAt) {
		return "", false
	}
	return cc.cur.value, true
}

// drop forgets value if it is still the cached credential; a credential
// fetched meanwhile by another goroutine is kept.
func (cc *credCache) drop(value string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if value != "" && cc.cur.value == value {
		cc.cur = credential{}
	}
}

// store caches value, valid for expiresIn seconds from fetchedAt.
func (cc *credCache) store(value string, expiresIn int, fetchedAt time.Time) credential {
	life := time.Duration(expiresIn) * time.Second
	if life <= 0 {
		life = defaultLifetime
	}
	cred := credential{value: value, expiresAt: fetchedAt.Add(life)}
	cred.refreshAt = cred.expiresAt.Add(-refreshMargin(life))

	cc.mu.Lock()
	defer cc.mu.Unlock()
	if prev := cc.cur; prev.value == value && fetchedAt.Before(prev.expiresAt) {
		// An early refresh handed back the credential we hold: WeCom
		// reuses a token until it expires, so asking again before then
		// only yields it again (with an ever shorter expires_in). Keep it
		// until it expires, and never believe it lives longer than first
		// said (whether a reused token's expires_in counts down or is
		// reported as 7200 again is not documented).
		if prev.expiresAt.Before(cred.expiresAt) {
			cred.expiresAt = prev.expiresAt
		}
		cred.refreshAt = cred.expiresAt
	}
	cc.cur = cred
	return cred
}

// fetchFunc fetches a credential: its value and lifetime in seconds.
type fetchFunc func(ctx context.Context) (value string, expiresIn int, err error)

// cached returns cc's credential, fetching it first if it is missing or due
// for refresh. At most one fetch per credential is in flight; concurrent
// callers wait for it, each until its own context is done.
func (c *Client) cached(ctx context.Context, cc *credCache, fetch fetchFunc) (string, error) {
	if v, ok := cc.fresh(c.now()); ok {
		return v, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	ch := c.flights.DoChan(cc.name, func() (any, error) {
		started := c.now()
		// Another flight may have finished between our check and this one.
		if v, ok := cc.fresh(started); ok {
			return v, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		value, expiresIn, err := fetch(fctx)
		if err != nil {
			if v, ok := cc.usable(c.now()); ok {
				// An early refresh failed; the one we hold is still valid.
				c.log.WarnContext(ctx, "wecom: refresh ahead of expiry failed, keeping the current one",
					"credential", cc.name, "err", err)
				return v, nil
			}
			return "", err
		}
		cred := cc.store(value, expiresIn, started)
		c.log.InfoContext(ctx, "wecom: fetched", "credential", cc.name,
			"expires_in", expiresIn, "refresh_at", cred.refreshAt)
		return value, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	case <-ctx.Done():
		return "", fmt.Errorf("wecom: waiting for %s: %w", cc.name, ctx.Err())
	}
}
