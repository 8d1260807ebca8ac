package main

import (
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStartupToHealthy measures `wecom-mock serve` in-process from the
// call to run until GET /_mock/healthz first answers 200: flag parsing,
// fixture loading, building the server, listening and the first request.
// Shutdown is outside the timer. ns/op is the whole cycle; "ms/healthy" is
// the start-up alone.
func BenchmarkStartupToHealthy(b *testing.B) {
	big := filepath.Join(b.TempDir(), "big.json")
	if code, _, errOut := runCapture([]string{"gen-fixtures", "--corps", "10", "--members", "1000", "--seed", "1", "--out", big}, nil); code != 0 {
		b.Fatalf("gen-fixtures: %s", errOut)
	}
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"default-world", []string{"serve", "--addr", "127.0.0.1:0"}},
		{"generated-10x1000-json", []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", big}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var total time.Duration
			n := 0
			for b.Loop() {
				start := time.Now()
				r := tryStartRun(bc.args, nil)
				if r.url == "" {
					b.Fatalf("did not start: %s", r.stderr)
				}
				if err := waitHealthy(r.url, 5*time.Second); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				n++
				b.StopTimer()
				r.stop()
				<-r.done
				if r.code != 0 {
					b.Fatalf("exit %d", r.code)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(n), "ms/healthy")
		})
	}
}
