package main

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// SIGTERM with an upload that stopped half-way: the server cuts it when the
// grace period (--shutdown-timeout) is over and exits 0, as docker stop
// expects, instead of waiting out the whole period and exiting 1.
func TestServeShutdownCutsStalledUpload(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"--addr", "127.0.0.1:0", "--shutdown-timeout", "300ms"}, nil)
	c, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(c, "PUT /_mock/fixtures HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"corps\":[")
	// Another request answered after ours was sent: the server has read
	// the stalled request's headers, or it never will.
	var health map[string]any
	getJSON(t, r.url+"/_mock/healthz", &health)

	start := time.Now()
	r.stop() // SIGTERM
	if c := r.wait(t); c != exitOK {
		t.Errorf("exit %d, stderr:\n%s", c, r.stderr)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("stopped after %v with a 300ms grace period", el)
	}
	if _, err := io.ReadAll(c); err != nil {
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("the stalled upload's connection is still open")
		}
	}
}
