package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// BenchmarkUserGetRealLimits is BenchmarkUserGet with WeCom's frequency
// limits on: the concurrency slot and the corp's and the IP's counters of
// every call. The virtual clock jumps past every window before the corp's
// 10 000 calls a minute run out, so each call measured is admitted.
func BenchmarkUserGetRealLimits(b *testing.B) {
	srv, err := mockserver.New(mockserver.WithFrozenClock(), mockserver.WithRealLimits())
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	request := func() *http.Request {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", nil))
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
			b.Fatalf("gettoken: %s", rec.Body)
		}
		return httptest.NewRequest(http.MethodGet, "/cgi-bin/user/get?access_token="+tok.AccessToken+"&userid=zhangsan", nil)
	}
	req := request()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if !json.Valid(rec.Body.Bytes()) || rec.Body.String()[:12] != `{"errcode":0` {
		b.Fatalf("user/get: %s", rec.Body)
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if n++; n%9000 == 0 {
			b.StopTimer()
			srv.Advance(61 * time.Minute) // past the minute and the hour
			req = request()
			b.StartTimer()
		}
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}
