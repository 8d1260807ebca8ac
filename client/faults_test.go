package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// freshConnections is a client option whose every call dials anew, so
// net/http's own repeat of a GET on a reused connection that was closed
// does not blur the count of calls.
func freshConnections(t *testing.T) client.Option {
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return client.WithHTTPClient(&http.Client{Transport: tr, Timeout: time.Minute})
}

func wantReset(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Fatalf("got %T %v, want a connection reset", err, err)
	}
	if !strings.Contains(err.Error(), userGetPath) && !strings.Contains(err.Error(), "/cgi-bin/message/send") {
		t.Fatalf("%q does not name the API", err)
	}
}

func wantGateway(status int, title string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var he *client.HTTPError
		if !errors.As(err, &he) || he.StatusCode != status || !strings.Contains(string(he.Body), title) {
			t.Fatalf("got %T %v, want an *HTTPError %d with the gateway's page", err, err, status)
		}
		if !strings.Contains(err.Error(), title[:3]) {
			t.Fatalf("%q does not name the status", err)
		}
	}
}

func wantTruncated(t *testing.T, err error) {
	t.Helper()
	var re *client.ResponseError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "unexpected end of JSON input") {
		t.Fatalf("got %T %v, want a *ResponseError for the cut JSON", err, err)
	}
}

// TestFaultKindsOnGet: each kind of fault the mock injects, as a GET
// (user/get) meets it: an error naming the cause, and retries only of the
// failures a repeat may cure (a reset, a gateway error).
func TestFaultKindsOnGet(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		fault     mockserver.Fault
		check     func(*testing.T, error) // nil: the call succeeds
		wantCalls int
	}{
		{"reset once is retried", mockserver.Fault{Kind: mockserver.FaultReset, Times: 1}, nil, 2},
		{"reset every time", mockserver.Fault{Kind: mockserver.FaultReset}, wantReset, 3},
		{"gateway 502 once is retried", mockserver.Fault{Kind: mockserver.FaultHTTP, Status: 502, Times: 1}, nil, 2},
		{"gateway 504 every time", mockserver.Fault{Kind: mockserver.FaultHTTP, Status: 504}, wantGateway(504, "504 Gateway Time-out"), 3},
		{"truncated JSON is not retried", mockserver.Fault{Kind: mockserver.FaultMalformed}, wantTruncated, 1},
		{"slow but in time", mockserver.Fault{Kind: mockserver.FaultSlow, BytesPerSecond: 100_000}, nil, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			c := newClient(t, srv, appSecret, freshConnections(t))
			if _, err := c.Token(context.Background()); err != nil {
				t.Fatal(err)
			}
			tt.fault.Path = userGetPath
			mustFault(t, srv, tt.fault)
			u, err := c.GetUser(context.Background(), "zhangsan")
			if tt.check == nil {
				if err != nil || u.UserID != "zhangsan" {
					t.Fatalf("got %+v, %v", u, err)
				}
			} else {
				tt.check(t, err)
			}
			if got := calls(srv, userGetPath); got != tt.wantCalls {
				t.Errorf("user/get calls = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestFaultKindsOnPost: a POST (message/send) is never repeated after a
// reset or a gateway error: WeCom may have sent the message.
func TestFaultKindsOnPost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		fault mockserver.Fault
		check func(*testing.T, error)
	}{
		{"reset", mockserver.Fault{Kind: mockserver.FaultReset}, wantReset},
		{"gateway 502", mockserver.Fault{Kind: mockserver.FaultHTTP, Status: 502}, wantGateway(502, "502 Bad Gateway")},
		{"gateway 503", mockserver.Fault{Kind: mockserver.FaultHTTP, Status: 503}, wantGateway(503, "503 Service Temporarily Unavailable")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			c := newClient(t, srv, appSecret, freshConnections(t))
			tt.fault.Path = "/cgi-bin/message/send"
			mustFault(t, srv, tt.fault)
			_, err := c.SendMessage(context.Background(), client.NewTextMessage(agentID, "hi", "zhangsan"))
			tt.check(t, err)
			if got := calls(srv, "/cgi-bin/message/send"); got != 1 {
				t.Errorf("message/send calls = %d, want 1", got)
			}
		})
	}
}

// TestFaultSlowPastTimeout: an answer slower than the client's timeout
// fails with the timeout, once.
func TestFaultSlowPastTimeout(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := newClient(t, srv, appSecret, client.WithHTTPClient(&http.Client{Transport: tr, Timeout: 300 * time.Millisecond}))
	if _, err := c.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustFault(t, srv, mockserver.Fault{Path: userGetPath, Kind: mockserver.FaultSlow, BytesPerSecond: 20})
	_, err := c.GetUser(context.Background(), "zhangsan")
	if err == nil || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Fatalf("got %v, want the client's timeout", err)
	}
	if got := calls(srv, userGetPath); got > 1 {
		t.Errorf("user/get calls = %d, want 1", got)
	}
}
