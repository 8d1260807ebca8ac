package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/goleak"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Close ends every delivery goroutine, also with deliveries queued behind a
// stalled receiver. Not parallel: goleak compares against the goroutines
// alive when it starts.
func TestCallbackCloseLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	rcv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		<-r.Context().Done()
	}))
	defer rcv.Close()
	ok := newAppReceiverNoCleanup(t)
	defer ok.Close()

	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
	testkit.SkipVerify(t, srv, testkit.Corp2, testkit.AgentID, ok.URL)
	for range 5 {
		testkit.TriggerText(t, srv, "stuck")
	}
	d := testkit.WaitDelivery(t, srv, mustTrigger(t, srv, mockserver.CallbackTrigger{CorpID: testkit.Corp2, AgentID: testkit.AgentID, Kind: "enter_agent", From: "zhaoliu"}))
	if d.Status != mockserver.DeliveryDelivered {
		t.Fatalf("delivery: %+v", d)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
}

func newAppReceiverNoCleanup(t testing.TB) *httptest.Server {
	t.Helper()
	return httptest.NewServer(goodHandler(t, testkit.Corp2))
}

func mustTrigger(t testing.TB, srv *mockserver.Server, req mockserver.CallbackTrigger) string {
	t.Helper()
	out, err := srv.TriggerCallback(req)
	if err != nil {
		t.Fatal(err)
	}
	return out.ID
}
