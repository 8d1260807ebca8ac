package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// healthTimeout bounds the whole probe: connect, request and answer.
const healthTimeout = 2 * time.Second

func runHealthcheck(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c := newCommand("healthcheck", "[--url URL]",
		`Exits 0 if the server at URL answers GET /_mock/healthz with 200 and
{"status":"ok"} within 2 s, else prints why and exits 1. Made for the
Docker HEALTHCHECK of the FROM-scratch image:
  HEALTHCHECK CMD ["/wecom-mock", "healthcheck"]`, true, stdout)
	rawURL := c.fs.String("url", defaultHealthURL(getenv), "base `URL` of the server")
	if err := c.parse(args, getenv); err != nil {
		// Docker reserves exit code 2 of a healthcheck: report a bad
		// command line as plainly unhealthy.
		var ue *usageError
		if errors.As(err, &ue) {
			return ue.err
		}
		return err
	}
	if c.fs.NArg() > 0 {
		return fmt.Errorf("wecom-mock healthcheck: unexpected argument %q", c.fs.Arg(0))
	}
	target, err := healthURL(*rawURL)
	if err != nil {
		return fmt.Errorf("wecom-mock healthcheck: invalid %s %q: %w", c.origin("url"), *rawURL, err)
	}
	if err := probe(target); err != nil {
		return fmt.Errorf("wecom-mock healthcheck: unhealthy: %w", err)
	}
	fmt.Fprintf(stdout, "ok: %s\n", target)
	return nil
}

// defaultHealthURL is http://127.0.0.1:8080, or the port WECOM_MOCK_ADDR
// makes serve listen on, so a container configured for serve checks itself
// without more settings.
func defaultHealthURL(getenv func(string) string) string {
	const fallback = "http://127.0.0.1:8080"
	addr := getenv(envName("addr"))
	if addr == "" {
		return fallback
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		return fallback
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// healthURL appends /_mock/healthz to a base URL (unless already there).
func healthURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", errors.New("want an http:// or https:// URL")
	}
	if u.Host == "" {
		return "", errors.New("no host in URL")
	}
	if !strings.HasSuffix(u.Path, "/_mock/healthz") {
		u.Path = strings.TrimRight(u.Path, "/") + "/_mock/healthz"
	}
	return u.String(), nil
}

// probe GETs target and checks for 200 and {"status":"ok"}.
func probe(target string) error {
	ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	// A fresh transport without proxy: HTTP_PROXY in a container must not
	// route the container's check of itself elsewhere.
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("GET %s: no answer within %s", target, healthTimeout)
		}
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if err != nil {
		return fmt.Errorf("GET %s: reading answer: %w", target, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %s: %s", target, resp.Status, snippet(body))
	}
	var h struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(body, &h); err != nil || h.Status != "ok" {
		return fmt.Errorf(`GET %s: want {"status":"ok"}, got %s`, target, snippet(body))
	}
	return nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}
