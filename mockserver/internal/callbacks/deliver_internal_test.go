package callbacks

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

const testKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

// newTestEngine is an engine over a store of the default world, shut down
// when the test ends.
func newTestEngine(t *testing.T) *Engine {
	t.Helper()
	st := store.New(store.NewClock(time.Now(), false, time.Now), 1)
	st.Load(fixtures.Default())
	e := New(Config{Store: st, JournalSize: 1000})
	t.Cleanup(func() { _ = e.Shutdown(context.Background()) })
	return e
}

func waitInternal(t *testing.T, e *Engine, id string) mockctl.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := e.Wait(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The suite side of Deliver, as the suite code calls it: receiveid =
// SuiteId, an empty AgentID, and the answer must be "success"; a target
// may shorten the timeout (1 s for auth events).
func TestDeliverCallbackSuiteTargets(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	var (
		mu  sync.Mutex
		got []string
	)
	first := func() string {
		mu.Lock()
		defer mu.Unlock()
		return got[0]
	}
	answer := make(chan string, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(body))
		mu.Unlock()
		a := <-answer
		if a == "stall" {
			<-r.Context().Done()
			return
		}
		_, _ = io.WriteString(w, a)
	}))
	t.Cleanup(rcv.Close)
	target := SuiteTarget("wwsuite1", fixtures.Callback{URL: rcv.URL, Token: "suitetoken", EncodingAESKey: testKey}, 0)
	plain := []byte("<xml><SuiteId><![CDATA[wwsuite1]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1</TimeStamp><SuiteTicket><![CDATA[t]]></SuiteTicket></xml>")

	answer <- "success"
	d := waitInternal(t, e, e.Deliver(target, "suite_ticket", plain))
	if d.Status != mockctl.DeliveryDelivered || d.ReplyError != "" || d.Receiver != "suite" || d.SuiteID != "wwsuite1" || d.Kind != "suite_ticket" {
		t.Errorf("delivery: %+v", d)
	}
	if body := first(); !strings.Contains(body, "<ToUserName><![CDATA[wwsuite1]]></ToUserName>") || !strings.Contains(body, "<AgentID><![CDATA[]]></AgentID>") {
		t.Errorf("envelope: %s", body)
	}
	env, _ := wxcrypt.ParseEnvelope([]byte(first()))
	c, _ := wxcrypt.New("suitetoken", testKey, "")
	if p, err := c.DecryptPayload(env.Encrypt); err != nil || p.ReceiveID != "wwsuite1" {
		t.Errorf("receiveid: %+v %v", p, err)
	}

	answer <- ""
	d = waitInternal(t, e, e.Deliver(target, "suite_ticket", plain))
	if d.Status != mockctl.DeliveryDelivered || !strings.Contains(d.ReplyError, `"success"`) {
		t.Errorf("a suite answered nothing: %+v", d)
	}

	short := target
	short.Timeout = 300 * time.Millisecond
	answer <- "stall"
	answer <- "stall"
	answer <- "success"
	d = waitInternal(t, e, e.Deliver(short, "create_auth", plain))
	if d.Status != mockctl.DeliveryDelivered || len(d.Attempts) != 3 || d.Attempts[0].Error != "no answer within 300ms" {
		t.Errorf("short timeout: %+v", d)
	}
}

// A target that cannot be encrypted for fails at once; after Shutdown
// nothing is sent, and Shutdown waits for the goroutines.
func TestDeliverCallbackFailuresAndShutdown(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	d := waitInternal(t, e, e.Deliver(Target{URL: "http://127.0.0.1:1", Token: "t", EncodingAESKey: "short"}, "text", []byte("<xml/>")))
	if d.Status != mockctl.DeliveryFailed || !strings.Contains(d.Error, "cannot encrypt") || len(d.Attempts) != 0 {
		t.Errorf("bad key: %+v", d)
	}

	arrived := make(chan struct{}, 1)
	rcv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer rcv.Close()
	target := Target{URL: rcv.URL, Token: "t", EncodingAESKey: testKey, ReceiveID: "c", AgentIDNum: 1}
	inFlight := e.Deliver(target, "text", []byte("<xml/>"))
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the delivery never arrived")
	}
	queued := e.Deliver(target, "text", []byte("<xml/>"))
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if time.Since(started) > 4*time.Second {
		t.Errorf("Shutdown took %v with a stalled delivery", time.Since(started))
	}
	for _, id := range []string{inFlight, queued} {
		if d := waitInternal(t, e, id); d.Status != mockctl.DeliveryCanceled {
			t.Errorf("%s after Shutdown: %+v", id, d)
		}
	}
	if d := waitInternal(t, e, e.Deliver(target, "text", []byte("<xml/>"))); d.Status != mockctl.DeliveryCanceled || d.Error != "server closed" {
		t.Errorf("after Shutdown: %+v", d)
	}
	e.mu.Lock()
	queues := len(e.queues)
	e.mu.Unlock()
	if queues != 0 {
		t.Errorf("%d queue goroutines still registered after Shutdown", queues)
	}
}
