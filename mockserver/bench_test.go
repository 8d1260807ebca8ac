package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// discardWriter is the cheapest ResponseWriter, so benchmarks measure the
// server's stack rather than httptest.ResponseRecorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func benchServe(b *testing.B, h http.Handler, target string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	// A benchmark of an error answer measures nothing: the call must succeed.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var answer struct {
		ErrCode int `json:"errcode"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || answer.ErrCode != 0 {
		b.Fatalf("%s: %s", target, rec.Body)
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

func benchServer(b *testing.B) (*mockserver.Server, string) {
	b.Helper()
	srv, err := mockserver.New(mockserver.WithFrozenClock())
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", nil)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("gettoken: %s", rec.Body)
	}
	return srv, tok.AccessToken
}

// BenchmarkGetToken is gettoken through the whole stack: journal, faults,
// routing, token store, response writer.
func BenchmarkGetToken(b *testing.B) {
	srv, _ := benchServer(b)
	benchServe(b, srv.Handler(), "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
}

// BenchmarkUserGet is user/get of a visible member through the whole stack.
func BenchmarkUserGet(b *testing.B) {
	srv, token := benchServer(b)
	benchServe(b, srv.Handler(), "/cgi-bin/user/get?access_token="+token+"&userid=zhangsan")
}

// BenchmarkExternalContactGet is 客户联系's externalcontact/get of a
// customer two members follow, by app 1000002 (a 可调用应用), through the
// whole stack.
func BenchmarkExternalContactGet(b *testing.B) {
	srv, token := benchServer(b)
	benchServe(b, srv.Handler(), "/cgi-bin/externalcontact/get?access_token="+token+"&external_userid=wmmockcust0001")
}

// BenchmarkExternalContactList is externalcontact/list of zhangsan's
// customers through the whole stack.
func BenchmarkExternalContactList(b *testing.B) {
	srv, token := benchServer(b)
	benchServe(b, srv.Handler(), "/cgi-bin/externalcontact/list?access_token="+token+"&userid=zhangsan")
}

// BenchmarkUserGetParallel is user/get from all cores at once, to show lock
// contention in the store or the journal.
func BenchmarkUserGetParallel(b *testing.B) {
	srv, token := benchServer(b)
	h := srv.Handler()
	target := "/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan"
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		w := &discardWriter{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, req)
		}
	})
}

// BenchmarkBareHandler is the baseline: a plain net/http handler writing the
// same gettoken JSON, with nothing else.
func BenchmarkBareHandler(b *testing.B) {
	body := []byte(`{"errcode":0,"errmsg":"ok","access_token":"` + strings.Repeat("x", 96) + `","expires_in":7200}`)
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write(body)
	})
	benchServe(b, h, "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
}

// benchCodeTable mints n codes through the Go API, so the table is as
// full as n mints make it (the table keeps at most a cap per app).
func benchCodeTable(b *testing.B, srv *mockserver.Server, n int) {
	b.Helper()
	for range n {
		if _, err := srv.MintCode(mockserver.CodeRequest{Kind: "oauth", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMintCodeFullTable is minting an OAuth code after 100,000 unexpired
// ones on a frozen clock: each mint must not scan the table.
func BenchmarkMintCodeFullTable(b *testing.B) {
	srv, _ := benchServer(b)
	benchCodeTable(b, srv, 100_000)
	req := mockserver.CodeRequest{Kind: "oauth", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := srv.MintCode(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUserGetWhileMinting is user/get from all cores while another
// goroutine keeps minting codes into a full table (100,000 minted on a
// frozen clock): a mint must not hold the store's lock for long.
func BenchmarkUserGetWhileMinting(b *testing.B) {
	srv, token := benchServer(b)
	benchCodeTable(b, srv, 100_000)
	stop := make(chan struct{})
	minted := make(chan struct{})
	go func() {
		defer close(minted)
		req := mockserver.CodeRequest{Kind: "oauth", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "lisi"}
		for {
			select {
			case <-stop:
				return
			default:
			}
			_, _ = srv.MintCode(req)
		}
	}()
	h := srv.Handler()
	target := "/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan"
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		w := &discardWriter{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, req)
		}
	})
	b.StopTimer()
	close(stop)
	testwait.Recv(b, minted)
}
