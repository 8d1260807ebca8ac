package mockserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// fullInbox is a server whose inbox holds its 10,000 messages, about 100 bytes
// of body each, sent straight through the store (10,000 API calls would
// test the API, not the read).
func fullInbox(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(WithFrozenClock())
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 100)
	for i := range store.DefaultInboxSize {
		content := fmt.Sprintf("message %d %s", i, pad)
		body, _ := json.Marshal(map[string]any{"touser": "zhangsan", "msgtype": "text", "agentid": 1000002, "text": map[string]string{"content": content}})
		if _, err := s.store.SendMessage(store.SendRequest{
			CorpID: "wwmockcorp000001", AgentID: 1000002, MsgType: "text", Content: content, Body: body,
			To: store.Recipients{Users: []string{"zhangsan"}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); _ = s.Close() })
	return s, hs
}

func getInbox(t *testing.T, url string) (mockctl.Inbox, int) {
	t.Helper()
	resp, err := testHTTP.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var in mockctl.Inbox
	if err := json.NewDecoder(resp.Body).Decode(&in); err != nil {
		t.Fatalf("GET %s: answer is not JSON: %v", url, err)
	}
	return in, resp.StatusCode
}

// Reads of a full inbox are streamed a chunk at a time: 20 at once, each
// answering ~6 MB, used to cost about five times their answers each (the
// list, its copies and the encoded body: 600 MB here); now the heap grows
// by a few chunks per read. Not parallel: it measures the process's heap.
// Under the race detector, which slows encoding tenfold, 4 reads.
func TestMessagesReadsAreBounded(t *testing.T) {
	readers := 20
	if raceEnabled {
		readers = 4
	}
	_, hs := fullInbox(t)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // sample the heap while the reads run
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var wg sync.WaitGroup
	var answered atomic.Int64
	for range readers {
		wg.Go(func() {
			resp, err := testHTTP.Get(hs.URL + "/_mock/messages")
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("read: %d bytes, status %d, %v", n, resp.StatusCode, err)
			}
			answered.Add(n)
		})
	}
	testwait.Group(t, &wg)
	close(stop)
	testwait.Recv(t, sampled)
	growth := int64(peak.Load()) - int64(before.HeapAlloc)
	// Generous: GC slack over the 10,000 messages' live heap, plus a few
	// 256-message chunks per read; the whole-list answers took 30 MB each.
	bound := int64(32<<20 + readers*2<<20)
	t.Logf("%d reads answered %d MB in all; heap grew by %d MB at its peak", readers, answered.Load()>>20, growth>>20)
	if answered.Load() < int64(readers)*5<<20 {
		t.Errorf("answers hold %d bytes in all, want the whole inbox each time", answered.Load())
	}
	if growth > bound {
		t.Errorf("heap grew by %d MB during %d concurrent reads, want under %d MB", growth>>20, readers, bound>>20)
	}
}

// Walking the inbox page by page sees every message exactly once, in order;
// the last page has no next_cursor; the unpaged answer is the same list.
func TestMessagesPagingWalksEveryMessageOnce(t *testing.T) {
	t.Parallel()
	s, hs := fullInbox(t)
	seen := map[string]bool{}
	var order []string
	cursor, pages := "", 0
	for {
		in, status := getInbox(t, hs.URL+"/_mock/messages?limit=777&cursor="+cursor)
		if status != http.StatusOK {
			t.Fatalf("page %d: status %d", pages, status)
		}
		pages++
		if in.Kept != store.DefaultInboxSize || in.Total != int64(store.DefaultInboxSize) {
			t.Errorf("page %d: kept %d total %d", pages, in.Kept, in.Total)
		}
		if len(in.Messages) > 777 {
			t.Fatalf("page %d holds %d messages, over the limit 777", pages, len(in.Messages))
		}
		for _, m := range in.Messages {
			if seen[m.MsgID] {
				t.Fatalf("message %s on two pages", m.MsgID)
			}
			seen[m.MsgID] = true
			order = append(order, m.MsgID)
		}
		if in.NextCursor == "" {
			break
		}
		cursor = in.NextCursor
		if pages > 100 {
			t.Fatal("paging does not end")
		}
	}
	if len(order) != store.DefaultInboxSize || pages != 13 {
		t.Fatalf("walked %d messages in %d pages, want %d in 13", len(order), pages, store.DefaultInboxSize)
	}
	all, _ := getInbox(t, hs.URL+"/_mock/messages")
	if len(all.Messages) != len(order) || all.NextCursor != "" {
		t.Fatalf("unpaged answer: %d messages, next_cursor %q", len(all.Messages), all.NextCursor)
	}
	for i, m := range all.Messages {
		if m.MsgID != order[i] {
			t.Fatalf("message %d: unpaged %s, paged %s", i, m.MsgID, order[i])
		}
	}
	// The Go API walks the same pages.
	var goWalk int
	for f := (MessageFilter{Limit: 4000}); ; {
		p := s.MessagesPage(f)
		goWalk += len(p.Messages)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
	}
	if goWalk != len(order) {
		t.Errorf("MessagesPage walked %d messages, want %d", goWalk, len(order))
	}
}

// The journal's pages follow its ring as it wraps: a walk sees each kept
// entry once, oldest first; bad paging parameters are a 400.
func TestRequestsPagingFollowsTheRing(t *testing.T) {
	t.Parallel()
	s, err := New(WithJournalSize(10))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		addEntry(s.journal, testEntry(fmt.Sprintf("/p/%d", i), 200))
	}
	all, err := s.newRequestMatcher(RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for from, pages := int64(0), 0; ; pages++ {
		reqs, next, more := s.findRequests(all, from, 3)
		for _, r := range reqs {
			got = append(got, r.Path)
		}
		if !more {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		from = next
	}
	if want := "/p/15 /p/16 /p/17 /p/18 /p/19 /p/20 /p/21 /p/22 /p/23 /p/24"; strings.Join(got, " ") != want {
		t.Errorf("walk = %v, want %s", got, want)
	}
	one, err := s.newRequestMatcher(RequestFilter{Path: "/p/20"})
	if err != nil {
		t.Fatal(err)
	}
	reqs, _, _ := s.findRequests(one, 0, 3)
	if len(reqs) != 1 || reqs[0].Path != "/p/20" {
		t.Errorf("path filter: %v", reqs)
	}

	hs := httptest.NewServer(s.Handler())
	defer func() { hs.Close(); _ = s.Close() }()
	for _, q := range []string{"limit=0", "limit=5001", "limit=x", "cursor=-1", "cursor=abc"} {
		for _, p := range []string{"/_mock/requests?", "/_mock/messages?"} {
			resp, err := testHTTP.Get(hs.URL + p + q)
			if err != nil {
				t.Fatal(err)
			}
			var body mockctl.ErrorBody
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest || body.Error == "" {
				t.Errorf("%s%s: %d %q, want 400 with an error", p, q, resp.StatusCode, body.Error)
			}
		}
	}
}

// testHTTP bounds the tests' calls, so a stuck server fails a test
// instead of hanging it.
var testHTTP = &http.Client{Timeout: 30 * time.Second}
