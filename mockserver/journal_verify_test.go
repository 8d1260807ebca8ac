package mockserver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// sendText sends a text message to userID through the app.
func sendText(t *testing.T, srv *mockserver.Server, tok, userID, content string) {
	t.Helper()
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, sendURL(srv, tok), map[string]any{
		"touser": userID, "msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": content}}))
}

func TestCountRequests(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	sendText(t, srv, tok, "zhangsan", "one")
	sendText(t, srv, tok, "zhangsan", "two")
	sendText(t, srv, tok, "lisi", "three")
	cases := []struct {
		body string
		want int
	}{
		{`{"path":"/cgi-bin/message/send"}`, 3},
		{`{"path":"/cgi-bin/message/send","body":{"touser":"zhangsan"}}`, 2},
		{`{"path":"/cgi-bin/message/send","method":"POST","body":{"text":{"content":"three"}}}`, 1},
		{`{"path":"/cgi-bin/gettoken","query":{"corpid":"` + testkit.Corp1 + `"}}`, 1},
		{`{"path":"/cgi-bin/message/send","body":{"touser":"wangwu"}}`, 0},
		{`{}`, 4},
	}
	for _, tc := range cases {
		if got := testkit.Control[mockctl.RequestCount](t, srv, http.MethodPost, "/_mock/requests/count", tc.body); got.Count != tc.want {
			t.Errorf("count %s = %d, want %d", tc.body, got.Count, tc.want)
		}
	}
	n, err := mockctl.New(srv.URL()).CountRequests(t.Context(), mockctl.RequestPattern{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"zhangsan"}`)})
	if err != nil || n != 2 {
		t.Errorf("mockctl CountRequests = %d, %v", n, err)
	}
	if n, err := srv.CountRequests(mockserver.RequestFilter{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"lisi"}`)}); err != nil || n != 1 {
		t.Errorf("CountRequests = %d, %v", n, err)
	}
	if _, err := srv.CountRequests(mockserver.RequestFilter{Body: json.RawMessage(`[1]`)}); err == nil {
		t.Error("CountRequests accepted a body that is not an object")
	}
}

func TestVerifyRequests(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	sendText(t, srv, tok, "lisi", "hello")
	sendText(t, srv, tok, "zhangsan", "hello")
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/message/sendd", "access_token", tok))
	verify := srv.URL() + "/_mock/requests/verify"

	ok := testkit.Control[mockctl.RequestCount](t, srv, http.MethodPost, "/_mock/requests/verify",
		`{"path":"/cgi-bin/message/send","body":{"touser":"zhangsan"},"count":1}`)
	if ok.Count != 1 {
		t.Errorf("verify answered %+v", ok)
	}

	r := testkit.SendJSON(t, http.MethodPost, verify, `{"path":"/cgi-bin/message/send","body":{"touser":"wangwu","text":{"content":"hello"}},"count":1}`)
	if r.Status != http.StatusConflict {
		t.Fatalf("verify of an absent call: %v", r)
	}
	var ve mockctl.VerifyError
	if err := json.Unmarshal(r.Body, &ve); err != nil {
		t.Fatal(err)
	}
	if ve.Count != 0 || ve.Expected != 1 || len(ve.NearMisses) != 3 {
		t.Fatalf("409 body %s", r.Body)
	}
	// The same path with one differing field comes first, newest first;
	// the misspelt path last.
	first := ve.NearMisses[0]
	if first.Request.Path != "/cgi-bin/message/send" || !strings.Contains(first.Request.RequestBody, "zhangsan") ||
		len(first.Differences) != 1 || first.Differences[0] != `body touser: want "wangwu", got "zhangsan"` {
		t.Errorf("first near miss %+v", first)
	}
	if last := ve.NearMisses[2]; last.Request.Path != "/cgi-bin/message/sendd" || !strings.HasPrefix(last.Differences[0], "path: want /cgi-bin/message/send") {
		t.Errorf("last near miss %+v", last)
	}

	// Too many is a failure too.
	r = testkit.SendJSON(t, http.MethodPost, verify, `{"path":"/cgi-bin/message/send","count":1}`)
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), `"count": 2`) {
		t.Errorf("verify of 1 when 2 came: %v", r)
	}

	// Go and mockctl forms.
	err := srv.VerifyRequests(mockserver.RequestFilter{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"wangwu"}`)}, 1)
	var goErr *mockserver.VerifyError
	if !errors.As(err, &goErr) || goErr.Count != 0 || !strings.Contains(err.Error(), `body touser: want "wangwu", got "zhangsan"`) {
		t.Errorf("VerifyRequests = %v", err)
	}
	ctlErr := mockctl.New(srv.URL()).VerifyRequests(t.Context(), mockctl.RequestPattern{Path: "/cgi-bin/message/send"}, 3)
	var ce *mockctl.VerifyError
	if !errors.As(ctlErr, &ce) || ce.Count != 2 || ce.Expected != 3 {
		t.Errorf("mockctl VerifyRequests = %v", ctlErr)
	}
	if err := mockctl.New(srv.URL()).VerifyRequests(t.Context(), mockctl.RequestPattern{Path: "/cgi-bin/message/send"}, 2); err != nil {
		t.Errorf("mockctl VerifyRequests of the right count: %v", err)
	}
	srv.AssertRequested(t, mockserver.RequestFilter{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"lisi"}`)}, 1)
	fake := &recordingTB{TB: t}
	srv.AssertRequested(fake, mockserver.RequestFilter{Path: "/cgi-bin/message/send"}, 5)
	if !strings.Contains(fake.failed, "expected 5 calls to /cgi-bin/message/send, the mock received 2") {
		t.Errorf("AssertRequested reported %q", fake.failed)
	}
}

// Secrets stay masked in near misses.
func TestVerifyMasksSecrets(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.AppToken(t, srv)
	err := srv.VerifyRequests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken", Query: map[string]string{"corpsecret": "guess"}}, 1)
	if err == nil || strings.Contains(err.Error(), testkit.AppSecret) || !strings.Contains(err.Error(), "query corpsecret: differs (masked)") {
		t.Errorf("verify error %v", err)
	}
}

func TestVerifyRefusesBadBodies(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, tc := range []struct{ path, body, msg string }{
		{"verify", `{"path":"/cgi-bin/gettoken"}`, `"count" is required`},
		{"verify", `{"path":"/cgi-bin/gettoken","count":-1}`, "0 or more"},
		{"verify", `{"path":"/cgi-bin/gettoken","count":1,"bdy":{}}`, "bdy"},
		{"verify", `{"count":1,"body":[1]}`, "JSON object"},
		{"count", `{"body":"x"}`, "JSON object"},
		{"count", `{"since":"yesterday"}`, "invalid JSON"},
		{"count", `not json`, "invalid JSON"},
		{"count", `{"query":{"a":1}}`, "invalid JSON"},
	} {
		r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/requests/"+tc.path, tc.body)
		testkit.ControlError(t, r, http.StatusBadRequest, tc.msg)
	}
	r := testkit.Get(t, srv.URL()+"/_mock/requests/count")
	testkit.ControlError(t, r, http.StatusMethodNotAllowed)
}

// recordingTB keeps what a helper reports instead of failing the test.
type recordingTB struct {
	testing.TB
	failed string
}

func (r *recordingTB) Helper()                   {}
func (r *recordingTB) Errorf(f string, a ...any) { r.failed = fmt.Sprintf(f, a...) }
