package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Helpers of the suite tests (suite_*_test.go, api_suite_*_test.go).

// The default world's suites (fixtures/default.yaml).
const (
	thirdSuite  = "wwmocksuite000001"
	thirdSecret = "mock-suite-secret"
	dkSuite     = "dkmocktemplate0001"
	dkSecret    = "mock-template-secret"
	dkPermanent = "mock-permanent-code"
	dkAgent     = 1000010

	// The callback keys the tests' vendor receivers use.
	suiteCBToken = "mockSuiteToken"
	suiteCBKey   = "OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLrZ3aWZkS"
)

// waitLimit bounds every wait for a callback.
const waitLimit = 10 * time.Second

// suiteTicket is the suite's newest suite_ticket (Go API).
func suiteTicket(t testing.TB, srv *mockserver.Server, suiteID string) string {
	t.Helper()
	tk, err := srv.SuiteTicket(suiteID)
	if err != nil {
		t.Fatalf("SuiteTicket(%s): %v", suiteID, err)
	}
	return tk.Ticket
}

type suiteTokenBody struct {
	ErrCode          int    `json:"errcode"`
	ErrMsg           string `json:"errmsg"`
	SuiteAccessToken string `json:"suite_access_token"`
	ExpiresIn        int    `json:"expires_in"`
}

// postSuiteToken calls get_suite_token.
func postSuiteToken(t testing.TB, srv *mockserver.Server, suiteID, secret, ticket string) *resp {
	t.Helper()
	return sendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_suite_token",
		map[string]string{"suite_id": suiteID, "suite_secret": secret, "suite_ticket": ticket})
}

// suiteToken gets a suite_access_token with the suite's newest ticket.
func suiteToken(t testing.TB, srv *mockserver.Server, suiteID, secret string) string {
	t.Helper()
	r := postSuiteToken(t, srv, suiteID, secret, suiteTicket(t, srv, suiteID))
	assertOK(t, r)
	b := decodeStrict[suiteTokenBody](t, r.Body)
	if b.SuiteAccessToken == "" || b.ExpiresIn <= 0 {
		t.Fatalf("get_suite_token: %s", r.Body)
	}
	return b.SuiteAccessToken
}

// suiteURL is srv's URL for a suite API with the suite token and more query
// pairs.
func suiteURL(srv *mockserver.Server, path, tok string, kv ...string) string {
	return apiURL(srv, path, append([]string{"suite_access_token", tok}, kv...)...)
}

// postSuite POSTs body to a suite API and returns the answer.
func postSuite(t testing.TB, srv *mockserver.Server, path, tok string, body any) *resp {
	t.Helper()
	return sendJSON(t, http.MethodPost, suiteURL(srv, path, tok), body)
}

// assertSuiteError checks a WeCom error answer whose errcode the shared
// table may not name: HTTP 200, the errcode, errmsg starting with phrase and
// carrying the hint suffix, and the Error-Code header.
func assertSuiteError(t testing.TB, r *resp, code int, phrase string) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200 for errcode %d, got %s", code, r)
	}
	m := decodeMap(t, r.Body)
	if got := errCodeOf(t, m); got != code {
		t.Fatalf("errcode %d, want %d; body %s", got, code, r.Body)
	}
	re := regexp.MustCompile("^" + regexp.QuoteMeta(phrase) + hintedErrmsg + strconv.Itoa(code) + "$")
	if msg, _ := m["errmsg"].(string); !re.MatchString(msg) {
		t.Errorf("errmsg %q does not match %s", msg, re)
	}
	if h := r.Header.Get("Error-Code"); h != strconv.Itoa(code) {
		t.Errorf("Error-Code header %q, want %d", h, code)
	}
	return m
}

// ctl calls the control API and decodes a 200 answer into T.
func ctl[T any](t testing.TB, srv *mockserver.Server, method, path string, body any) T {
	t.Helper()
	r := sendJSON(t, method, srv.URL()+path, body)
	if r.Status != http.StatusOK {
		t.Fatalf("%s %s: %s", method, path, r)
	}
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("%s %s: decoding %s: %v", method, path, r.Body, err)
	}
	return v
}

// suiteReceiver is a vendor's suite callback endpoint (指令回调): the
// client/callback handler, collecting every event it accepts.
type suiteReceiver struct {
	URL    string
	events chan callback.Event
}

func newSuiteReceiver(t testing.TB, suiteID string) *suiteReceiver {
	t.Helper()
	r := &suiteReceiver{events: make(chan callback.Event, 256)}
	h, err := callback.NewHandler(suiteCBToken, suiteCBKey, suiteID,
		func(_ context.Context, ev callback.Event) (callback.Reply, error) {
			r.events <- ev
			return nil, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	r.URL = ts.URL + "/suite/receive"
	return r
}

// callback is the receiver's configuration for a suite fixture.
func (r *suiteReceiver) callback() *fixtures.Callback {
	return &fixtures.Callback{URL: r.URL, Token: suiteCBToken, EncodingAESKey: suiteCBKey}
}

// await returns the next event of type T the receiver got, skipping others
// (suite_tickets pushed meanwhile), failing after waitLimit.
func await[T callback.Event](t testing.TB, r *suiteReceiver) T {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case ev := <-r.events:
			if v, ok := ev.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T reached the vendor within %v", zero, waitLimit)
			return zero
		}
	}
}

// waitDelivered waits for a delivery and checks the receiver acknowledged
// it with "success".
func waitDelivered(t testing.TB, srv *mockserver.Server, id string) mockserver.Delivery {
	t.Helper()
	if id == "" {
		t.Fatal("no delivery id: the suite has no callback?")
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	d, err := srv.WaitDelivery(ctx, id)
	if err != nil {
		t.Fatalf("WaitDelivery(%s): %v", id, err)
	}
	if d.Status != mockserver.DeliveryDelivered {
		t.Fatalf("delivery %s: status %s, attempts %+v", id, d.Status, d.Attempts)
	}
	if n := len(d.Attempts); n == 0 || !bytes.Equal([]byte(d.Attempts[n-1].Response), []byte("success")) {
		t.Errorf("delivery %s: the receiver did not answer success: %+v", id, d.Attempts)
	}
	return d
}

// suiteWorld is the default world with the suites' callbacks pointed at
// the receivers (nil leaves a suite without one); withoutInstalls drops the
// fixture authorizations.
func suiteWorld(t testing.TB, third, dk *suiteReceiver, withoutInstalls bool) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	for i := range w.Suites {
		s := &w.Suites[i]
		switch {
		case s.SuiteID == thirdSuite && third != nil:
			s.Callback = third.callback()
		case s.SuiteID == dkSuite && dk != nil:
			s.Callback = dk.callback()
		}
		if withoutInstalls {
			s.Authorizations = nil
		}
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

// privilege is a visible range of users and departments.
func privilege(users []string, parties []int) *fixtures.SuitePrivilege {
	return &fixtures.SuitePrivilege{AllowUser: users, AllowParty: parties}
}
