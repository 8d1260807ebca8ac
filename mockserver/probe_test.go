package mockserver_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	probeTimeout       = time.Second
	probeVerifyTimeout = 500 * time.Millisecond
)

// goodHandler is a correct receiver: client/callback with de-duplication,
// answering text messages passively.
func goodHandler(t testing.TB, receiveID string, opts ...callback.Option) http.Handler {
	t.Helper()
	h, err := callback.NewHandler(cbToken, cbKey, receiveID, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		if m, ok := ev.(*callback.TextMessage); ok {
			return callback.TextReply("got " + m.Content), nil
		}
		return nil, nil
	}, append([]callback.Option{callback.WithDedup(100)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// gate runs inner and, when decide says so, withholds its answer: it
// stalls until the caller hangs up, or answers something else.
func gate(inner http.Handler, decide func(r *http.Request, rec *httptest.ResponseRecorder) (stall bool, status int, body string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		stall, status, body := decide(r, rec)
		switch {
		case stall:
			<-r.Context().Done()
		case status != 0:
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		default:
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		}
	})
}

// laxHandler decrypts without checking msg_signature (but checks the
// receiveid) and accepts everything.
func laxHandler() http.Handler {
	crypt, _ := wxcrypt.New(cbToken, cbKey, testkit.Corp1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		enc := q.Get("echostr")
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			env, err := wxcrypt.ParseEnvelope(body)
			if err != nil {
				http.Error(w, "bad", 400)
				return
			}
			enc = env.Encrypt
		}
		p, err := crypt.DecryptPayload(strings.ReplaceAll(enc, " ", "+"))
		if err != nil || p.ReceiveID != testkit.Corp1 {
			http.Error(w, "no", 403)
			return
		}
		if r.Method == http.MethodGet {
			_, _ = w.Write(p.Msg)
		}
	})
}

func probe(t *testing.T, h http.Handler) mockserver.ProbeReport {
	t.Helper()
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	rep, err := mockserver.ProbeCallback(context.Background(), mockserver.ProbeRequest{
		URL: rcv.URL + "/cb", Token: cbToken, EncodingAESKey: cbKey, CorpID: testkit.Corp1,
		Timeout: probeTimeout, VerifyTimeout: probeVerifyTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Checks) != 5 {
		t.Fatalf("%d checks: %+v", len(rep.Checks), rep)
	}
	return rep
}

func failedChecks(rep mockserver.ProbeReport) []string {
	var out []string
	for _, c := range rep.Checks {
		if !c.Passed {
			out = append(out, c.Name)
		}
	}
	return out
}

// The grader passes a correct receiver and fails a deliberately broken one
// on each check — and only on the check it breaks.
func TestProbeCallback(t *testing.T) {
	t.Parallel()
	rep := probe(t, goodHandler(t, testkit.Corp1))
	if !rep.Passed || len(failedChecks(rep)) != 0 {
		t.Fatalf("a correct receiver failed:\n%s", rep)
	}
	if c := rep.Checks[3]; c.Name != mockserver.CheckAnswersPostInTime || !strings.Contains(c.Detail, "got wecom-mock probe-callback") {
		t.Errorf("passive reply not shown: %+v", c)
	}
	if !strings.Contains(rep.String(), "all 5 checks passed") {
		t.Errorf("report:\n%s", rep)
	}

	firstPost := func() func(*http.Request) bool {
		var mu sync.Mutex
		seen := map[string]bool{}
		return func(r *http.Request) bool {
			mu.Lock()
			defer mu.Unlock()
			key := r.URL.RawQuery
			first := !seen[key]
			seen[key] = true
			return first
		}
	}()
	var mu sync.Mutex
	msgIDs := map[int64]bool{}
	dupFails, err := callback.NewHandler(cbToken, cbKey, testkit.Corp1, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		m, ok := ev.(*callback.TextMessage)
		if !ok {
			return nil, nil
		}
		mu.Lock()
		defer mu.Unlock()
		if msgIDs[m.MsgId] {
			return nil, errors.New("already processed")
		}
		msgIDs[m.MsgId] = true
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		handler http.Handler
		want    []string
	}{
		{"echo with a newline", gate(goodHandler(t, testkit.Corp1), func(r *http.Request, rec *httptest.ResponseRecorder) (bool, int, string) {
			if r.Method == http.MethodGet && rec.Code == 200 {
				return false, 200, rec.Body.String() + "\n"
			}
			return false, 0, ""
		}), []string{mockserver.CheckURLVerification}},
		{"slow verification", gate(goodHandler(t, testkit.Corp1), func(r *http.Request, rec *httptest.ResponseRecorder) (bool, int, string) {
			return r.Method == http.MethodGet && rec.Code == 200, 0, ""
		}), []string{mockserver.CheckURLVerification}},
		{"no signature check", laxHandler(), []string{mockserver.CheckRejectsBadSignature}},
		{"any receiveid", goodHandler(t, ""), []string{mockserver.CheckRejectsWrongReceiver}},
		{"slow first answer", gate(goodHandler(t, testkit.Corp1), func(r *http.Request, rec *httptest.ResponseRecorder) (bool, int, string) {
			return r.Method == http.MethodPost && rec.Code == 200 && firstPost(r), 0, ""
		}), []string{mockserver.CheckAnswersPostInTime}},
		{"retry fails", dupFails, []string{mockserver.CheckToleratesDuplicate}},
		{"garbage reply", gate(goodHandler(t, testkit.Corp1), func(r *http.Request, rec *httptest.ResponseRecorder) (bool, int, string) {
			if r.Method == http.MethodPost && rec.Code == 200 {
				return false, 200, "ok"
			}
			return false, 0, ""
		}), []string{mockserver.CheckAnswersPostInTime, mockserver.CheckToleratesDuplicate}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := probe(t, tc.handler)
			if got := failedChecks(rep); rep.Passed || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("failed %v, want %v:\n%s", got, tc.want, rep)
			}
			if !strings.Contains(rep.String(), "FAIL") {
				t.Errorf("report:\n%s", rep)
			}
		})
	}
}

// The same grader through the server: its configured callback, or any URL,
// over the control API.
func TestProbeCallbackThroughServer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithCallbackTimeout(probeTimeout), mockserver.WithCallbackVerifyTimeout(probeVerifyTimeout))
	good := httptest.NewServer(goodHandler(t, testkit.Corp1))
	t.Cleanup(good.Close)
	bad := httptest.NewServer(goodHandler(t, ""))
	t.Cleanup(bad.Close)
	configure(t, srv, testkit.Corp1, testkit.AgentID, good.URL)

	rep, err := srv.ProbeCallback(context.Background(), mockserver.ProbeRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID})
	if err != nil || !rep.Passed || rep.URL != good.URL {
		t.Fatalf("configured callback: %v\n%s", err, rep)
	}
	var ce *mockserver.Error
	if _, err := srv.ProbeCallback(context.Background(), mockserver.ProbeRequest{CorpID: testkit.Corp2, AgentID: testkit.AgentID}); !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		t.Errorf("no callback configured: %v", err)
	}

	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{
		"url": bad.URL, "token": cbToken, "encoding_aes_key": cbKey, "corpid": testkit.Corp1, "timeout_ms": 1000,
	})
	m := testkit.ControlJSON(t, r, http.StatusOK)
	if m["passed"] != false || !strings.Contains(string(r.Body), `"name": "rejects_wrong_receiveid",
      "passed": false`) {
		t.Errorf("control probe: %s", r.Body)
	}
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID})
	if m := testkit.ControlJSON(t, r, http.StatusOK); m["passed"] != true {
		t.Errorf("control probe of the configured callback: %s", r.Body)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{
		"url": bad.URL, "token": cbToken, "encoding_aes_key": "short", "corpid": testkit.Corp1,
	}), http.StatusBadRequest, "encoding_aes_key")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{"corpid": testkit.Corp2, "agentid": testkit.AgentID}),
		http.StatusConflict, "no callback configured")
	// Probes are not deliveries.
	if ds := srv.Deliveries(mockserver.DeliveryFilter{}); len(ds) != 0 {
		t.Errorf("probes in the deliveries journal: %v", ds)
	}
}
