package mockserver_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// freshGet GETs u on a connection of its own: net/http repeats a GET
// whose reused connection was closed, which would hide a reset.
func freshGet(t *testing.T, u string) (*http.Response, error) {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	return c.Get(u)
}

// awaitJournal waits (up to 10 s) for n journal entries of path: a call is
// journaled once its handler returns, which may be after the client has
// read the answer.
func awaitJournal(t *testing.T, srv *mockserver.Server, path string, n int) []mockserver.Request {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		reqs := srv.Requests(mockserver.RequestFilter{Path: path})
		if len(reqs) >= n {
			return reqs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d journal entries of %s after 10 s, want %d: %+v", len(reqs), path, n, reqs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func tokenURL(srv *mockserver.Server) string {
	return testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
}

// TestFaultReset: the connection is closed without an answer — a client
// sees a transport error, a connection reset, and no status — and the next
// call is answered; the journal shows the call with status 444.
func TestFaultReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","kind":"reset"}`)
	res, err := freshGet(t, tokenURL(srv))
	if err == nil {
		res.Body.Close()
		t.Fatalf("a reset call got HTTP %d", res.StatusCode)
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Errorf("want a connection reset, got %v", err)
	}
	testkit.AppToken(t, srv)
	// The reset call is journaled when its handler returns: maybe after
	// the next call.
	reqs := awaitJournal(t, srv, "/cgi-bin/gettoken", 2)
	statuses := map[int]bool{}
	for _, r := range reqs {
		statuses[r.Status] = true
		if r.Status == 444 && r.ErrCode != nil {
			t.Errorf("the reset call has errcode %d", *r.ErrCode)
		}
	}
	if len(reqs) != 2 || !statuses[444] || !statuses[200] {
		t.Errorf("journal %+v, want one 444 and one 200", reqs)
	}
}

// TestFaultResetWithoutHijack: under a ResponseWriter that cannot be
// hijacked (HTTP/2, another server's recorder) the handler aborts with
// http.ErrAbortHandler, which net/http drops without a log or a 500.
func TestFaultResetWithoutHijack(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","kind":"reset"}`)
	req, err := http.NewRequest(http.MethodGet, "/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if got := recover(); got != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", got)
		}
	}()
	srv.Handler().ServeHTTP(&noHijackWriter{h: http.Header{}}, req)
	t.Error("the handler returned instead of aborting")
}

type noHijackWriter struct{ h http.Header }

func (w *noHijackWriter) Header() http.Header         { return w.h }
func (w *noHijackWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *noHijackWriter) WriteHeader(int)             {}

// TestFaultGatewayPage: "kind":"http" answers 502, 503 or 504 with the HTML
// page of WeCom's gateway, no errcode.
func TestFaultGatewayPage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for status, title := range map[int]string{502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable", 504: "504 Gateway Time-out"} {
		addFault(t, srv, `{"path":"/cgi-bin/user/get","kind":"http","status":`+strconv.Itoa(status)+`}`)
		r := testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
		body := string(r.Body)
		if r.Status != status || r.Header.Get("Content-Type") != "text/html" || r.Header.Get("Error-Code") != "" {
			t.Errorf("%d: got %s with Content-Type %q", status, r, r.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(body, "<html>\r\n<head><title>"+title+"</title></head>") ||
			!strings.Contains(body, "<center><h1>"+title+"</h1></center>") || !strings.Contains(body, "<hr><center>stgw</center>") {
			t.Errorf("%d: page %q", status, body)
		}
		if json.Valid(r.Body) {
			t.Errorf("%d: the gateway page is JSON", status)
		}
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
}

// TestFaultMalformed: HTTP 200 with the real answer cut: the start of the
// real JSON, which does not decode.
func TestFaultMalformed(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	whole := testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	addFault(t, srv, `{"path":"/cgi-bin/user/get","kind":"malformed"}`)
	r := testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("got %s", r)
	}
	if len(r.Body) == 0 || len(r.Body) >= len(whole.Body) || !strings.HasPrefix(string(whole.Body), string(r.Body)) {
		t.Errorf("body %q is not a cut of the real answer %q", r.Body, whole.Body)
	}
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err == nil || !strings.Contains(err.Error(), "unexpected end of JSON input") {
		t.Errorf("decoding the cut answer: %v", err)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
}

// TestFaultSlow: the real answer, whole, in pieces that arrive over time.
// Only lower bounds on time are checked: a loaded machine is slower, never
// faster, than the pace.
func TestFaultSlow(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	whole := testkit.Get(t, tokenURL(srv)).Body // the same token while it is valid
	const bps = 100
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","kind":"slow","bytes_per_second":100}`)
	began := time.Now()
	res, err := freshGet(t, tokenURL(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.ContentLength != int64(len(whole)) {
		t.Fatalf("HTTP %d, Content-Length %d, want 200 and %d", res.StatusCode, res.ContentLength, len(whole))
	}
	var got []byte
	reads := 0
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		if n > 0 {
			got = append(got, buf[:n]...)
			reads++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", len(got), err)
		}
	}
	took := time.Since(began)
	if string(got) != string(whole) {
		t.Errorf("slow answer %q, want the real %q", got, whole)
	}
	if reads < 2 {
		t.Errorf("%d bytes arrived in %d read, want pieces", len(got), reads)
	}
	// The last piece leaves (len-chunk)/bps seconds after the first.
	if least := time.Duration(len(whole)-bps/10) * time.Second / bps; took < least {
		t.Errorf("%d bytes at %d B/s took %v, at least %v expected", len(whole), bps, took, least)
	}
	if r := awaitJournal(t, srv, "/cgi-bin/gettoken", 2); r[1].ErrCode == nil || *r[1].ErrCode != 0 {
		t.Errorf("journal %+v: the slow answer's errcode 0 is missing", r)
	}
}

// TestFaultSlowCutByWriteTimeout: a slow answer longer than the
// listener's write timeout is cut there, not sent on for ever.
func TestFaultSlowCutByWriteTimeout(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithTimeouts(mockserver.Timeouts{Write: 300 * time.Millisecond}))
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","kind":"slow","bytes_per_second":1}`)
	res, err := freshGet(t, tokenURL(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err == nil || int64(len(got)) >= res.ContentLength {
		t.Errorf("read %d of %d bytes, err %v: want the answer cut", len(got), res.ContentLength, err)
	}
}

// TestFaultMatchCorpAgentBody: a fault hits only the calls of its corp,
// its app, and with its body fields.
func TestFaultMatchCorpAgentBody(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok1 := testkit.AppToken(t, srv)
	contacts := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)

	t.Run("agentid", func(t *testing.T) {
		addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":45009,"times":0,"agentid":1000002,"corpid":"`+testkit.Corp1+`"}`)
		defer srv.ClearFaults()
		testkit.GetOK(t, testkit.UserGetURL(srv, contacts, "zhangsan")) // no app
		testkit.GetOK(t, testkit.UserGetURL(srv, tok2, "zhaoliu"))      // app 1000002 of corp 2
		testkit.GetWeComError(t, testkit.UserGetURL(srv, tok1, "zhangsan"), errcode.FreqOutOfLimit)
	})
	t.Run("agentid of gettoken's secret", func(t *testing.T) {
		addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":0,"agentid":1000002}`)
		defer srv.ClearFaults()
		testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.ContactsSecret))
		testkit.GetWeComError(t, tokenURL(srv), errcode.SystemBusy)
	})
	t.Run("other agentid", func(t *testing.T) {
		addFault(t, srv, `{"path":"*","errcode":-1,"times":0,"agentid":1000099}`)
		defer srv.ClearFaults()
		testkit.GetOK(t, testkit.UserGetURL(srv, tok1, "zhangsan"))
	})
	t.Run("body", func(t *testing.T) {
		addFault(t, srv, `{"path":"/cgi-bin/message/send","kind":"http","status":503,"times":0,"match":{"body":{"touser":"lisi"}}}`)
		defer srv.ClearFaults()
		r := testkit.MsgSend(t, srv, tok1, testkit.MsgText("lisi", "hi"))
		if r.Status != http.StatusServiceUnavailable {
			t.Errorf("lisi's message: %s", r)
		}
		r = testkit.MsgSend(t, srv, tok1, testkit.MsgText("zhangsan", "hi"))
		if r.Status != http.StatusOK || testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)) != 0 {
			t.Errorf("zhangsan's message (the body read for matching must reach the handler): %s", r)
		}
	})
	t.Run("query", func(t *testing.T) {
		addFault(t, srv, `{"path":"/cgi-bin/user/get","kind":"malformed","times":0,"match":{"query":{"userid":"lisi"}}}`)
		defer srv.ClearFaults()
		testkit.GetOK(t, testkit.UserGetURL(srv, tok1, "zhangsan"))
		if r := testkit.Get(t, testkit.UserGetURL(srv, tok1, "lisi")); json.Valid(r.Body) {
			t.Errorf("lisi's answer is whole: %s", r)
		}
	})
}

// chaosPattern makes n gettoken calls against a fresh server with a fault
// of probability p and seed, and returns which were hit.
func chaosPattern(t *testing.T, seed int64, n int) string {
	t.Helper()
	srv := mockserver.NewTest(t)
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", ErrCode: -1, Probability: 0.5, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for range n {
		m := testkit.GetJSON(t, tokenURL(srv))
		if testkit.ErrCode(t, m) == 0 {
			b.WriteByte('.')
		} else {
			b.WriteByte('x')
		}
	}
	return b.String()
}

// TestFaultProbabilitySeed: the same seed and calls give the same faults,
// another seed other ones; a miss does not use up the fault's times.
func TestFaultProbabilitySeed(t *testing.T) {
	t.Parallel()
	const n = 40
	a, b, c := chaosPattern(t, 7, n), chaosPattern(t, 7, n), chaosPattern(t, 8, n)
	if a != b {
		t.Errorf("seed 7 twice: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same faults %s", a)
	}
	if hits := strings.Count(a, "x"); hits == 0 || hits == n {
		t.Errorf("probability 0.5 hit %d of %d calls: %s", hits, n, a)
	}
	// Times counts hits, not matches: with times 3 exactly 3 calls fail.
	srv := mockserver.NewTest(t)
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultHTTP, Status: 502,
		Times: 3, Probability: 0.3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for range n {
		if testkit.Get(t, tokenURL(srv)).Status == http.StatusBadGateway {
			failed++
		}
	}
	if failed != 3 || len(srv.Faults()) != 0 {
		t.Errorf("%d calls failed, %d faults left; want 3 and 0", failed, len(srv.Faults()))
	}
}

// TestFaultKindValidation: bad kinds and fields are a 400 naming the field.
func TestFaultKindValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, tt := range []struct{ body, want string }{
		{`{"path":"*","kind":"explode"}`, "explode"},
		{`{"path":"*","kind":"http"}`, "502, 503 or 504"},
		{`{"path":"*","kind":"http","status":500}`, "502, 503 or 504"},
		{`{"path":"*","kind":"http","status":502,"errcode":-1}`, "errcode"},
		{`{"path":"*","kind":"reset","http_status":502}`, "http_status"},
		{`{"path":"*","kind":"reset","status":502}`, "status"},
		{`{"path":"*","kind":"slow"}`, "bytes_per_second"},
		{`{"path":"*","kind":"slow","bytes_per_second":-1}`, "bytes_per_second"},
		{`{"path":"*","kind":"slow","bytes_per_second":10000001}`, "bytes_per_second"},
		{`{"path":"*","kind":"malformed","bytes_per_second":5}`, "bytes_per_second"},
		{`{"path":"*","errcode":-1,"status":502}`, "status"},
		{`{"path":"*","kind":"errcode"}`, "errcode"},
		{`{"path":"*","kind":"delay","errcode":-1,"delay_ms":5}`, "delay"},
		{`{"path":"*","kind":"reset","probability":1.5}`, "probability"},
		{`{"path":"*","kind":"reset","probability":-0.1}`, "probability"},
		{`{"path":"*","kind":"reset","seed":3}`, "seed"},
		{`{"path":"*","kind":"reset","agentid":-1}`, "agentid"},
		{`{"path":"*","kind":"reset","match":{"body":[1]}}`, "match.body"},
		{`{"path":"*","kind":"reset","match":{"body":{"a":"` + strings.Repeat("x", 9000) + `"}}}`, "match"},
		{`{"path":"*","kind":"reset","match":{"nope":1}}`, "nope"},
	} {
		r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", tt.body)
		testkit.ControlError(t, r, http.StatusBadRequest, tt.want)
	}
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("rejected faults were added: %v", list)
	}
	// Each kind's good body is taken, and listed as given.
	for _, body := range []string{
		`{"path":"*","kind":"reset","probability":0.25,"seed":9}`,
		`{"path":"*","kind":"http","status":504,"agentid":1000002}`,
		`{"path":"*","kind":"malformed","corpid":"` + testkit.Corp1 + `"}`,
		`{"path":"*","kind":"slow","bytes_per_second":512,"match":{"body":{"touser":"lisi"}}}`,
		`{"path":"*","kind":"errcode","errcode":-1}`,
		`{"path":"*","kind":"delay","delay_ms":1}`,
	} {
		f := addFault(t, srv, body)
		var want map[string]any
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		for k, v := range want {
			if got, _ := json.Marshal(f[k]); string(got) != mustJSON(t, v) {
				t.Errorf("%s: %s = %s, want %s", body, k, got, mustJSON(t, v))
			}
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFaultTimesUnderConcurrency: a fault with times N, with or without a
// probability, hits exactly N of many calls racing for it.
func TestFaultTimesUnderConcurrency(t *testing.T) {
	t.Parallel()
	for _, p := range []float64{0, 0.5} {
		srv := mockserver.NewTest(t)
		if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultHTTP, Status: 503,
			Times: 25, Probability: p}); err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		var wg sync.WaitGroup
		var hits atomic.Int32
		for range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret, nil))
				if rec.Code == http.StatusServiceUnavailable {
					hits.Add(1)
				}
			}()
		}
		wg.Wait()
		if hits.Load() != 25 || len(srv.Faults()) != 0 {
			t.Errorf("probability %v: %d of 200 calls hit, %d faults left; want 25 and 0", p, hits.Load(), len(srv.Faults()))
		}
	}
}
