package mockserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// one is the single journal entry f selects.
func one(t *testing.T, srv *mockserver.Server, f mockserver.RequestFilter) mockserver.Request {
	t.Helper()
	got := srv.Requests(f)
	if len(got) != 1 {
		t.Fatalf("journal entries for %+v: %d, want 1: %+v", f, len(got), got)
	}
	return got[0]
}

func sendURL(srv *mockserver.Server, tok string) string {
	return testkit.URL(srv, "/cgi-bin/message/send", "access_token", tok)
}

// An entry holds the request's headers and body and the response's status,
// headers and body, with the call's corp and app.
func TestJournalKeepsHeadersAndBodies(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	body := `{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"你好 <b>"}}`
	res := testkit.Do(t, http.MethodPost, sendURL(srv, tok), strings.NewReader(body),
		http.Header{"Content-Type": {"application/json"}, "X-Trace": {"t-1"}})
	testkit.OK(t, res)

	// Read through the control API, as any client would.
	j := journalOf(t, srv, "/cgi-bin/message/send").Requests
	if len(j) != 1 {
		t.Fatalf("entries %+v", j)
	}
	e := j[0]
	if e.Method != http.MethodPost || e.Status != 200 || e.ErrCode == nil || *e.ErrCode != 0 {
		t.Errorf("entry %+v", e)
	}
	if e.RequestBody != body {
		t.Errorf("request body %q, want %q", e.RequestBody, body)
	}
	if e.RequestHeaders.Get("X-Trace") != "t-1" || e.RequestHeaders.Get("Content-Type") != "application/json" {
		t.Errorf("request headers %v", e.RequestHeaders)
	}
	if e.ResponseBody != string(res.Body) {
		t.Errorf("response body %q, want what was sent: %q", e.ResponseBody, res.Body)
	}
	if e.ResponseHeaders.Get("Content-Type") != testkit.JSONContentType {
		t.Errorf("response headers %v", e.ResponseHeaders)
	}
	if e.CorpID != testkit.Corp1 || e.AgentID != testkit.AgentID {
		t.Errorf("corp %q agent %d, want %s %d (from the token)", e.CorpID, e.AgentID, testkit.Corp1, testkit.AgentID)
	}
	if e.Seq != 1 { // gettoken was 0
		t.Errorf("seq %d, want 1", e.Seq)
	}

	// The handler refuses a bad token before reading the body; the
	// journal has it all the same.
	testkit.Do(t, http.MethodPost, sendURL(srv, "bad-token"), strings.NewReader(body), nil)
	bad := one(t, srv, mockserver.RequestFilter{Path: "/cgi-bin/message/send", ErrCode: ptr(40014)})
	if bad.RequestBody != body {
		t.Errorf("body of a refused call %q", bad.RequestBody)
	}
}

// Secrets never show, in the query, a JSON or form body or a header,
// however their names are spelt; tokens keep a prefix.
func TestJournalMasksSecretsEverywhere(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	const secret = "s3cr3t-value-0123456789"
	const token = "tok0123456789abcdef"
	names := []string{"corpsecret", "CorpSecret", "suite_secret", "SUITE_SECRET", "provider_secret", "secret", "Secret", "permanent_code", "Permanent_Code"}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			path := fmt.Sprintf("/cgi-bin/x/%d", i)
			testkit.Get(t, srv.URL()+path+"?"+name+"="+secret+"&access_token="+token)
			testkit.Do(t, http.MethodPost, srv.URL()+path, strings.NewReader(`{"a":{"`+name+`": "`+secret+`"},"access_token":"`+token+`"}`),
				http.Header{"Content-Type": {"application/json"}})
			testkit.Do(t, http.MethodPost, srv.URL()+path, strings.NewReader(name+"="+secret+"&b=1"),
				http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer " + secret}, "Cookie": {"sid=" + secret}})
			reqs := srv.Requests(mockserver.RequestFilter{Path: path})
			if len(reqs) != 3 {
				t.Fatalf("entries %+v", reqs)
			}
			for _, e := range reqs {
				all := e.Query + e.RequestBody + strings.Join(e.RequestHeaders.Values("Authorization"), "") + strings.Join(e.RequestHeaders.Values("Cookie"), "")
				if strings.Contains(all, secret) {
					t.Errorf("a secret shows: query %q body %q headers %v", e.Query, e.RequestBody, e.RequestHeaders)
				}
				if strings.Contains(all, token) {
					t.Errorf("a whole token shows: %q %q", e.Query, e.RequestBody)
				}
			}
			if q := reqs[0].Query; q != name+"=***&access_token="+token[:8]+"***" {
				t.Errorf("query %q", q)
			}
			if b := reqs[1].RequestBody; b != `{"a":{"`+name+`": "***"},"access_token":"`+token[:8]+`***"}` {
				t.Errorf("JSON body %q", b)
			}
			if b := reqs[2].RequestBody; b != name+"=***&b=1" {
				t.Errorf("form body %q", b)
			}
			if a := reqs[2].RequestHeaders.Get("Authorization"); a != "Bearer ***" {
				t.Errorf("Authorization %q", a)
			}
		})
	}
	// Tokens in answers keep their prefix too.
	tok := testkit.AppToken(t, srv)
	e := one(t, srv, mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})
	if strings.Contains(e.ResponseBody, tok) || !strings.Contains(e.ResponseBody, `"access_token":"`+tok[:8]+`***"`) {
		t.Errorf("gettoken answer in the journal: %s", e.ResponseBody)
	}
}

// A path nothing serves still gets the empty 404, and its entry names the
// API paths the caller probably meant.
func TestJournalUnmatchedPathSuggests(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/gett", "access_token", tok, "userid", "zhangsan"))
	if r.Status != http.StatusNotFound || len(r.Body) != 0 {
		t.Fatalf("unknown path answered %v", r)
	}
	testkit.Get(t, srv.URL()+"/favicon.ico")
	testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))

	j := journalOf(t, srv, "/cgi-bin/user/gett").Requests
	if len(j) != 1 || !j[0].Unmatched || len(j[0].DidYouMean) == 0 || j[0].DidYouMean[0] != "/cgi-bin/user/get" {
		t.Fatalf("unmatched entry %+v, want did_you_mean /cgi-bin/user/get first", j)
	}
	if e := one(t, srv, mockserver.RequestFilter{Path: "/favicon.ico"}); !e.Unmatched || len(e.DidYouMean) != 0 {
		t.Errorf("favicon entry %+v, want unmatched without suggestions", e)
	}
	if e := one(t, srv, mockserver.RequestFilter{Path: "/cgi-bin/user/get"}); e.Unmatched {
		t.Errorf("a served call is marked unmatched: %+v", e)
	}
	// A verification of the misspelt call's intended path shows it.
	err := srv.VerifyRequests(mockserver.RequestFilter{Path: "/cgi-bin/user/get", Query: map[string]string{"userid": "lisi"}}, 1)
	if err == nil || !strings.Contains(err.Error(), "/cgi-bin/user/gett") {
		t.Errorf("verify error %v, want the misspelt path among the near misses", err)
	}
}

// ptr is a pointer to v, for the filter's optional fields.
func ptr[T any](v T) *T { return &v }
