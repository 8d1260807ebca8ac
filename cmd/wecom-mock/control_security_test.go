package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The banner says plainly when the control API is open to the network: a
// listener beyond loopback without --control-token.
func TestBannerControlExposure(t *testing.T) {
	t.Parallel()
	const open = "the control API (/_mock/) is OPEN TO THE NETWORK"
	for _, tc := range []struct {
		url   string
		token bool
		want  string // "" means neither line
	}{
		{"http://0.0.0.0:8080", false, open},
		{"http://[::]:8080", false, open},
		{"http://192.168.1.20:8080", false, open},
		{"http://127.0.0.1:8080", false, ""},
		{"http://[::1]:8080", false, ""},
		{"http://0.0.0.0:8080", true, "/_mock/ needs the control token"},
	} {
		var b strings.Builder
		printBanner(&b, bannerInfo{url: tc.url, source: "x", world: fixtures.Default(), token: tc.token})
		out := b.String()
		switch {
		case tc.want == "" && (strings.Contains(out, open) || strings.Contains(out, "needs the control token")):
			t.Errorf("%s: banner warns on loopback:\n%s", tc.url, out)
		case tc.want != "" && !strings.Contains(out, tc.want):
			t.Errorf("%s token %v: banner lacks %q:\n%s", tc.url, tc.token, tc.want, out)
		}
	}
}

// --control-token (WECOM_MOCK_CONTROL_TOKEN) and --allowed-hosts reach the
// server: /_mock/ wants the token, the health check does not, and the
// allowed name passes the Host rule.
func TestServeControlToken(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"--addr", "127.0.0.1:0", "--allowed-hosts", "wecom-mock, mock.test"},
		map[string]string{"WECOM_MOCK_CONTROL_TOKEN": "env-token"})
	get := func(path, host, auth string) int {
		req, _ := http.NewRequest(http.MethodGet, r.url+path, nil)
		if host != "" {
			req.Host = host
		}
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		res, err := testHTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, tc := range []struct {
		path, host, auth string
		want             int
	}{
		{"/_mock/state", "", "", 401},
		{"/_mock/state", "", "env-token", 200},
		{"/_mock/healthz", "", "", 200},
		{"/_mock/clock", "wecom-mock:8080", "env-token", 200},
		{"/_mock/healthz", "mock.test", "", 200},
		{"/_mock/healthz", "rebind.example", "", 403},
	} {
		if got := get(tc.path, tc.host, tc.auth); got != tc.want {
			t.Errorf("GET %s Host %q token %q: HTTP %d, want %d", tc.path, tc.host, tc.auth, got, tc.want)
		}
	}
	if !strings.Contains(r.stdout.String(), "needs the control token") {
		t.Errorf("banner:\n%s", r.stdout)
	}
}
