package client_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func TestTokenIsFetchedLazilyAndCached(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	if n := calls(srv, tokenPath); n != 0 {
		t.Fatalf("New made %d gettoken calls, want none", n)
	}
	tok1, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok2, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok1 == "" || tok1 != tok2 {
		t.Fatalf("Token() = %q then %q, want one non-empty cached token", tok1, tok2)
	}
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	if n := calls(srv, tokenPath); n != 1 {
		t.Fatalf("gettoken calls = %d, want 1", n)
	}
	// The token goes in the query (WeCom reads it nowhere else), the secret
	// only to gettoken.
	if q := lastQuery(t, srv, userGetPath); !containsAll(q, "access_token=", "userid=zhangsan") {
		t.Fatalf("user/get query = %q", q)
	}
	if q := lastQuery(t, srv, tokenPath); !containsAll(q, "corpid="+corpID, "corpsecret=") {
		t.Fatalf("gettoken query = %q", q)
	}
}

func TestColdClientConcurrentCallsFetchOneToken(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			u, err := c.GetUser(context.Background(), "zhangsan")
			if err == nil && u.Name != "张三" {
				err = errors.New("wrong user " + u.Name)
			}
			errs <- err
		})
	}
	close(start)
	testwait.Group(t, &wg)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := calls(srv, tokenPath); got != 1 {
		t.Fatalf("%d goroutines on a cold client made %d gettoken calls, want exactly 1", n, got)
	}
	if got := calls(srv, userGetPath); got != n {
		t.Fatalf("user/get calls = %d, want %d", got, n)
	}
}

// The client's clock (time.Now) does not see the server's Advance, so it
// still believes its token valid; the server answers 42001 and the client
// must drop the token, fetch one new token and repeat the call once.
func TestExpiredTokenIsRenewedTransparently(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	old, _ := c.Token(ctx)
	srv.Advance(7201 * time.Second)

	u, err := c.GetUser(ctx, "zhangsan")
	if err != nil {
		t.Fatalf("GetUser after expiry: %v", err)
	}
	if u.UserID != "zhangsan" {
		t.Fatalf("got user %q", u.UserID)
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2 (exactly one new token)", got)
	}
	if got := callsWithErrcode(srv, userGetPath, errcode.AccessTokenExpired); got != 1 {
		t.Fatalf("user/get answered 42001 %d times, want 1", got)
	}
	if got := calls(srv, userGetPath); got != 3 {
		t.Fatalf("user/get calls = %d, want 3 (ok, 42001, retried ok)", got)
	}
	if now, _ := c.Token(ctx); now == old {
		t.Fatal("token was not replaced")
	}
}

func TestExpiredTokenConcurrentCallersFetchOneNewToken(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	srv.Advance(7201 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := c.GetUser(ctx, "lisi")
			errs <- err
		})
	}
	testwait.Group(t, &wg)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2 (one new token for all callers)", got)
	}
}

// A server that keeps rejecting every token must not make the client loop:
// one call, one new token, one repeat, then the error.
func TestTokenRejectedForeverIsRetriedOnlyOnce(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	mustFault(t, srv, mockserver.Fault{Path: userGetPath, ErrCode: int(errcode.InvalidAccessToken), Times: 0})

	_, err := c.GetUser(context.Background(), "zhangsan")
	wantAPIError(t, err, errcode.InvalidAccessToken, userGetPath)
	if got := calls(srv, userGetPath); got != 2 {
		t.Fatalf("user/get calls = %d, want exactly 2", got)
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2", got)
	}
}

// With the server's clock the client refreshes ahead of expiry instead of
// running into 42001. The mock hands back the same token while it is valid,
// so the client keeps it to its end and then fetches a new one.
func TestTokenRefreshedAheadOfExpiry(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret, client.WithClock(srv.Now))
	ctx := context.Background()
	get := func() string {
		t.Helper()
		if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
			t.Fatal(err)
		}
		tok, err := c.Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	first := get()

	srv.Advance(tokenTTL - 6*time.Minute) // 6 min left: not yet due
	if tok := get(); tok != first || calls(srv, tokenPath) != 1 {
		t.Fatalf("refreshed too early: gettoken calls = %d", calls(srv, tokenPath))
	}
	srv.Advance(2 * time.Minute) // 4 min left: refresh ahead
	if tok := get(); tok != first {
		t.Fatalf("the mock reuses a valid token; got a new one")
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2 (one refresh ahead)", got)
	}
	srv.Advance(3 * time.Minute) // 1 min left: the same token is kept
	get()
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want still 2 (no repeated early refresh)", got)
	}
	srv.Advance(time.Minute + time.Second) // expired
	if tok := get(); tok == first {
		t.Fatal("expired token still in use")
	}
	if got := calls(srv, tokenPath); got != 3 {
		t.Fatalf("gettoken calls = %d, want 3", got)
	}
	if got := callsWithErrcode(srv, userGetPath, errcode.AccessTokenExpired); got != 0 {
		t.Fatalf("user/get answered 42001 %d times; the client should have refreshed first", got)
	}
}

func TestFailedEarlyRefreshKeepsTheValidToken(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret, client.WithClock(srv.Now))
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	srv.Advance(tokenTTL - time.Minute)
	f, err := srv.AddFault(mockserver.Fault{Path: tokenPath, ErrCode: int(errcode.FreqOutOfLimit)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatalf("GetUser with a valid token and a failing refresh: %v", err)
	}
	srv.RemoveFault(f.ID)
	srv.Advance(2 * time.Minute)
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
}

func TestWrongSecret(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, "not-the-secret")
	ctx := context.Background()
	_, err := c.GetUser(ctx, "zhangsan")
	wantAPIError(t, err, errcode.InvalidCredential, tokenPath)
	if _, err := c.Token(ctx); !errors.Is(err, errcode.InvalidCredential) {
		t.Fatalf("Token: %v", err)
	}
	// Failures are not cached, and 40001 is not retried.
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2", got)
	}
	if got := calls(srv, userGetPath); got != 0 {
		t.Fatalf("user/get was called %d times without a token", got)
	}

	unknown := client.New("wwnosuchcorp", appSecret, client.WithBaseURL(srv.URL()))
	_, err = unknown.Token(ctx)
	wantAPIError(t, err, errcode.InvalidCorpID, tokenPath)
}

func TestTokenFetchRetriesSystemBusy(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	mustFault(t, srv, mockserver.Fault{Path: tokenPath, ErrCode: int(errcode.SystemBusy), Times: 1})
	if _, err := c.GetUser(context.Background(), "zhangsan"); err != nil {
		t.Fatal(err)
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2", got)
	}
}

// A caller that gives up while the token is being fetched gets its context's
// error at once; the shared fetch goes on for the others and is cached.
func TestCancelledCallerDoesNotSpoilTheSharedFetch(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	mustFault(t, srv, mockserver.Fault{Path: tokenPath, DelayMS: 300, Times: 1})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	started := time.Now()
	_, err := c.GetUser(ctx, "zhangsan")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(started); d > 250*time.Millisecond {
		t.Fatalf("GetUser returned after %v; it should not wait for the fetch", d)
	}
	if _, err := c.GetUser(context.Background(), "zhangsan"); err != nil {
		t.Fatal(err)
	}
	if got := calls(srv, tokenPath); got != 1 {
		t.Fatalf("gettoken calls = %d, want 1", got)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
