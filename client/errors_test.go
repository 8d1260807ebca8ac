package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func TestAPIErrorMatchesItsCode(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	mustFault(t, srv, mockserver.Fault{Path: userGetPath, ErrCode: int(errcode.FreqOutOfLimit), Times: 1})

	_, err := c.GetUser(context.Background(), "zhangsan")
	ae := wantAPIError(t, err, errcode.FreqOutOfLimit, userGetPath)
	if !strings.HasPrefix(ae.Msg, "api freq out of limit") {
		t.Fatalf("Msg = %q, want WeCom's phrase first", ae.Msg)
	}
	if !strings.Contains(ae.Error(), "45009") || !strings.Contains(ae.Error(), userGetPath) {
		t.Fatalf("Error() = %q lacks the code or path", ae.Error())
	}
	wrapped := fmt.Errorf("loading profile: %w", err)
	if !errors.Is(wrapped, errcode.FreqOutOfLimit) {
		t.Fatal("errors.Is does not see the code through wrapping")
	}
	if errors.Is(wrapped, errcode.SystemBusy) {
		t.Fatal("errors.Is matches another code")
	}
	if !errors.Is(wrapped, &client.APIError{Code: errcode.FreqOutOfLimit}) ||
		errors.Is(wrapped, &client.APIError{Code: errcode.FreqOutOfLimit, Path: tokenPath}) {
		t.Fatal("errors.Is with an *APIError target must compare code and, if given, path")
	}
	// 45009 is not retryable: one call.
	if got := calls(srv, userGetPath); got != 1 {
		t.Fatalf("user/get calls = %d, want 1", got)
	}
}

func TestRetryableErrcodes(t *testing.T) {
	tests := []struct {
		name      string
		code      errcode.Code
		times     int
		policy    client.RetryPolicy
		wantErr   bool
		wantCalls int
	}{
		{"system busy once is retried", errcode.SystemBusy, 1, fastRetry, false, 2},
		{"concurrency limit twice is retried", errcode.ConcurrentOutOfLimit, 2, fastRetry, false, 3},
		{"system busy forever is bounded", errcode.SystemBusy, 0, fastRetry, true, 3},
		{"concurrency limit forever is bounded", errcode.ConcurrentOutOfLimit, 0, fastRetry, true, 3},
		{"retries can be turned off", errcode.SystemBusy, 1, client.RetryPolicy{}, true, 1},
		{"more retries", errcode.SystemBusy, 0,
			client.RetryPolicy{MaxRetries: 4, BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}, true, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv, appSecret, client.WithRetry(tt.policy))
			if _, err := c.Token(context.Background()); err != nil {
				t.Fatal(err)
			}
			mustFault(t, srv, mockserver.Fault{Path: userGetPath, ErrCode: int(tt.code), Times: tt.times})
			u, err := c.GetUser(context.Background(), "zhangsan")
			if tt.wantErr {
				wantAPIError(t, err, tt.code, userGetPath)
			} else if err != nil || u.UserID != "zhangsan" {
				t.Fatalf("GetUser = %v, %v", u, err)
			}
			if got := calls(srv, userGetPath); got != tt.wantCalls {
				t.Fatalf("user/get calls = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestNon200IsHTTPError: a status other than 200 (and other than a
// gateway's 502/503/504, which a GET retries) is an *HTTPError, at once.
func TestNon200IsHTTPError(t *testing.T) {
	for _, path := range []string{userGetPath, tokenPath} {
		t.Run(path, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv, appSecret)
			mustFault(t, srv, mockserver.Fault{Path: path, HTTPStatus: http.StatusInternalServerError})
			_, err := c.GetUser(context.Background(), "zhangsan")
			var he *client.HTTPError
			if !errors.As(err, &he) {
				t.Fatalf("got %T %v, want *client.HTTPError", err, err)
			}
			if he.StatusCode != http.StatusInternalServerError || he.Path != path {
				t.Fatalf("got %+v", he)
			}
			var ae *client.APIError
			if errors.As(err, &ae) {
				t.Fatal("an HTTP error must not look like an errcode")
			}
			if got := calls(srv, path); got != 1 {
				t.Fatalf("%s calls = %d, want 1", path, got)
			}
		})
	}
}

func TestUnknownPathIsHTTP404(t *testing.T) {
	srv := newServer(t)
	// A base URL with a bogus prefix: every path is unknown to the mock,
	// which answers 404 with an empty body like the real host.
	c := client.New(corpID, appSecret, client.WithBaseURL(srv.URL()+"/nope/"))
	_, err := c.Token(context.Background())
	var he *client.HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusNotFound {
		t.Fatalf("got %v, want HTTP 404", err)
	}
}

func TestEmptyBodyIsResponseError(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	mustFault(t, srv, mockserver.Fault{Path: userGetPath, HTTPStatus: http.StatusOK, Times: 1})
	_, err := c.GetUser(context.Background(), "zhangsan")
	var re *client.ResponseError
	if !errors.As(err, &re) || re.Path != userGetPath {
		t.Fatalf("got %T %v, want *client.ResponseError", err, err)
	}
}

// Answers the mock never gives, from a hand-written server.
func TestMalformedAnswers(t *testing.T) {
	const token = `{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}`
	tests := []struct {
		name    string
		token   string // gettoken answer
		user    string // user/get answer
		check   func(t *testing.T, u *client.User, err error)
		wantErr bool
	}{
		{"html page", token, "<html>busy</html>", wantResponseError, true},
		{"success without errcode", token, `{"userid":"zhangsan"}`, wantResponseError, true},
		{"wrong field type", token, `{"errcode":0,"errmsg":"ok","userid":"zhangsan","gender":1}`, wantResponseError, true},
		{"errmsg other than ok", token, `{"errcode":0,"errmsg":"","userid":"zhangsan"}`, wantUser, false},
		{"old gettoken without errcode", `{"access_token":"T","expires_in":7200}`,
			`{"errcode":0,"errmsg":"ok","userid":"zhangsan"}`, wantUser, false},
		{"gettoken without a token", `{"errcode":0,"errmsg":"ok"}`, `{}`, wantResponseError, true},
		{"errcode with empty arrays", token,
			`{"errcode":60111,"errmsg":"userid not found","department":[],"order":[]}`,
			func(t *testing.T, _ *client.User, err error) {
				wantAPIError(t, err, errcode.UserIDNotFound, userGetPath)
			}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case tokenPath:
					_, _ = w.Write([]byte(tt.token))
				case userGetPath:
					if r.URL.Query().Get("access_token") != "T" {
						t.Errorf("user/get without the token: %s", r.URL.RawQuery)
					}
					_, _ = w.Write([]byte(tt.user))
				default:
					http.NotFound(w, r)
				}
			}))
			defer hs.Close()
			c := client.New(corpID, appSecret, client.WithBaseURL(hs.URL))
			u, err := c.GetUser(context.Background(), "zhangsan")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			tt.check(t, u, err)
		})
	}
}

func wantResponseError(t *testing.T, _ *client.User, err error) {
	t.Helper()
	var re *client.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("got %T %v, want *client.ResponseError", err, err)
	}
}

func wantUser(t *testing.T, u *client.User, err error) {
	t.Helper()
	if err != nil || u.UserID != "zhangsan" {
		t.Fatalf("got %+v, %v", u, err)
	}
}

func TestContextCancellation(t *testing.T) {
	t.Run("already cancelled: no request", func(t *testing.T) {
		srv := newServer(t)
		c := newClient(t, srv, appSecret)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.GetUser(ctx, "zhangsan"); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if n := len(srv.Requests(mockserver.RequestFilter{})); n != 0 {
			t.Fatalf("%d requests sent with a cancelled context", n)
		}
	})
	t.Run("deadline during a slow call", func(t *testing.T) {
		srv := newServer(t)
		c := newClient(t, srv, appSecret)
		if _, err := c.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		mustFault(t, srv, mockserver.Fault{Path: userGetPath, DelayMS: 10_000, Times: 1})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		started := time.Now()
		_, err := c.GetUser(ctx, "zhangsan")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(started); d > 2*time.Second {
			t.Fatalf("returned after %v", d)
		}
		if strings.Contains(err.Error(), "access_token") {
			t.Fatalf("error leaks the URL with the token: %v", err)
		}
	})
	t.Run("cancelled while waiting to retry", func(t *testing.T) {
		srv := newServer(t)
		c := newClient(t, srv, appSecret, client.WithRetry(client.RetryPolicy{MaxRetries: 3, BaseDelay: time.Minute, MaxDelay: time.Minute}))
		if _, err := c.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		mustFault(t, srv, mockserver.Fault{Path: userGetPath, ErrCode: int(errcode.SystemBusy)})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		started := time.Now()
		_, err := c.GetUser(ctx, "zhangsan")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(started); d > 2*time.Second {
			t.Fatalf("returned after %v", d)
		}
		if got := calls(srv, userGetPath); got != 1 {
			t.Fatalf("user/get calls = %d, want 1", got)
		}
	})
}

func TestLogsNeverShowSecretsOrTokens(t *testing.T) {
	srv := newServer(t)
	var buf bytes.Buffer
	var mu lockedWriter
	mu.w = &buf
	logger := slog.New(slog.NewTextHandler(&mu, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv, appSecret, client.WithLogger(logger))
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	tok, _ := c.Token(ctx)
	srv.Advance(7201 * time.Second) // 42001 → warn and refetch
	mustFault(t, srv, mockserver.Fault{Path: userGetPath, ErrCode: int(errcode.SystemBusy), Times: 1})
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	tok2, _ := c.Token(ctx)
	out := mu.String()
	for _, secret := range []string{appSecret, tok, tok2} {
		if strings.Contains(out, secret) {
			t.Fatalf("log contains a secret or token:\n%s", out)
		}
	}
	for _, want := range []string{"wecom call", "access token rejected", "retrying", "fetched"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
