package mockserver_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// limitsStart is 23:00 in China: the natural day ends an hour later.
var limitsStart = time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)

func limitsServer(t *testing.T, opts ...mockserver.Option) *mockserver.Server {
	t.Helper()
	return mockserver.NewTest(t, append([]mockserver.Option{
		mockserver.WithFrozenClock(), mockserver.WithClockStart(limitsStart), mockserver.WithRealLimits(),
	}, opts...)...)
}

// sendTo sends n text messages to touser, each answering ok, and returns
// the inbox's last n messages.
func sendTo(t *testing.T, srv *mockserver.Server, tok, touser string, n int) []mockserver.Message {
	t.Helper()
	for i := range n {
		testkit.MsgSendOK(t, srv, tok, testkit.MsgText(touser, fmt.Sprint("alert ", i)))
	}
	msgs := srv.Messages(mockserver.MessageFilter{})
	return msgs[len(msgs)-n:]
}

func droppedCount(msgs []mockserver.Message) int {
	n := 0
	for _, m := range msgs {
		if len(m.DroppedFor) > 0 {
			n++
		}
	}
	return n
}

func TestLimitsOffByDefault(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	if msgs := sendTo(t, srv, tok, "zhangsan", 40); droppedCount(msgs) != 0 {
		t.Errorf("limits off: %d of 40 messages dropped", droppedCount(msgs))
	}
	l := srv.Limits()
	if l.Enabled || len(l.Calls)+len(l.Members)+len(l.Quotas)+len(l.InFlight) != 0 {
		t.Errorf("Limits = %+v, want off and no counters", l)
	}
}

// An app's 31st message to one member within a minute still answers ok but
// is dropped for them; the member's block lasts 60 s; others are not hit.
func TestLimitsMemberPerMinute(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	tok := testkit.AppToken(t, srv)
	if msgs := sendTo(t, srv, tok, "zhangsan", 30); droppedCount(msgs) != 0 {
		t.Fatalf("%d of the first 30 dropped", droppedCount(msgs))
	}
	over := sendTo(t, srv, tok, "zhangsan|lisi", 1)[0]
	if got := strings.Join(over.DroppedFor, ","); got != "zhangsan" || len(over.Recipients) != 2 {
		t.Fatalf("31st message: dropped for %q, recipients %v; want zhangsan only", got, over.Recipients)
	}
	l := srv.Limits()
	var zhangsan *mockserver.LimitCounter
	for i, c := range l.Members {
		if c.UserID == "zhangsan" {
			zhangsan = &l.Members[i]
		}
	}
	if zhangsan == nil || zhangsan.Minute != 30 || zhangsan.AgentID != testkit.AgentID || zhangsan.BlockedUntil == nil ||
		!zhangsan.BlockedUntil.Equal(limitsStart.Add(time.Minute)) {
		t.Fatalf("member counters %+v, want zhangsan at 30 blocked a minute", l.Members)
	}
	srv.Advance(59 * time.Second)
	if m := sendTo(t, srv, tok, "zhangsan", 1)[0]; len(m.DroppedFor) != 1 {
		t.Errorf("59 s later: dropped for %v, want still dropped", m.DroppedFor)
	}
	srv.Advance(time.Second)
	if msgs := sendTo(t, srv, tok, "zhangsan", 30); droppedCount(msgs) != 0 {
		t.Errorf("a minute after the block: %d of 30 dropped", droppedCount(msgs))
	}
	// The inbox's JSON says so too.
	inbox := testkit.Control[mockctl.Inbox](t, srv, http.MethodGet, "/_mock/messages?touser=lisi", nil)
	if len(inbox.Messages) != 1 || len(inbox.Messages[0].DroppedFor) != 1 {
		t.Errorf("inbox = %+v", inbox.Messages)
	}
}

// The hour: 1000 messages to one member, 30 a minute; the 1001st is dropped
// and the member stays blocked for the next 60 minutes.
func TestLimitsMemberPerHour(t *testing.T) {
	t.Parallel()
	// Two more members lift the daily quota (members × 200) above 1000.
	w := fixtures.Default()
	for i := range 2 {
		m := w.Corps[0].Members[3]
		m.UserID, m.Name, m.Mobile = fmt.Sprint("extra", i), fmt.Sprint("Extra ", i), fmt.Sprint("1390000000", i)
		w.Corps[0].Members = append(w.Corps[0].Members, m)
	}
	srv := limitsServer(t, mockserver.WithFixtures(w))
	tok := testkit.AppToken(t, srv)
	sent := 0
	for sent < 1000 {
		n := min(30, 1000-sent)
		if msgs := sendTo(t, srv, tok, "zhangsan", n); droppedCount(msgs) != 0 {
			t.Fatalf("after %d: %d dropped", sent, droppedCount(msgs))
		}
		sent += n
		srv.Advance(time.Minute)
	}
	// 34 minutes in: the minute is fresh, the hour is full.
	if m := sendTo(t, srv, tok, "zhangsan", 1)[0]; len(m.DroppedFor) != 1 {
		t.Fatalf("1001st: dropped for %v", m.DroppedFor)
	}
	blockedAt := limitsStart.Add(34 * time.Minute)
	srv.Advance(59 * time.Minute) // past the hour window itself, not past the block
	if m := sendTo(t, srv, tok, "zhangsan", 1)[0]; len(m.DroppedFor) != 1 {
		t.Errorf("59 min after the block: delivered")
	}
	srv.Advance(blockedAt.Add(time.Hour).Sub(srv.Now()))
	if m := sendTo(t, srv, tok, "zhangsan", 1)[0]; len(m.DroppedFor) != 0 {
		t.Errorf("an hour after the block: dropped for %v", m.DroppedFor)
	}
}

// The app's daily quota: members × 200 人次 (4 members: 800); the send past
// it answers 45009 and nothing is delivered until the next natural day.
func TestLimitsDailyQuota(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	tok := testkit.AppToken(t, srv)
	sendTo(t, srv, tok, "zhangsan", 800)
	before := len(srv.Messages(mockserver.MessageFilter{}))
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, testkit.MsgText("lisi", "one too many")), errcode.FreqOutOfLimit)
	if after := len(srv.Messages(mockserver.MessageFilter{})); after != before {
		t.Errorf("the refused send was delivered")
	}
	q := srv.Limits().Quotas
	if len(q) != 1 || q[0].Sent != 800 || q[0].Quota != 800 || !q[0].Blocked || q[0].Day != "2026-03-01" || q[0].AgentID != testkit.AgentID {
		t.Fatalf("quotas %+v", q)
	}
	srv.Advance(time.Hour - time.Second) // 23:59:59 in China
	tok = testkit.AppToken(t, srv)
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, testkit.MsgText("lisi", "still today")), errcode.FreqOutOfLimit)
	srv.Advance(time.Second) // the next natural day
	testkit.MsgSendOK(t, srv, tok, testkit.MsgText("lisi", "a new day"))
	if q := srv.Limits().Quotas; len(q) != 1 || q[0].Sent != 1 || q[0].Blocked || q[0].Day != "2026-03-02" {
		t.Errorf("quotas the next day %+v", q)
	}
}

// serveN calls target n times through the handler from ip and returns the
// errcode of the last answer.
func serveN(t *testing.T, srv *mockserver.Server, target, ip string, n int) string {
	t.Helper()
	h := srv.Handler()
	var body string
	for range n {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = ip + ":40000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body = rec.Body.String()
	}
	return body
}

// Each corp calls one API at most 10 000 times a minute: the next call is
// 45009, and the API stays closed to the corp for 60 s; other APIs and
// other corps are not hit. message/send is not counted.
func TestLimitsCorpCallsPerMinute(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	tok := testkit.AppToken(t, srv)
	userGet := "/cgi-bin/user/get?access_token=" + tok + "&userid=zhangsan"
	if last := serveN(t, srv, userGet, "192.0.2.1", 10_000); !strings.HasPrefix(last, `{"errcode":0,`) {
		t.Fatalf("10 000th call: %s", last)
	}
	testkit.WeComError(t, testkit.Get(t, srv.URL()+userGet), errcode.FreqOutOfLimit)
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/list", "access_token", tok))
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), "userid", "zhaoliu"))
	testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", "sending is counted apart"))
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/send", "key", "mock-webhook-key"),
		map[string]any{"msgtype": "text", "text": map[string]any{"content": "so is a robot's"}}))
	var corp *mockserver.LimitCounter
	for _, c := range srv.Limits().Calls {
		if c.Scope == "corp" && c.CorpID == testkit.Corp1 && c.Path == "/cgi-bin/user/get" {
			corp = &c
		}
		if c.Path == "/cgi-bin/message/send" || c.Path == "/cgi-bin/webhook/send" {
			t.Errorf("message/send counted: %+v", c)
		}
	}
	if corp == nil || corp.Minute != 10_000 || corp.BlockedUntil == nil {
		t.Fatalf("calls %+v", srv.Limits().Calls)
	}
	srv.Advance(59 * time.Second)
	testkit.WeComError(t, testkit.Get(t, srv.URL()+userGet), errcode.FreqOutOfLimit)
	srv.Advance(time.Second)
	testkit.GetOK(t, srv.URL()+userGet)
}

// Each IP calls one API at most 20 000 times a minute, whatever the corp
// (gettoken has none); another IP is not hit.
func TestLimitsIPCallsPerMinute(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	gettoken := "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret
	if last := serveN(t, srv, gettoken, "198.51.100.7", 20_000); !strings.HasPrefix(last, `{"errcode":0,`) {
		t.Fatalf("20 000th call: %s", last)
	}
	if last := serveN(t, srv, gettoken, "198.51.100.7", 1); !strings.HasPrefix(last, `{"errcode":45009,"errmsg":"api freq out of limit`) {
		t.Fatalf("20 001st call: %s", last)
	}
	if last := serveN(t, srv, gettoken, "198.51.100.8", 1); !strings.HasPrefix(last, `{"errcode":0,`) {
		t.Errorf("another IP: %s", last)
	}
	srv.Advance(time.Minute)
	if last := serveN(t, srv, gettoken, "198.51.100.7", 1); !strings.HasPrefix(last, `{"errcode":0,`) {
		t.Errorf("a minute later: %s", last)
	}
}

// A corp may have 20 calls of one API in flight: the 21st answers 45033 at
// once; when one ends, the next call gets through.
func TestLimitsConcurrentCalls(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	tok := testkit.AppToken(t, srv)
	const held = 20
	var wg sync.WaitGroup
	writers := make([]*io.PipeWriter, held)
	for i := range held {
		pr, pw := io.Pipe()
		writers[i] = pw
		req, _ := http.NewRequest(http.MethodPost, testkit.MsgSendURL(srv, tok), pr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := testkit.HTTPClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.HasPrefix(string(b), `{"errcode":0,`) {
				t.Errorf("held call: %s", b)
			}
		}()
	}
	// Wait until the server holds all of them (their bodies are not sent).
	deadline := time.Now().Add(10 * time.Second)
	for inFlight(srv) < held {
		if time.Now().After(deadline) {
			t.Fatalf("in flight: %+v", srv.Limits().InFlight)
		}
		runtime.Gosched()
	}
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, testkit.MsgText("zhangsan", "one too many")), errcode.ConcurrentOutOfLimit)
	// Another API is not hit.
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"))
	body := `{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"held"}}`
	for _, w := range writers {
		_, _ = io.WriteString(w, body)
		_ = w.Close()
	}
	testwait.Group(t, &wg)
	if n := inFlight(srv); n != 0 {
		t.Errorf("%d still in flight", n)
	}
	testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", "room again"))
}

func inFlight(srv *mockserver.Server) int {
	n := 0
	for _, f := range srv.Limits().InFlight {
		n += f.N
	}
	return n
}

// The world's `limits: real` turns them on, through LoadFixtures too; the
// control API and mockctl show the same counters.
func TestLimitsFromTheWorld(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Limits = fixtures.LimitsReal
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"))
	got, err := mockctl.New(srv.URL()).Limits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The corp's and the IP's user/get, the IP's gettoken (no corp yet).
	want := []string{"corp " + testkit.Corp1 + " /cgi-bin/user/get", "ip 127.0.0.1 /cgi-bin/gettoken", "ip 127.0.0.1 /cgi-bin/user/get"}
	if !got.Enabled || len(got.Calls) != len(want) {
		t.Fatalf("GET /_mock/limits = %+v, want on with %v", got, want)
	}
	for i, c := range got.Calls {
		if key := c.Scope + " " + c.CorpID + c.IP + " " + c.Path; key != want[i] || c.Minute != 1 || c.Hour != 1 {
			t.Errorf("counter %d %+v, want %s at 1", i, c, want[i])
		}
	}
	// A world without the switch turns them off again.
	if err := srv.LoadFixtures(fixtures.Default()); err != nil {
		t.Fatal(err)
	}
	if srv.Limits().Enabled {
		t.Error("still on after loading a world without limits")
	}
	bad := fixtures.Default()
	bad.Limits = "strict"
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "limits") {
		t.Errorf("Validate(limits: strict) = %v", err)
	}
}

// WithRealLimits keeps them on whatever world is loaded; Reset clears the
// counters.
func TestLimitsForcedSurviveLoadAndResetClears(t *testing.T) {
	t.Parallel()
	srv := limitsServer(t)
	tok := testkit.AppToken(t, srv)
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"))
	srv.Reset()
	if l := srv.Limits(); !l.Enabled || len(l.Calls) != 0 {
		t.Errorf("after reset: %+v", l)
	}
	if err := srv.LoadFixtures(fixtures.Default()); err != nil {
		t.Fatal(err)
	}
	if !srv.Limits().Enabled {
		t.Error("WithRealLimits lost on LoadFixtures")
	}
}
