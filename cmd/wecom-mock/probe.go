package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// runProbeCallback grades an app's callback receiver (mockserver.ProbeCallback)
// and prints a pass/fail line per check. Exit 0 when every check passes, 1
// when one fails, 2 for a bad command line.
func runProbeCallback(args []string, stdout, stderr io.Writer) error {
	c := newCommand("probe-callback", "--url URL --token TOKEN --aes-key KEY --corpid CORPID [flags]",
		`Plays WeCom against a callback receiver and checks that it
  - answers the URL verification GET with the echostr plaintext in time,
  - refuses a forged msg_signature (GET and POST),
  - refuses a payload encrypted for another receiveid (GET and POST),
  - answers a valid POST with 200 in time (empty body, "success" or a valid
    encrypted passive reply),
  - answers the same POST again (WeCom retries).
The test messages come from the member "wecom-mock-probe". Exits 0 when
every check passes, 1 otherwise.`, false, stdout)
	target := c.fs.String("url", "", "the receiver's callback `URL` (required)")
	token := c.fs.String("token", "", "the callback `Token` (required)")
	key := c.fs.String("aes-key", "", "the 43-character `EncodingAESKey` (required)")
	corpID := c.fs.String("corpid", "", "the `receiveid` the receiver expects: the corpid, or a suite's SuiteId (required)")
	agentID := c.fs.Int("agentid", 1000002, "the `agentid` of the envelope and the test message")
	timeout := c.fs.Duration("timeout", 5*time.Second, "how long a POST may take to be answered (WeCom: 5s)")
	verifyTimeout := c.fs.Duration("verify-timeout", time.Second, "how long the verification GET may take (WeCom: 1s)")
	asJSON := c.fs.Bool("json", false, "print the report as JSON")
	if err := c.parse(args, nil); err != nil {
		return err
	}
	if c.fs.NArg() > 0 {
		return c.usageErrorf("unexpected argument %q", c.fs.Arg(0))
	}
	for _, f := range []struct{ name, v string }{{"url", *target}, {"token", *token}, {"aes-key", *key}, {"corpid", *corpID}} {
		if f.v == "" {
			return c.usageErrorf("--%s is required", f.name)
		}
	}
	if *timeout <= 0 || *verifyTimeout <= 0 {
		return c.usageErrorf("--timeout and --verify-timeout must be positive")
	}
	// The whole run is bounded: seven requests, each within its limit.
	ctx, cancel := context.WithTimeout(context.Background(), 7*(*timeout+*verifyTimeout))
	defer cancel()
	rep, err := mockserver.ProbeCallback(ctx, mockserver.ProbeRequest{
		URL: *target, Token: *token, EncodingAESKey: *key, CorpID: *corpID, AgentID: *agentID,
		Timeout: *timeout, VerifyTimeout: *verifyTimeout,
		// No proxy: the receiver is usually on this machine.
		Client: &http.Client{
			Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	})
	var ce *mockserver.Error
	if errors.As(err, &ce) {
		return c.usageErrorf("%v", ce)
	}
	if err != nil {
		return fmt.Errorf("wecom-mock probe-callback: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(stdout, rep.String())
	}
	if !rep.Passed {
		return errReported
	}
	return nil
}
