package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// BenchmarkNew is the cost of one server with the embedded default world,
// not listening: what every in-process test pays first.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mockserver.New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewTestFirstCall is what a test pays up to its first answer:
// NewTest (build, listen on loopback) and one gettoken over HTTP. Closing
// the server is outside the timer.
func BenchmarkNewTestFirstCall(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		srv := mockserver.NewTest(b)
		resp, err := http.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
		if err != nil {
			b.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("gettoken: HTTP %d", resp.StatusCode)
		}
		b.StopTimer()
		_ = srv.Close()
		b.StartTimer()
	}
}

// BenchmarkNewFirstControlCall is a new server's first control-API call
// (GET /_mock/healthz) through its handler: building the control-API, page
// and dashboard router, which the binary pays before it first answers
// healthy.
func BenchmarkNewFirstControlCall(b *testing.B) {
	b.ReportAllocs()
	// From a loopback address, as the binary's health check asks.
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/_mock/healthz", nil)
	for b.Loop() {
		srv, err := mockserver.New()
		if err != nil {
			b.Fatal(err)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("healthz: HTTP %d", rec.Code)
		}
	}
}

// BenchmarkBareListenFirstCall is the floor under BenchmarkNewTestFirstCall:
// a bare net/http server answering a fixed body, started and called the
// same way (listen on loopback, one GET over a new connection).
func BenchmarkBareListenFirstCall(b *testing.B) {
	b.ReportAllocs()
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok","access_token":"x","expires_in":7200}`))
	})
	for b.Loop() {
		srv := httptest.NewServer(h)
		resp, err := http.Get(srv.URL + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
		if err != nil {
			b.Fatal(err)
		}
		_ = resp.Body.Close()
		b.StopTimer()
		srv.Close()
		b.StartTimer()
	}
}
