package mockserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Callback keys of the tests' receiving apps.
const (
	cbToken = "mockCallbackToken1"
	cbKey   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" // the official sample's key
	cbWait  = 10 * time.Second                              // bound of every wait on a delivery
)

// appReceiver is an app's callback endpoint built on client/callback, on a
// real 127.0.0.1 listener: every event it decodes lands in events.
type appReceiver struct {
	*httptest.Server
	events chan callback.Event
}

// newAppReceiver starts a receiver for receiveid corpID. reply, if not nil,
// answers each event (nil reply for none).
func newAppReceiver(t testing.TB, corpID string, reply func(callback.Event) (callback.Reply, error), opts ...callback.Option) *appReceiver {
	t.Helper()
	r := &appReceiver{events: make(chan callback.Event, 100)}
	h, err := callback.NewHandler(cbToken, cbKey, corpID, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		r.events <- ev
		if reply != nil {
			return reply(ev)
		}
		return nil, nil
	}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	r.Server = httptest.NewServer(h)
	t.Cleanup(r.Close)
	return r
}

// next returns the next decoded event, failing after a bounded wait.
func (r *appReceiver) next(t testing.TB) callback.Event {
	t.Helper()
	select {
	case ev := <-r.events:
		return ev
	case <-time.After(cbWait):
		t.Fatal("no callback arrived")
		return nil
	}
}

// none asserts that nothing more arrived (deliveries are waited for first).
func (r *appReceiver) none(t testing.TB) {
	t.Helper()
	select {
	case ev := <-r.events:
		t.Fatalf("unexpected callback %s: %s", ev.Kind(), ev.Raw())
	default:
	}
}

// configure sets the callback of (corpID, agentID) to url through the Go
// API, which runs the verification GET.
func configure(t testing.TB, srv *mockserver.Server, corpID string, agentID int, url string) {
	t.Helper()
	v, err := srv.SetCallback(context.Background(), mockserver.CallbackConfig{
		CorpID: corpID, AgentID: agentID, URL: url, Token: cbToken, EncodingAESKey: cbKey,
	})
	if err != nil || !v.Verified {
		t.Fatalf("SetCallback(%s, %d): %+v, %v", corpID, agentID, v, err)
	}
}

// waitAll waits for every delivery f selects.
func waitAll(t testing.TB, srv *mockserver.Server, f mockserver.DeliveryFilter) []mockserver.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cbWait)
	defer cancel()
	ds, err := srv.WaitDeliveries(ctx, f)
	if err != nil {
		t.Fatalf("WaitDeliveries(%+v): %v", f, err)
	}
	return ds
}

// waitOne waits for delivery id.
func waitOne(t testing.TB, srv *mockserver.Server, id string) mockserver.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cbWait)
	defer cancel()
	d, err := srv.WaitDelivery(ctx, id)
	if err != nil {
		t.Fatalf("WaitDelivery(%s): %v", id, err)
	}
	return d
}

// countingHandler answers each request with the next of answers (the last
// one repeats) and records what it got. An answer of -1 stalls until the
// sender gives up.
type countingHandler struct {
	mu       sync.Mutex
	answers  []int
	requests []*http.Request
	bodies   []string
	reply    string
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	n := len(h.requests)
	h.requests = append(h.requests, r)
	h.bodies = append(h.bodies, string(body))
	status := h.answers[min(n, len(h.answers)-1)]
	reply := h.reply
	h.mu.Unlock()
	if status < 0 {
		<-r.Context().Done() // stall until the mock drops the connection
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(reply))
}

func (h *countingHandler) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}
