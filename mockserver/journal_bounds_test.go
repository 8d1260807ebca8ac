package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
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
