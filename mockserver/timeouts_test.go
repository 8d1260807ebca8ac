package mockserver_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// short are timeouts a test can wait out without sleeping for seconds.
var short = mockserver.Timeouts{BodyIdle: 150 * time.Millisecond, Idle: 150 * time.Millisecond, Write: 150 * time.Millisecond}

// dialRaw opens a plain TCP connection to the server, closed when the test
// ends, with a deadline that fails the test rather than hanging it.
func dialRaw(t *testing.T, srv *mockserver.Server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

// readUntilClosed reads c until the server closes it and returns what came.
func readUntilClosed(t *testing.T, c net.Conn) string {
	t.Helper()
	b, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open 10s; got %q", b)
	}
	return string(b)
}

// A body that stops arriving is cut BodyIdle after its last byte: before,
// only the headers had a timeout and such a request was held for minutes.
func TestStalledBodyIsCut(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithTimeouts(short))
	c := dialRaw(t, srv)
	start := time.Now()
	_, _ = io.WriteString(c, "POST /_mock/clock/advance HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"seconds\":")
	out := readUntilClosed(t, c)
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("stalled body held %v", el)
	}
	if strings.HasPrefix(out, "HTTP/1.1 200") {
		t.Errorf("a cut body was answered 200: %q", out)
	}
}

// A slow but steady body (each piece within BodyIdle, the whole well past
// it) is read to the end: the deadline moves with the bytes.
func TestSlowSteadyBodyIsServed(t *testing.T) {
	t.Parallel()
	// Its own, longer BodyIdle: each pause keeps a wide margin under it even
	// on a loaded machine, while the whole body takes longer than it.
	steady := short
	steady.BodyIdle = 600 * time.Millisecond
	srv := mockserver.NewTest(t, mockserver.WithTimeouts(steady), mockserver.WithFrozenClock())
	c := dialRaw(t, srv)
	body := `{"seconds":1}` + strings.Repeat(" ", 7)
	_, _ = io.WriteString(c, "POST /_mock/clock/advance HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"+
		"Content-Type: application/json\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n")
	for i := 0; i < len(body); i += 4 {
		time.Sleep(150 * time.Millisecond) // 5 pieces, 750 ms in all: past BodyIdle
		_, _ = io.WriteString(c, body[i:min(i+4, len(body))])
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Errorf("slow body: HTTP %d %s", res.StatusCode, b)
	}
}

// An idle keep-alive connection is closed after Idle.
func TestIdleConnectionIsClosed(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithTimeouts(short))
	c := dialRaw(t, srv)
	_, _ = io.WriteString(c, "GET /_mock/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("healthz: HTTP %d, close %v", res.StatusCode, res.Close)
	}
	start := time.Now()
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("idle connection: %v, want EOF", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("idle connection closed after %v", el)
	}
}

// The endpoints that wait by design outlive the write timeout: the journal
// stream delivers events after it, and a callback probe of a slow receiver
// answers its report.
func TestLongAnswersOutliveWriteTimeout(t *testing.T) {
	t.Parallel()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(60 * time.Millisecond) // a slow receiver: seven requests take 420 ms
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer slow.Close()
	srv := mockserver.NewTest(t, mockserver.WithTimeouts(short))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, events := openStream(t, ctx, srv, "?path=/cgi-bin/gettoken")

	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{
		"url": slow.URL, "token": cbToken, "encoding_aes_key": cbKey, "corpid": testkit.Corp1, "timeout_ms": 1000,
	})
	if m := testkit.ControlJSON(t, r, http.StatusOK); m["passed"] != false {
		t.Errorf("probe of a failing receiver: %s", r.Body)
	}

	// The stream is now older than the write timeout.
	testkit.AppToken(t, srv)
	if ev := nextEvent(t, events); ev.name != "request" || !strings.Contains(ev.data, "/cgi-bin/gettoken") {
		t.Errorf("stream event after the write timeout: %+v", ev)
	}
}

// Shutdown ends a stalled upload when its grace period is over instead of
// waiting for it.
func TestShutdownCutsStalledUpload(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	c := dialRaw(t, srv)
	_, _ = io.WriteString(c, "PUT /_mock/fixtures HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"corps\":")
	// Wait until the request is in the server: the journal stream is not
	// involved, so poll healthz on another connection (its answer comes
	// after our headers were read on a busy server as well as an idle one).
	if r, err := testkit.HTTPClient.Get(srv.URL() + "/_mock/healthz"); err == nil {
		r.Body.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_ = srv.Shutdown(ctx)
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("Shutdown took %v with a stalled upload, grace 200ms", el)
	}
	readUntilClosed(t, c)
}
