package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// GET /_mock/credentials lists the tokens and codes valid on the virtual
// clock, masked, with their remaining lifetime: an access token lives 7200 s
// (https://developer.work.weixin.qq.com/document/path/91039), a login code
// 300 s (https://developer.work.weixin.qq.com/document/path/96442).
func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	if c := testkit.Control[mockctl.Credentials](t, srv, http.MethodGet, "/_mock/credentials", nil); len(c.AccessTokens)+len(c.Codes) != 0 {
		t.Fatalf("a new server lists credentials: %+v", c)
	}
	tok := testkit.AppToken(t, srv)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	srv.Advance(100 * time.Second)

	r := testkit.Get(t, srv.URL()+"/_mock/credentials")
	testkit.ControlJSON(t, r, http.StatusOK)
	if strings.Contains(string(r.Body), tok) || strings.Contains(string(r.Body), code) {
		t.Fatalf("the answer holds a whole value: %s", r.Body)
	}
	c := testkit.DecodeStrict[mockctl.Credentials](t, r.Body)
	if len(c.AccessTokens) != 1 {
		t.Fatalf("access tokens %+v, want the app's", c.AccessTokens)
	}
	at := c.AccessTokens[0]
	if at.CorpID != testkit.Corp1 || at.SecretKind != "app" || at.AgentID != testkit.AgentID || at.Token != tok[:8]+"***" || at.ExpiresIn != 7100 {
		t.Errorf("access token %+v", at)
	}
	if len(c.Codes) != 1 || c.CodesTotal != 1 {
		t.Fatalf("codes %+v (total %d), want the minted one", c.Codes, c.CodesTotal)
	}
	lc := c.Codes[0]
	if lc.Kind != "miniprogram" || lc.CorpID != testkit.Corp1 || lc.AgentID != testkit.AgentID || lc.UserID != "zhangsan" ||
		lc.Code != code[:8]+"***" || lc.ExpiresIn != 200 {
		t.Errorf("code %+v", lc)
	}

	// A spent code leaves the list; past their lifetime, everything does.
	testkit.Redeem(t, srv, tok, code)
	if c := srv.Credentials(); len(c.Codes) != 0 {
		t.Errorf("a redeemed code is still listed: %+v", c.Codes)
	}
	testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "lisi")
	srv.Advance(2 * time.Hour)
	if c := srv.Credentials(); len(c.AccessTokens)+len(c.Codes)+c.CodesTotal != 0 {
		t.Errorf("after 2 h: %+v", c)
	}
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/credentials", nil)
	testkit.ControlError(t, r, http.StatusMethodNotAllowed, "GET")
}

// POST /_mock/callbacks/{id}/redeliver sends a delivery's event again as a
// new delivery, to the receiver as configured now.
func TestRedeliverCallback(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	broken := &testkit.CountingHandler{Answers: []int{http.StatusInternalServerError}}
	bad := httptest.NewServer(broken)
	t.Cleanup(bad.Close)
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, bad.URL+"/cb")
	first := testkit.TriggerText(t, srv, "hello again")
	if d := testkit.WaitDelivery(t, srv, first.ID); d.Status != mockserver.DeliveryFailed || len(d.Attempts) != 3 {
		t.Fatalf("first delivery %s with %d attempts, want failed after 3", d.Status, len(d.Attempts))
	}

	// The developer fixes the receiver (a new URL) and re-delivers.
	fixed := &testkit.CountingHandler{Answers: []int{http.StatusOK}}
	good := httptest.NewServer(fixed)
	t.Cleanup(good.Close)
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, good.URL+"/cb")
	srv.Advance(time.Minute)
	again := testkit.Control[mockctl.Delivery](t, srv, http.MethodPost, "/_mock/callbacks/"+first.ID+"/redeliver", nil)
	if again.ID == first.ID || again.Kind != "text" || again.URL != good.URL+"/cb" || again.Plaintext != first.Plaintext {
		t.Errorf("re-delivery %+v of %s", again, first.ID)
	}
	if d := testkit.WaitDelivery(t, srv, again.ID); d.Status != mockserver.DeliveryDelivered || fixed.Count() != 1 {
		t.Errorf("re-delivery %s, %d posts to the fixed receiver", d.Status, fixed.Count())
	}
	if broken.Count() != 3 {
		t.Errorf("the old URL got %d posts, want the first delivery's 3", broken.Count())
	}

	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/cb999/redeliver", nil)
	testkit.ControlError(t, r, http.StatusNotFound, "cb999")
	if err := srv.RemoveCallback(testkit.Corp1, testkit.AgentID); err != nil {
		t.Fatal(err)
	}
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/"+first.ID+"/redeliver", nil)
	testkit.ControlError(t, r, http.StatusConflict, "no callback configured")
}
