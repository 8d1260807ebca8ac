package mockserver_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

var envelopeRE = regexp.MustCompile(`^<xml><ToUserName><!\[CDATA\[([^\]]*)\]\]></ToUserName><Encrypt><!\[CDATA\[([A-Za-z0-9+/=]+)\]\]></Encrypt><AgentID><!\[CDATA\[([^\]]*)\]\]></AgentID></xml>$`)

// A delivery is exactly what WeCom posts: POST, only msg_signature,
// timestamp and nonce in the query (timestamp from the virtual clock),
// Content-Type text/xml, the CDATA envelope, receiveid = corpid.
func TestCallbackDeliveryWireFormat(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(cbClockStart))
	h := &testkit.CountingHandler{Answers: []int{200}}
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL+"/wecom")
	testkit.SkipVerify(t, srv, testkit.Corp1, mockserver.ContactsAgentID, rcv.URL+"/contacts?tenant=a")
	srv.Advance(90 * time.Second)

	text := testkit.TriggerText(t, srv, "hello")
	d := testkit.WaitDelivery(t, srv, text.ID)
	res, err := srv.DeleteUser(testkit.Corp1, "wangwu")
	if err != nil {
		t.Fatal(err)
	}
	testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if d.Status != mockserver.DeliveryDelivered || len(d.Attempts) != 1 || d.Attempts[0].Status != 200 || d.Receiver != "app" {
		t.Fatalf("delivery: %+v", d)
	}
	if len(res.Deliveries) != 1 {
		t.Fatalf("delete_user of a member outside the app's range: %v", res.Deliveries)
	}
	if h.Count() != 2 {
		t.Fatalf("receiver got %d requests, want 2", h.Count())
	}
	crypt, _ := wxcrypt.New(cbToken, cbKey, "")
	for i, want := range []struct {
		path, agentID, extraQuery, plaintext string
	}{
		{"/wecom", "1000002", "", d.Plaintext},
		{"/contacts", "", "a", srv.Deliveries(mockserver.DeliveryFilter{Receiver: "contacts"})[0].Plaintext},
	} {
		r := h.Requests()[i]
		if r.Method != http.MethodPost || r.URL.Path != want.path {
			t.Errorf("request %d: %s %s", i, r.Method, r.URL.Path)
		}
		if ct := r.Header.Get("Content-Type"); ct != "text/xml" {
			t.Errorf("Content-Type %q, want text/xml", ct)
		}
		q := r.URL.Query()
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range q {
				if !yield(k) {
					return
				}
			}
		})
		wantKeys := []string{"msg_signature", "nonce", "timestamp"}
		if want.extraQuery != "" {
			wantKeys = []string{"msg_signature", "nonce", "tenant", "timestamp"}
		}
		if !slices.Equal(keys, wantKeys) || q.Get("tenant") != want.extraQuery {
			t.Errorf("query %q, want exactly %v", r.URL.RawQuery, wantKeys)
		}
		if q.Get("timestamp") != strconv.FormatInt(cbClockStart.Add(90*time.Second).Unix(), 10) {
			t.Errorf("timestamp %s is not the virtual time", q.Get("timestamp"))
		}
		m := envelopeRE.FindStringSubmatch(h.Bodies()[i])
		if m == nil {
			t.Fatalf("envelope %s", h.Bodies()[i])
		}
		if m[1] != testkit.Corp1 || m[3] != want.agentID {
			t.Errorf("ToUserName %q AgentID %q", m[1], m[3])
		}
		if sig := wxcrypt.Signature(cbToken, q.Get("timestamp"), q.Get("nonce"), m[2]); sig != q.Get("msg_signature") {
			t.Errorf("msg_signature %s, want %s", q.Get("msg_signature"), sig)
		}
		p, err := crypt.DecryptPayload(m[2])
		if err != nil {
			t.Fatal(err)
		}
		if p.ReceiveID != testkit.Corp1 || string(p.Msg) != want.plaintext || !regexp.MustCompile(`^[0-9A-Za-z]{16}$`).Match(p.Random) {
			t.Errorf("payload: receiveid %q random %q msg %s", p.ReceiveID, p.Random, p.Msg)
		}
	}
	if !strings.Contains(d.Plaintext, "<CreateTime>"+strconv.FormatInt(cbClockStart.Add(90*time.Second).Unix(), 10)+"</CreateTime>") {
		t.Errorf("CreateTime is not the virtual time: %s", d.Plaintext)
	}
	if !d.Attempts[0].Time.Equal(cbClockStart.Add(90 * time.Second)) {
		t.Errorf("attempt time %v is not the virtual time", d.Attempts[0].Time)
	}
}

// Three attempts in all, only a 200 counts: a receiver that fails (500),
// then stalls past the timeout, then succeeds gets the same request three
// times and the delivery succeeds; one that always fails ends failed.
func TestCallbackRetriesAndTimeouts(t *testing.T) {
	t.Parallel()
	const timeout = 500 * time.Millisecond
	srv := mockserver.NewTest(t, mockserver.WithCallbackTimeout(timeout), mockserver.WithFrozenClock())

	t.Run("fails, stalls, succeeds", func(t *testing.T) {
		h := &testkit.CountingHandler{Answers: []int{500, -1, 200}}
		rcv := httptest.NewServer(h)
		t.Cleanup(rcv.Close)
		testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
		d := testkit.WaitDelivery(t, srv, testkit.TriggerText(t, srv, "retry me").ID)
		if d.Status != mockserver.DeliveryDelivered || len(d.Attempts) != 3 {
			t.Fatalf("delivery: %+v", d)
		}
		a := d.Attempts
		if a[0].N != 1 || a[0].Status != 500 || !strings.Contains(a[0].Error, "HTTP 500") ||
			a[1].Status != 0 || a[1].Error != "no answer within 500ms" || a[1].LatencyMS < float64(timeout.Milliseconds()) ||
			a[2].Status != 200 || a[2].Error != "" || a[2].N != 3 {
			t.Errorf("attempts: %+v", a)
		}
		if h.Count() != 3 {
			t.Fatalf("receiver got %d requests", h.Count())
		}
		for i := 1; i < 3; i++ {
			if h.Requests()[i].URL.RawQuery != h.Requests()[0].URL.RawQuery || h.Bodies()[i] != h.Bodies()[0] {
				t.Errorf("retry %d is not the same request", i)
			}
		}
	})
	t.Run("always fails", func(t *testing.T) {
		h := &testkit.CountingHandler{Answers: []int{502}}
		rcv := httptest.NewServer(h)
		t.Cleanup(rcv.Close)
		testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
		d := testkit.WaitDelivery(t, srv, testkit.TriggerText(t, srv, "doomed").ID)
		if d.Status != mockserver.DeliveryFailed || len(d.Attempts) != 3 || d.Error != "3 attempts failed; last: HTTP 502 (only 200 counts)" {
			t.Errorf("delivery: %+v", d)
		}
		if h.Count() != 3 {
			t.Errorf("receiver got %d requests, want 3", h.Count())
		}
	})
	t.Run("only 200 counts", func(t *testing.T) {
		h := &testkit.CountingHandler{Answers: []int{204, 302, 200}}
		rcv := httptest.NewServer(h)
		t.Cleanup(rcv.Close)
		testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
		d := testkit.WaitDelivery(t, srv, testkit.TriggerText(t, srv, "no redirects").ID)
		if d.Status != mockserver.DeliveryDelivered || len(d.Attempts) != 3 || d.Attempts[0].Status != 204 || d.Attempts[1].Status != 302 {
			t.Errorf("delivery: %+v", d)
		}
	})
	t.Run("nobody listening", func(t *testing.T) {
		rcv := httptest.NewServer(http.NotFoundHandler())
		u := rcv.URL
		rcv.Close()
		testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, u)
		d := testkit.WaitDelivery(t, srv, testkit.TriggerText(t, srv, "anyone?").ID)
		if d.Status != mockserver.DeliveryFailed || len(d.Attempts) != 3 || d.Attempts[2].Status != 0 || d.Attempts[2].Error == "" {
			t.Errorf("delivery: %+v", d)
		}
	})
}

// Passive replies are decrypted and verified over their own timestamp and
// nonce; <Timestamp> (go-workwx) and an empty receiveid are accepted, a bad
// reply is recorded as such without failing the delivery.
func TestCallbackPassiveReplies(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	replyXML := `<xml><ToUserName><![CDATA[zhangsan]]></ToUserName><FromUserName><![CDATA[` + testkit.Corp1 + `]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[pong]]></Content></xml>`
	build := func(receiveID, token, tsElem string) string {
		c, _ := wxcrypt.New(cbToken, cbKey, receiveID)
		enc, _, _ := c.Encrypt([]byte(replyXML), "1700000000", "42")
		sig := wxcrypt.Signature(token, "1700000000", "42", enc)
		return "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt><MsgSignature><![CDATA[" + sig + "]]></MsgSignature><" +
			tsElem + ">1700000000</" + tsElem + "><Nonce><![CDATA[42]]></Nonce></xml>"
	}
	for _, tc := range []struct {
		name, body, wantErr string
		wantReply           bool
	}{
		{"official layout", build(testkit.Corp1, cbToken, "TimeStamp"), "", true},
		{"go-workwx layout", build("", cbToken, "Timestamp"), "", true},
		{"empty body", "", "", false},
		{"bad signature", build(testkit.Corp1, "otherToken", "TimeStamp"), "passive reply rejected", false},
		{"another receiveid", build("wwother", cbToken, "TimeStamp"), "passive reply rejected", false},
		{"not a reply", "hello", "passive reply rejected", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &testkit.CountingHandler{Answers: []int{200}, Reply: tc.body}
			rcv := httptest.NewServer(h)
			t.Cleanup(rcv.Close)
			testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
			d := testkit.WaitDelivery(t, srv, testkit.TriggerText(t, srv, "ping").ID)
			if d.Status != mockserver.DeliveryDelivered || len(d.Attempts) != 1 {
				t.Fatalf("delivery: %+v", d)
			}
			if (d.Reply == replyXML) != tc.wantReply || (d.Attempts[0].Reply == replyXML) != tc.wantReply {
				t.Errorf("reply %q", d.Reply)
			}
			if !strings.Contains(d.ReplyError, tc.wantErr) || (tc.wantErr == "") != (d.ReplyError == "") {
				t.Errorf("reply error %q, want %q", d.ReplyError, tc.wantErr)
			}
			if d.Attempts[0].Response != tc.body {
				t.Errorf("response %q", d.Attempts[0].Response)
			}
		})
	}
}

// Setting a callback runs the admin console's verification GET: only
// msg_signature, timestamp, nonce and the URL-encoded echostr, answered with
// exactly the plaintext within 1 s (here WithCallbackVerifyTimeout); a
// failure saves nothing.
func TestSetCallbackVerification(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithCallbackVerifyTimeout(500*time.Millisecond))
	good := newAppReceiver(t, testkit.Corp1, nil)
	var (
		mu    sync.Mutex
		query string
	)
	spy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		query = r.URL.RawQuery
		mu.Unlock()
		good.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(spy.Close)
	cfg := mockserver.CallbackConfig{CorpID: testkit.Corp1, AgentID: testkit.AgentID, URL: spy.URL + "/cb", Token: cbToken, EncodingAESKey: cbKey}
	v, err := srv.SetCallback(context.Background(), cfg)
	if err != nil || !v.Verified || v.Status != 200 || v.Response != v.Expected || len(v.Expected) != 19 {
		t.Fatalf("SetCallback: %+v, %v", v, err)
	}
	mu.Lock()
	q, _ := url.ParseQuery(query)
	raw := query
	mu.Unlock()
	if len(q) != 4 || q.Get("msg_signature") == "" || q.Get("timestamp") == "" || q.Get("nonce") == "" || q.Get("echostr") == "" {
		t.Errorf("verification query %q", raw)
	}
	if !strings.Contains(raw, "%3D") || strings.Contains(strings.SplitN(raw, "echostr=", 2)[1], "=") {
		t.Errorf("echostr is not URL-encoded: %q", raw)
	}
	if got := srv.CallbackConfigs(); len(got) != 1 || got[0].URL != spy.URL+"/cb" {
		t.Errorf("configs: %+v", got)
	}

	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"trailing newline", func(w http.ResponseWriter, r *http.Request) {
			good.Config.Handler.ServeHTTP(&suffixWriter{ResponseWriter: w, suffix: "\n"}, r)
		}, "want exactly the echostr plaintext"},
		{"refuses", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no", http.StatusForbidden) }, "answered HTTP 403"},
		{"too slow", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, "no answer within 500ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := httptest.NewServer(tc.handler)
			t.Cleanup(bad.Close)
			v, err := srv.SetCallback(context.Background(), mockserver.CallbackConfig{
				CorpID: testkit.Corp1, AgentID: mockserver.ContactsAgentID, URL: bad.URL, Token: cbToken, EncodingAESKey: cbKey,
			})
			if !errors.Is(err, mockserver.ErrCallbackNotVerified) || v.Verified || !strings.Contains(v.Error, tc.want) {
				t.Errorf("SetCallback: %+v, %v", v, err)
			}
			if got := srv.CallbackConfigs(); len(got) != 1 {
				t.Errorf("a failed verification saved the config: %+v", got)
			}
		})
	}

	var ce *mockserver.Error
	for _, tc := range []struct {
		cfg      mockserver.CallbackConfig
		notFound bool
	}{
		{mockserver.CallbackConfig{CorpID: testkit.Corp1, AgentID: testkit.AgentID, URL: "not a url", Token: cbToken, EncodingAESKey: cbKey}, false},
		{mockserver.CallbackConfig{CorpID: testkit.Corp1, AgentID: testkit.AgentID, URL: good.URL, Token: "bad token", EncodingAESKey: cbKey}, false},
		{mockserver.CallbackConfig{CorpID: testkit.Corp1, AgentID: testkit.AgentID, URL: good.URL, Token: cbToken, EncodingAESKey: "short"}, false},
		{mockserver.CallbackConfig{CorpID: "wwnope", AgentID: testkit.AgentID, URL: good.URL, Token: cbToken, EncodingAESKey: cbKey}, true},
		{mockserver.CallbackConfig{CorpID: testkit.Corp1, AgentID: 42, URL: good.URL, Token: cbToken, EncodingAESKey: cbKey}, true},
	} {
		_, err := srv.SetCallback(context.Background(), tc.cfg)
		if !errors.As(err, &ce) || (ce.Status == http.StatusNotFound) != tc.notFound {
			t.Errorf("%+v: %v", tc.cfg, err)
		}
	}
	// SkipVerify saves a receiver that is not up yet.
	v, err = srv.SetCallback(context.Background(), mockserver.CallbackConfig{CorpID: testkit.Corp2, AgentID: testkit.AgentID, URL: "http://127.0.0.1:1/cb", Token: cbToken, EncodingAESKey: cbKey, SkipVerify: true})
	if err != nil || !v.Skipped || len(srv.CallbackConfigs()) != 2 {
		t.Errorf("SkipVerify: %+v, %v", v, err)
	}
}

type suffixWriter struct {
	http.ResponseWriter
	suffix string
}

func (w *suffixWriter) WriteHeader(status int) {
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(status)
}

func (w *suffixWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(append(b, w.suffix...))
	return min(n, len(b)), err
}

// Deliveries to one URL arrive in the order they happened, however many
// are under way; deliveries to different URLs do not wait for each other.
func TestCallbackOrderAndConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	var mu sync.Mutex
	var positions []string
	app := newAppReceiver(t, testkit.Corp1, func(ev callback.Event) (callback.Reply, error) {
		if c, ok := ev.(*callback.ChangeContactEvent); ok {
			mu.Lock()
			positions = append(positions, c.Position)
			mu.Unlock()
		}
		return nil, nil
	})
	configure(t, srv, testkit.Corp1, testkit.AgentID, app.URL)
	var want []string
	for i := range 30 {
		p := "P" + strconv.Itoa(i)
		want = append(want, p)
		if _, err := srv.UpdateUser(testkit.Corp1, "lisi", func(m *fixtures.Member) { m.Position = p }); err != nil {
			t.Fatal(err)
		}
	}
	// Meanwhile, concurrent triggers to another corp's receiver.
	other := newAppReceiver(t, testkit.Corp2, nil)
	configure(t, srv, testkit.Corp2, testkit.AgentID, other.URL)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			_, err := srv.TriggerCallback(mockserver.CallbackTrigger{CorpID: testkit.Corp2, AgentID: testkit.AgentID, Kind: "text", From: "zhaoliu", Content: strconv.Itoa(i)})
			if err != nil {
				t.Error(err)
			}
		})
	}
	testwait.Group(t, &wg)
	ds := testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if len(ds) != 50 {
		t.Fatalf("%d deliveries, want 50", len(ds))
	}
	for _, d := range ds {
		if d.Status != mockserver.DeliveryDelivered {
			t.Errorf("%s: %s %s", d.ID, d.Status, d.Error)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(positions, want) {
		t.Errorf("update order %v, want %v", positions, want)
	}
}

// The journal is a bounded ring; waiting on a dropped entry says so.
func TestDeliveriesJournalBounded(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithJournalSize(3))
	rcv := newAppReceiver(t, testkit.Corp1, nil)
	configure(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL)
	var ids []string
	for i := range 5 {
		ids = append(ids, testkit.TriggerText(t, srv, strconv.Itoa(i)).ID)
	}
	ds := testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if len(ds) != 3 || ds[0].ID != ids[2] || ds[2].ID != ids[4] {
		t.Fatalf("journal %v, want the last 3 of %v", ds, ids)
	}
	if _, err := srv.WaitDelivery(context.Background(), ids[0]); !errors.Is(err, mockserver.ErrDeliveryNotFound) {
		t.Errorf("WaitDelivery of a dropped entry: %v", err)
	}
	if got := srv.Deliveries(mockserver.DeliveryFilter{Kind: "text", Status: mockserver.DeliveryDelivered}); len(got) != 3 {
		t.Errorf("filter: %d", len(got))
	}
	srv.ClearDeliveries()
	if got := srv.Deliveries(mockserver.DeliveryFilter{}); len(got) != 0 {
		t.Errorf("after ClearDeliveries: %v", got)
	}
}

// Reset cancels what is under way (waiters return at once) and empties the
// journal.
func TestResetCancelsDeliveries(t *testing.T) {
	t.Parallel()
	// A minute per attempt: only Reset can end the stalled one in time.
	srv := mockserver.NewTest(t, mockserver.WithCallbackTimeout(time.Minute))
	arrived := make(chan struct{}, 2)
	aborted := make(chan struct{}, 2)
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Reading the body lets net/http notice the client hanging up.
		_, _ = io.ReadAll(r.Body)
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
			aborted <- struct{}{}
		case <-release: // the test is over: never hold up stall.Close
		}
	}))
	t.Cleanup(func() { close(release); stall.Close() })
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, stall.URL)
	first := testkit.TriggerText(t, srv, "stuck").ID
	queued := testkit.TriggerText(t, srv, "behind it").ID
	select {
	case <-arrived:
	case <-time.After(cbWait):
		t.Fatal("the stalled receiver never got the POST")
	}
	type result struct {
		d   mockserver.Delivery
		err error
	}
	results := make(chan result, 2)
	for _, id := range []string{first, queued} {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), cbWait)
			defer cancel()
			d, err := srv.WaitDelivery(ctx, id)
			results <- result{d, err}
		}()
	}
	// A waiter that started before Reset returns the canceled delivery,
	// one that starts after finds no such entry.
	srv.Reset()
	select {
	case <-aborted:
	case <-time.After(cbWait):
		t.Fatal("Reset did not abort the POST under way")
	}
	for range 2 {
		r := testwait.Recv(t, results)
		if r.err != nil && !errors.Is(r.err, mockserver.ErrDeliveryNotFound) {
			t.Errorf("waiter: %v", r.err)
		}
		if r.err == nil && r.d.Status != mockserver.DeliveryCanceled {
			t.Errorf("after Reset: %+v", r.d)
		}
	}
	if got := srv.Deliveries(mockserver.DeliveryFilter{}); len(got) != 0 {
		t.Errorf("journal after Reset: %v", got)
	}
	if got := srv.CallbackConfigs(); len(got) != 0 {
		t.Errorf("configs after Reset: %v", got)
	}
}
