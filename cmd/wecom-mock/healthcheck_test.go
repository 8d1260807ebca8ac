package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

func TestHealthcheckRunningServer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, args := range [][]string{
		{"healthcheck", "--url", srv.URL()},
		{"healthcheck", "--url", srv.URL() + "/"},
		{"healthcheck", "--url", srv.URL() + "/_mock/healthz"},
	} {
		code, out, errOut := runCapture(args, nil)
		if code != exitOK || out != "ok: "+srv.URL()+"/_mock/healthz\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// WECOM_MOCK_URL sets the default.
	code, _, errOut := runCapture([]string{"healthcheck"}, map[string]string{"WECOM_MOCK_URL": srv.URL()})
	if code != exitOK {
		t.Errorf("WECOM_MOCK_URL: exit %d, stderr %q", code, errOut)
	}
	// The port of WECOM_MOCK_ADDR is used when WECOM_MOCK_URL is not set.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL(), "http://"))
	code, _, errOut = runCapture([]string{"healthcheck"}, map[string]string{"WECOM_MOCK_ADDR": "0.0.0.0:" + port})
	if code != exitOK {
		t.Errorf("WECOM_MOCK_ADDR: exit %d, stderr %q", code, errOut)
	}
}

func TestHealthcheckAgainstServe(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"--addr", "127.0.0.1:0"}, nil)
	if code, _, errOut := runCapture([]string{"healthcheck", "--url", r.url}, nil); code != exitOK {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// closedPortURL is the URL of a port nothing listens on. It is taken on
// 127.0.0.2: a port freed on 127.0.0.1 is soon handed to the next test
// server (the table's own, or a parallel test's), which would then answer.
func closedPortURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestHealthcheckUnhealthy(t *testing.T) {
	t.Parallel()
	answer := func(status int, body string) string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/_mock/healthz" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(s.Close)
		return s.URL
	}
	tests := []struct {
		name string
		url  string
		env  map[string]string
		want string
	}{
		{"closed port", closedPortURL(t), nil, "connection refused"},
		{"closed port from env", "", map[string]string{"WECOM_MOCK_URL": closedPortURL(t)}, "connection refused"},
		{"503", answer(http.StatusServiceUnavailable, "starting"), nil, "HTTP 503 Service Unavailable: starting"},
		{"wrong status field", answer(http.StatusOK, `{"status":"starting"}`), nil, `want {"status":"ok"}, got {"status":"starting"}`},
		{"not JSON", answer(http.StatusOK, `<html>ok</html>`), nil, `got <html>ok</html>`},
		{"empty body", answer(http.StatusOK, ``), nil, `(empty body)`},
		{"not a mock", answer(http.StatusNotFound, "nope"), nil, "HTTP 404"},
		{"bad scheme", "ftp://127.0.0.1:21", nil, "want an http:// or https:// URL"},
		{"no host", "http://", nil, "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"healthcheck"}
			if tt.url != "" {
				args = append(args, "--url", tt.url)
			}
			code, out, errOut := runCapture(args, tt.env)
			if code != exitFail {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(errOut, tt.want) || out != "" {
				t.Errorf("stderr %q lacks %q (stdout %q)", errOut, tt.want, out)
			}
		})
	}
}

// TestHealthcheckTimeout: a server that never answers is unhealthy after 2 s.
func TestHealthcheckTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 2 s timeout")
	}
	t.Parallel()
	release := make(chan struct{})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer s.Close()
	defer close(release)
	code, _, errOut := runCapture([]string{"healthcheck", "--url", s.URL}, nil)
	if code != exitFail || !strings.Contains(errOut, "no answer within 2s") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestHealthcheckBadFlagsExit1: Docker reserves exit code 2 of a healthcheck.
func TestHealthcheckBadFlagsExit1(t *testing.T) {
	t.Parallel()
	code, _, errOut := runCapture([]string{"healthcheck", "--nope"}, nil)
	if code != exitFail || !strings.Contains(errOut, "flag provided but not defined") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDefaultHealthURL(t *testing.T) {
	for addr, want := range map[string]string{
		"":               "http://127.0.0.1:8080",
		"0.0.0.0:9090":   "http://127.0.0.1:9090",
		":9091":          "http://127.0.0.1:9091",
		"[::]:9092":      "http://127.0.0.1:9092",
		"127.0.0.2:9093": "http://127.0.0.2:9093",
		"[::1]:9094":     "http://[::1]:9094",
		"127.0.0.1:0":    "http://127.0.0.1:8080",
		"garbage":        "http://127.0.0.1:8080",
	} {
		if got := defaultHealthURL(envMap(map[string]string{"WECOM_MOCK_ADDR": addr})); got != want {
			t.Errorf("WECOM_MOCK_ADDR=%q: %q, want %q", addr, got, want)
		}
	}
}
