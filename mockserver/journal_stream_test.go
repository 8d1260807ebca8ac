package mockserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// sseEvent is one server-sent event.
type sseEvent struct{ name, data string }

// openStream opens GET /_mock/requests/stream (plus query) and returns its
// events, read by a goroutine until the stream ends, and the response.
func openStream(t *testing.T, ctx context.Context, srv *mockserver.Server, query string) (*http.Response, <-chan sseEvent) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/_mock/requests/stream"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan sseEvent, 64)
	go func() {
		defer close(events)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" || ev.data != "" {
					events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return res, events
}

func nextEvent(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return sseEvent{}
}

func TestRequestStreamSendsNewEntries(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, events := openStream(t, ctx, srv, "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream answer %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// gettoken (https://developer.work.weixin.qq.com/document/path/91039):
	// the secret is masked in the event as in GET /_mock/requests.
	tok := testkit.AppToken(t, srv)
	ev := nextEvent(t, events)
	var e mockctl.Request
	if err := json.Unmarshal([]byte(ev.data), &e); err != nil || ev.name != "request" {
		t.Fatalf("event %q %q: %v", ev.name, ev.data, err)
	}
	if e.Path != "/cgi-bin/gettoken" || e.Status != 200 || e.ErrCode == nil || *e.ErrCode != 0 ||
		e.CorpID != testkit.Corp1 || strings.Contains(e.Query, testkit.AppSecret) || !strings.Contains(e.Query, "corpsecret=***") {
		t.Errorf("event %+v", e)
	}
	// A call with a token names its corp too; an unknown path's 404 is
	// journalled without an errcode.
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "wangwu"))
	testkit.Get(t, srv.URL()+"/cgi-bin/nope")
	for _, want := range []struct {
		path    string
		errcode any
		corp    string
	}{{"/cgi-bin/user/get", 60011, testkit.Corp1}, {"/cgi-bin/nope", nil, ""}} {
		ev := nextEvent(t, events)
		var got map[string]any
		if err := json.Unmarshal([]byte(ev.data), &got); err != nil {
			t.Fatal(err)
		}
		code, _ := got["errcode"].(float64)
		if got["path"] != want.path || (want.errcode == nil) != (got["errcode"] == nil) ||
			(want.errcode != nil && int(code) != want.errcode) || (got["corpid"] != nil && got["corpid"] != want.corp) {
			t.Errorf("event %s, want %+v", ev.data, want)
		}
	}
	// The control API is not journalled, so reading it makes no events.
	testkit.Get(t, srv.URL()+"/_mock/requests")
	testkit.Get(t, srv.URL()+"/cgi-bin/gettoken?corpid=x")
	if ev := nextEvent(t, events); !strings.Contains(ev.data, `"corpid":"x"`) {
		t.Errorf("event after a control call: %s", ev.data)
	}
}

func TestRequestStreamFiltersByPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, events := openStream(t, ctx, srv, "?path=/cgi-bin/user/get")
	tok := testkit.AppToken(t, srv)
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"))
	if ev := nextEvent(t, events); !strings.Contains(ev.data, `"path":"/cgi-bin/user/get"`) {
		t.Errorf("filtered stream sent %s", ev.data)
	}
}

func TestRequestStreamMethods(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/requests/stream", nil)
	testkit.ControlError(t, r, http.StatusMethodNotAllowed, "GET")
	if r.Header.Get("Allow") != http.MethodGet {
		t.Errorf("Allow %q", r.Header.Get("Allow"))
	}
}

// Close ends open streams (http.Server.Shutdown alone would wait for them
// until its deadline) and leaves no goroutine behind. Not parallel: goleak
// compares against the goroutines alive when it starts.
func TestRequestStreamEndsOnShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	_, events := openStream(t, context.Background(), srv, "")
	_, disconnected := func() (*http.Response, <-chan sseEvent) {
		ctx, cancel := context.WithCancel(context.Background())
		res, ev := openStream(t, ctx, srv, "")
		cancel() // a client that goes away
		return res, ev
	}()
	for range disconnected {
	}
	testkit.Get(t, srv.URL()+"/cgi-bin/nope")
	nextEvent(t, events)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown with a stream open: %v", err)
	}
	for range events { // ends: the server closed the stream
	}
	http.DefaultClient.CloseIdleConnections()
}
