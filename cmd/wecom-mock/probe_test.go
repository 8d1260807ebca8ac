package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
)

const (
	probeToken = "cliProbeToken"
	probeKey   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	probeCorp  = "wwmockcorp000001"
)

// receiver is an app's callback endpoint expecting receiveid.
func receiver(t *testing.T, receiveID string) string {
	t.Helper()
	h, err := callback.NewHandler(probeToken, probeKey, receiveID, func(context.Context, callback.Event) (callback.Reply, error) {
		return nil, nil
	}, callback.WithDedup(10))
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL + "/wecom/callback"
}

func probeArgs(url string, extra ...string) []string {
	return append([]string{"probe-callback", "--url", url, "--token", probeToken, "--aes-key", probeKey,
		"--corpid", probeCorp, "--timeout", "2s"}, extra...)
}

func TestProbeCallbackCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCapture(probeArgs(receiver(t, probeCorp)), nil)
	if code != exitOK || errOut != "" {
		t.Fatalf("correct receiver: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"PASS  url_verification", "PASS  rejects_bad_signature", "PASS  rejects_wrong_receiveid",
		"PASS  answers_post_in_time", "PASS  tolerates_duplicate", "all 5 checks passed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// A receiver that accepts any receiveid fails that check: exit 1.
	code, out, _ = runCapture(probeArgs(receiver(t, "")), nil)
	if code != exitFail || !strings.Contains(out, "FAIL  rejects_wrong_receiveid") || !strings.Contains(out, "1 of 5 checks failed") {
		t.Errorf("lax receiver: exit %d\n%s", code, out)
	}

	// --json prints the report.
	code, out, _ = runCapture(probeArgs(receiver(t, probeCorp), "--json"), nil)
	var rep struct {
		Passed bool `json:"passed"`
		Checks []struct {
			Name   string `json:"name"`
			Passed bool   `json:"passed"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitOK || !rep.Passed || len(rep.Checks) != 5 {
		t.Errorf("--json: exit %d, %v\n%s", code, err, out)
	}
}

func TestProbeCallbackCommandUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"probe-callback"}, "--url is required"},
		{[]string{"probe-callback", "--url", "http://127.0.0.1:1/cb", "--token", probeToken, "--aes-key", probeKey}, "--corpid is required"},
		{probeArgs("http://127.0.0.1:1/cb", "--timeout", "0s"), "must be positive"},
		{[]string{"probe-callback", "--url", "http://127.0.0.1:1/cb", "--token", probeToken, "--aes-key", "short", "--corpid", probeCorp}, "encoding_aes_key"},
		{[]string{"probe-callback", "--url", "ftp://x", "--token", probeToken, "--aes-key", probeKey, "--corpid", probeCorp}, "http(s)"},
		{[]string{"probe-callback", "stray"}, "unexpected argument"},
	} {
		code, _, errOut := runCapture(tc.args, nil)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
	code, out, _ := runCapture([]string{"probe-callback", "-h"}, nil)
	if code != exitOK || !strings.Contains(out, "--aes-key") {
		t.Errorf("-h: exit %d\n%s", code, out)
	}
	code, out, _ = runCapture([]string{"help"}, nil)
	if code != exitOK || !strings.Contains(out, "probe-callback") {
		t.Errorf("help does not list probe-callback:\n%s", out)
	}
	// Nobody listening: every check fails, exit 1 (not a usage error).
	code, out, _ = runCapture(probeArgs(closedPortURL(t)+"/cb"), nil)
	if code != exitFail || !strings.Contains(out, "5 of 5 checks failed") {
		t.Errorf("closed port: exit %d\n%s", code, out)
	}
}

// A dead URL fails every check the same way: the report says it once,
// "× 5", with the checks' names, instead of five identical failures.
func TestProbeCallbackDeadURL(t *testing.T) {
	t.Parallel()
	s := httptest.NewServer(nil)
	dead := s.URL + "/wecom/callback"
	s.Close() // nothing listens there now: connection refused
	code, out, _ := runCapture(probeArgs(dead), nil)
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	if n := strings.Count(out, "FAIL"); n != 1 || !strings.Contains(out, "(× 5)") ||
		!strings.Contains(out, "url_verification, rejects_bad_signature, rejects_wrong_receiveid, answers_post_in_time, tolerates_duplicate") ||
		!strings.Contains(out, "5 of 5 checks failed") {
		t.Errorf("%d FAIL lines; want one collapsed line:\n%s", n, out)
	}
}
