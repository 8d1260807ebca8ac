package mockserver_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Callback keys of the tests' receiving apps.
const (
	cbToken = testkit.CallbackToken
	cbKey   = testkit.CallbackKey
	cbWait  = testkit.CallbackWait // bound of every wait on a delivery
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
