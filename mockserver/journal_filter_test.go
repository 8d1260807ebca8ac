package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Each filter of GET /_mock/requests selects what it says, alone and with
// paging, and agrees with the Go API and mockctl.
func TestJournalFilters(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.AppToken(t, srv)                                         // 0 GET gettoken corp1
	testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))                // 1 GET user/get errcode 0
	testkit.Get(t, testkit.UserGetURL(srv, tok, "nobody"))                  // 2 GET user/get errcode 60111
	srv.Advance(time.Hour)                                                  //
	testkit.SendJSON(t, http.MethodPost, sendURL(srv, tok), map[string]any{ // 3 POST message/send
		"touser": "zhangsan", "msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "hi"}})
	testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)                          // 4 GET gettoken corp2
	testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/gettoken"), "{}") // 5 POST gettoken, errcode 41002

	cases := []struct {
		name  string
		query url.Values
		want  []int64 // sequence numbers
	}{
		{"all", url.Values{}, []int64{0, 1, 2, 3, 4, 5}},
		{"path", url.Values{"path": {"/cgi-bin/user/get"}}, []int64{1, 2}},
		{"method", url.Values{"method": {"post"}}, []int64{3, 5}},
		{"errcode", url.Values{"errcode": {"60111"}}, []int64{2}},
		{"errcode 0", url.Values{"errcode": {"0"}}, []int64{0, 1, 3, 4}},
		{"corpid", url.Values{"corpid": {testkit.Corp2}}, []int64{4}},
		{"agentid", url.Values{"agentid": {"1000002"}}, []int64{1, 2, 3}},
		{"since", url.Values{"since": {start.Add(time.Hour).Format(time.RFC3339)}}, []int64{3, 4, 5}},
		{"query subset", url.Values{"query": {"userid=nobody"}}, []int64{2}},
		{"body subset", url.Values{"body": {`{"text":{"content":"hi"}}`}}, []int64{3}},
		{"body mismatch", url.Values{"body": {`{"text":{"content":"bye"}}`}}, nil},
		{"combined", url.Values{"path": {"/cgi-bin/user/get"}, "errcode": {"0"}, "corpid": {testkit.Corp1}}, []int64{1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := testkit.Get(t, srv.URL()+"/_mock/requests?"+tc.query.Encode())
			testkit.ControlJSON(t, r, http.StatusOK)
			var j mockctl.Journal
			if err := json.Unmarshal(r.Body, &j); err != nil {
				t.Fatal(err)
			}
			if got := seqs(j.Requests); !equalSeqs(got, tc.want) {
				t.Errorf("GET ?%s = %v, want %v", tc.query.Encode(), got, tc.want)
			}
			// A page of one walks the same entries.
			var walked []int64
			q := url.Values{}
			for k, v := range tc.query {
				q[k] = v
			}
			q.Set("limit", "1")
			for range 10 {
				r := testkit.Get(t, srv.URL()+"/_mock/requests?"+q.Encode())
				var page mockctl.Journal
				if err := json.Unmarshal(r.Body, &page); err != nil {
					t.Fatal(err)
				}
				walked = append(walked, seqs(page.Requests)...)
				if page.NextCursor == "" {
					break
				}
				q.Set("cursor", page.NextCursor)
			}
			if !equalSeqs(walked, tc.want) {
				t.Errorf("paged walk %v, want %v", walked, tc.want)
			}
		})
	}
	// The Go and mockctl forms agree.
	p := mockctl.RequestPattern{Method: "POST", Body: json.RawMessage(`{"touser":"zhangsan"}`)}
	viaCtl, err := mockctl.New(srv.URL()).FindRequests(t.Context(), p)
	if err != nil || !equalSeqs(seqs(viaCtl), []int64{3}) {
		t.Errorf("FindRequests = %v, %v", seqs(viaCtl), err)
	}
	if got := srv.Requests(mockserver.RequestFilter{Method: "POST", Body: p.Body}); !equalSeqs(seqs(got), []int64{3}) {
		t.Errorf("Requests = %v", seqs(got))
	}
}

func TestJournalFiltersRefuseBadValues(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, q := range []string{"errcode=x", "agentid=1.5", "since=yesterday", "body=%5B1%5D", "body=nope", "query=%25zz"} {
		r := testkit.Get(t, srv.URL()+"/_mock/requests?"+q)
		testkit.ControlError(t, r, http.StatusBadRequest)
		s := testkit.Get(t, srv.URL()+"/_mock/requests/stream?"+q)
		testkit.ControlError(t, s, http.StatusBadRequest)
	}
}

func seqs(reqs []mockserver.Request) []int64 {
	var out []int64
	for _, r := range reqs {
		out = append(out, r.Seq)
	}
	return out
}

func equalSeqs(a, b []int64) bool { return slices.Equal(a, b) }
