package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type journalBody struct {
	Requests []mockserver.Request `json:"requests"`
	Kept     int                  `json:"kept"`
	Total    int64                `json:"total"`
}

func journalOf(t testing.TB, srv *mockserver.Server, path string) journalBody {
	t.Helper()
	u := srv.URL() + "/_mock/requests"
	if path != "" {
		u += "?path=" + url.QueryEscape(path)
	}
	r := testkit.Get(t, u)
	testkit.ControlJSON(t, r, http.StatusOK)
	var j journalBody
	if err := json.Unmarshal(r.Body, &j); err != nil {
		t.Fatalf("journal: %v\n%s", err, r.Body)
	}
	return j
}

func TestJournalRecordsCallsNewestLast(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 5, 5, 5, 5, 5, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.AppToken(t, srv)
	testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	srv.Advance(time.Minute)
	testkit.Get(t, testkit.UserGetURL(srv, tok, "wangwu"))
	testkit.Get(t, testkit.UserGetURL(srv, tok, "nobody"))
	testkit.Get(t, srv.URL()+"/cgi-bin/nope")
	testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", strings.NewReader(`{"seconds":1}`), nil)

	all := journalOf(t, srv, "")
	if all.Kept != 5 || all.Total != 5 || len(all.Requests) != 5 {
		t.Fatalf("journal kept %d total %d: %+v", all.Kept, all.Total, all.Requests)
	}
	users := journalOf(t, srv, "/cgi-bin/user/get").Requests
	if len(users) != 3 {
		t.Fatalf("user/get entries: %+v", users)
	}
	wantUsers := []struct {
		userid  string
		errcode int
		at      time.Time
	}{
		{"zhangsan", 0, start},
		{"wangwu", 60011, start.Add(time.Minute)},
		{"nobody", 60111, start.Add(time.Minute)},
	}
	for i, w := range wantUsers {
		e := users[i]
		if !strings.Contains(e.Query, "userid="+w.userid) {
			t.Errorf("entry %d query %q, want userid=%s (oldest first, newest last)", i, e.Query, w.userid)
		}
		if e.ErrCode == nil || *e.ErrCode != w.errcode {
			t.Errorf("entry %d errcode %v, want %d", i, e.ErrCode, w.errcode)
		}
		if e.Method != http.MethodGet || e.Path != "/cgi-bin/user/get" || e.Status != 200 {
			t.Errorf("entry %d = %+v", i, e)
		}
		if !e.Time.Equal(w.at) {
			t.Errorf("entry %d time %v, want the virtual %v", i, e.Time, w.at)
		}
		if e.DurationMS < 0 {
			t.Errorf("entry %d duration %v", i, e.DurationMS)
		}
	}
	nope := journalOf(t, srv, "/cgi-bin/nope").Requests
	if len(nope) != 1 || nope[0].Status != 404 || nope[0].ErrCode != nil {
		t.Errorf("unknown path entry %+v, want status 404 without errcode", nope)
	}
	// The Go API agrees with the control API.
	if got := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/user/get"}); len(got) != 3 || got[2].Query != users[2].Query {
		t.Errorf("Requests() = %+v", got)
	}
	if got := journalOf(t, srv, "/cgi-bin/none").Requests; len(got) != 0 {
		t.Errorf("filter on an uncalled path: %+v", got)
	}
}

func TestJournalMasksSecrets(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", "wrong-but-secret"))

	r := testkit.Get(t, srv.URL()+"/_mock/requests")
	testkit.ControlJSON(t, r, http.StatusOK)
	for _, secret := range []string{testkit.AppSecret, "wrong-but-secret", tok} {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("journal shows the secret %q: %s", secret, r.Body)
		}
	}
	j := journalOf(t, srv, "/cgi-bin/gettoken").Requests
	if len(j) != 2 {
		t.Fatalf("gettoken entries %+v", j)
	}
	if want := "corpid=" + testkit.Corp1 + "&corpsecret=***"; j[0].Query != want {
		t.Errorf("masked gettoken query %q, want %q", j[0].Query, want)
	}
	if j[0].ErrCode == nil || *j[0].ErrCode != 0 || j[1].ErrCode == nil || *j[1].ErrCode != 40001 {
		t.Errorf("errcodes %v %v, want 0 and 40001", j[0].ErrCode, j[1].ErrCode)
	}
	u := journalOf(t, srv, "/cgi-bin/user/get").Requests
	if want := "access_token=" + tok[:8] + "***&userid=zhangsan"; len(u) != 1 || u[0].Query != want {
		t.Errorf("masked user/get query %+v, want %q", u, want)
	}
}

func TestJournalBounded(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithJournalSize(5))
	for i := range 20 {
		testkit.Get(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", fmt.Sprintf("c%02d", i), "corpsecret", "x"))
	}
	j := journalOf(t, srv, "")
	if j.Kept != 5 || j.Total != 20 || len(j.Requests) != 5 {
		t.Fatalf("kept %d total %d entries %d, want 5, 20, 5", j.Kept, j.Total, len(j.Requests))
	}
	for i, e := range j.Requests {
		if want := fmt.Sprintf("corpid=c%02d&", 15+i); !strings.HasPrefix(e.Query, want) {
			t.Errorf("entry %d query %q, want prefix %q (the last five, oldest first)", i, e.Query, want)
		}
	}
	if st := srv.State(); st.Journal != 5 {
		t.Errorf("state journal %d, want 5", st.Journal)
	}
}

func TestJournalSizeMustBePositive(t *testing.T) {
	t.Parallel()
	if _, err := mockserver.New(mockserver.WithJournalSize(0)); err == nil {
		t.Error("New accepted a journal of size 0")
	}
}

func TestJournalClear(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.AppToken(t, srv)
	testkit.AppToken(t, srv)
	m := testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/requests", nil, nil), http.StatusOK)
	if l, ok := m["requests"].([]any); !ok || len(l) != 0 {
		t.Errorf("DELETE answered %v", m)
	}
	if j := journalOf(t, srv, ""); j.Kept != 0 || j.Total != 0 || len(j.Requests) != 0 {
		t.Errorf("after clear: %+v", j)
	}
	testkit.AppToken(t, srv)
	if got := srv.Requests(mockserver.RequestFilter{}); len(got) != 1 {
		t.Errorf("after one more call: %+v", got)
	}
	srv.ClearRequests()
	if got := srv.Requests(mockserver.RequestFilter{}); len(got) != 0 {
		t.Errorf("after ClearRequests: %+v", got)
	}
}

func TestJournalRecordsFaults(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":45009}`)
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret))
	j := journalOf(t, srv, "/cgi-bin/gettoken").Requests
	if len(j) != 1 || j[0].ErrCode == nil || *j[0].ErrCode != 45009 {
		t.Errorf("journal %+v, want one entry with errcode 45009", j)
	}
}
