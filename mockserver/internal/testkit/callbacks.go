package testkit

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Callback keys of the tests' receiving apps.
const (
	CallbackToken = "mockCallbackToken1"
	CallbackKey   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" // the official sample's key
	CallbackWait  = 10 * time.Second                              // bound of every wait on a delivery
)

// SkipVerify configures a callback without the verification GET (for
// receivers that only take POSTs).
func SkipVerify(t testing.TB, srv *mockserver.Server, corpID string, agentID int, u string) {
	t.Helper()
	if _, err := srv.SetCallback(context.Background(), mockserver.CallbackConfig{
		CorpID: corpID, AgentID: agentID, URL: u, Token: CallbackToken, EncodingAESKey: CallbackKey, SkipVerify: true,
	}); err != nil {
		t.Fatal(err)
	}
}

// TriggerText has zhangsan send content to app AgentID of Corp1.
func TriggerText(t testing.TB, srv *mockserver.Server, content string) mockserver.TriggeredCallback {
	t.Helper()
	out, err := srv.TriggerCallback(mockserver.CallbackTrigger{CorpID: Corp1, AgentID: AgentID, Kind: "text", From: "zhangsan", Content: content})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// WaitDeliveries waits for every delivery f selects.
func WaitDeliveries(t testing.TB, srv *mockserver.Server, f mockserver.DeliveryFilter) []mockserver.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), CallbackWait)
	defer cancel()
	ds, err := srv.WaitDeliveries(ctx, f)
	if err != nil {
		t.Fatalf("WaitDeliveries(%+v): %v", f, err)
	}
	return ds
}

// WaitDelivery waits for delivery id.
func WaitDelivery(t testing.TB, srv *mockserver.Server, id string) mockserver.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), CallbackWait)
	defer cancel()
	d, err := srv.WaitDelivery(ctx, id)
	if err != nil {
		t.Fatalf("WaitDelivery(%s): %v", id, err)
	}
	return d
}

// CountingHandler answers each request with the next of Answers (the last
// one repeats) and the body Reply, and records what it got. An answer of
// -1 stalls until the sender gives up.
type CountingHandler struct {
	Answers []int
	Reply   string

	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func (h *CountingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	n := len(h.requests)
	h.requests = append(h.requests, r)
	h.bodies = append(h.bodies, string(body))
	status := h.Answers[min(n, len(h.Answers)-1)]
	h.mu.Unlock()
	if status < 0 {
		<-r.Context().Done() // stall until the mock drops the connection
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(h.Reply))
}

// Count is the number of requests received.
func (h *CountingHandler) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

// Requests are the requests received, in order.
func (h *CountingHandler) Requests() []*http.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.requests)
}

// Bodies are the bodies of the requests received, in order.
func (h *CountingHandler) Bodies() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.bodies)
}
