package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestJournalBoundedBytes: 2,000 calls with 1 MB queries used to keep a
// gigabyte in the journal and answer it whole at GET /_mock/requests. Each
// entry now keeps at most 2 KiB of query and 512 bytes of path, marked where
// cut, and secrets cut in half stay masked.
func TestJournalBoundedBytes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	h := srv.Handler()
	long := "corpid=wwmockcorp000001&x=" + strings.Repeat("a", 1<<20)
	secret := "corpid=wwmockcorp000001&corpsecret=" + strings.Repeat("s", 1<<20)
	longPath := "/cgi-bin/" + strings.Repeat("p", 1<<16)
	// One request of each kind, served again and again: parsing a 1 MB URL
	// 2,000 times would measure net/url.
	kinds := []*http.Request{
		httptest.NewRequest(http.MethodGet, "/cgi-bin/gettoken?"+long, nil),
		httptest.NewRequest(http.MethodGet, "/cgi-bin/gettoken?"+secret, nil),
		httptest.NewRequest(http.MethodGet, longPath+"?"+long, nil),
	}
	for i := range 2000 {
		h.ServeHTTP(httptest.NewRecorder(), kinds[i%3])
	}
	reqs := srv.Requests(mockserver.RequestFilter{})
	total := 0
	for _, r := range reqs {
		total += len(r.Path) + len(r.Query)
		if len(r.Query) > 2048+64 || len(r.Path) > 512+64 {
			t.Fatalf("entry keeps %d bytes of query, %d of path", len(r.Query), len(r.Path))
		}
		if !strings.Contains(r.Query, "…[truncated ") {
			t.Fatalf("cut query without a mark: %.80q…", r.Query)
		}
		if strings.Contains(r.Query, "corpsecret=s") {
			t.Fatalf("a cut secret is shown: %.80q…", r.Query)
		}
	}
	if len(reqs) != 1000 || total > 1000*(2048+512+128) {
		t.Errorf("journal keeps %d entries, %d bytes of path and query", len(reqs), total)
	}
	resp, err := http.Get(srv.URL() + "/_mock/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n > 4<<20 {
		t.Errorf("GET /_mock/requests answered %d bytes (%v)", n, err)
	}
}

// Bodies and headers are clipped: a 1 MB body keeps 4 KiB and says how much
// was cut, a request with many large headers keeps 2 KiB of them, and a
// secret cut in half stays masked.
func TestJournalClipsBodiesAndHeaders(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	long := `{"corpsecret":"` + strings.Repeat("s", 5000) + `","x":"` + strings.Repeat("y", 1<<20) + `"}`
	hdr := http.Header{"Content-Type": {"application/json"}}
	for i := range 40 {
		hdr.Set(fmt.Sprintf("X-Big-%d", i), strings.Repeat("h", 1000))
	}
	testkit.Do(t, http.MethodPost, srv.URL()+"/cgi-bin/message/send?access_token=x", strings.NewReader(long), hdr)
	if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/user/list", Response: json.RawMessage(`{"big":"` + strings.Repeat("r", 100_000) + `"}`)}); err != nil {
		t.Fatal(err)
	}
	res := testkit.Get(t, srv.URL()+"/cgi-bin/user/list")
	e := one(t, srv, mockserver.RequestFilter{Path: "/cgi-bin/message/send"})
	if !strings.HasPrefix(e.RequestBody, `{"corpsecret":"***…[truncated `) || strings.Contains(e.RequestBody, "sss") {
		t.Errorf("clipped body with a cut secret: %.80q", e.RequestBody)
	}
	if want := fmt.Sprintf("…[truncated %d bytes]", len(long)-4096); !strings.HasSuffix(e.RequestBody, want) {
		t.Errorf("clipped body ends %q, want %q", e.RequestBody[max(0, len(e.RequestBody)-40):], want)
	}
	size := 0
	for k, vs := range e.RequestHeaders {
		for _, v := range vs {
			size += len(k) + len(v)
		}
	}
	if size > 2048+64 || len(e.RequestHeaders["…"]) != 1 {
		t.Errorf("headers keep %d bytes, mark %v", size, e.RequestHeaders["…"])
	}
	u := one(t, srv, mockserver.RequestFilter{Path: "/cgi-bin/user/list"})
	if !strings.HasPrefix(string(res.Body), u.ResponseBody[:4000]) || !strings.HasSuffix(u.ResponseBody, fmt.Sprintf("…[truncated %d bytes]", len(res.Body)-4096)) {
		t.Errorf("clipped response body %.60q…%q", u.ResponseBody, u.ResponseBody[max(0, len(u.ResponseBody)-40):])
	}
	// A clipped body matches no body pattern: it cannot be read whole.
	if n, _ := srv.CountRequests(mockserver.RequestFilter{Body: json.RawMessage(`{"x":"y"}`)}); n != 0 {
		t.Errorf("a clipped body matched a pattern")
	}
}

// Past the journal's byte budget the oldest entries lose their headers and
// bodies, so a journal of 5,000 large calls stays within 32 MiB of them.
func TestJournalByteBudget(t *testing.T) {
	t.Parallel()
	const calls = 5000
	srv := mockserver.NewTest(t, mockserver.WithJournalSize(calls))
	if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/message/send", Response: json.RawMessage(`{"pad":"` + strings.Repeat("r", 8000) + `"}`)}); err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	body := `{"touser":"` + strings.Repeat("z", 8000) + `"}`
	for range calls {
		req := httptest.NewRequest(http.MethodPost, "/cgi-bin/message/send?access_token=x", strings.NewReader(body))
		req.Header.Set("X-Pad", strings.Repeat("p", 1500))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	reqs := srv.Requests(mockserver.RequestFilter{})
	if len(reqs) != calls {
		t.Fatalf("kept %d entries, want %d", len(reqs), calls)
	}
	kept, trimmed := 0, 0
	for i, r := range reqs {
		n := len(r.RequestBody) + len(r.ResponseBody)
		for _, h := range []http.Header{r.RequestHeaders, r.ResponseHeaders} {
			for k, vs := range h {
				n += len(k) + len(strings.Join(vs, ""))
			}
		}
		kept += n
		if r.Trimmed {
			trimmed++
			if n != 0 || i > trimmed-1 {
				t.Fatalf("entry %d trimmed out of order or not emptied (%d bytes)", i, n)
			}
		}
	}
	if trimmed == 0 || trimmed == calls || reqs[calls-1].Trimmed {
		t.Errorf("%d of %d entries trimmed, want the oldest only", trimmed, calls)
	}
	if kept > 32<<20+calls*64 { // each entry's marks of what was cut come on top
		t.Errorf("the journal keeps %d bytes of headers and bodies, over 32 MiB", kept)
	}
}
