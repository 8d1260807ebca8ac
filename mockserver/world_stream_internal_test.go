package mockserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"hash"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// encodedWhole is the control API's JSON layout as writeControlJSON
// builds it: the reference writeJSONStream must match byte for byte.
func encodedWhole(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type streamOdd struct {
	HTML    string            `json:"html"`
	Skipped string            `json:"-"`
	Untaged int               // no tag: the Go name
	Empty   []string          `json:"empty,omitempty"`
	Nil     []streamLeaf      `json:"nil"`
	None    []streamLeaf      `json:"none"`
	Zero    int               `json:"zero,omitempty"`
	Ptr     *streamLeaf       `json:"ptr"`
	NilPtr  *streamLeaf       `json:"nil_ptr,omitempty"`
	Map     map[string]string `json:"map"`
	When    time.Time         `json:"when"` // encodes itself
	Quoted  int               `json:"quoted,string"`
	Inner   streamEmbeds      `json:"inner"`
	Ptrs    []*streamLeaf     `json:"ptrs"`
	Any     any               `json:"any"`
	private int
}

type streamLeaf struct {
	Name string `json:"name,omitempty"`
}

type streamEmbeds struct {
	streamLeaf
	Extra bool `json:"extra"`
}

// writeJSONStream writes what the whole encoding writes: the default world,
// a generated world with every block, and the corners of encoding/json.
func TestJSONStreamMatchesEncoder(t *testing.T) {
	t.Parallel()
	odd := streamOdd{
		HTML: "<a href=\"x\">&amp;</a>\u2028\xff\n\t", Skipped: "no", Untaged: 7, Empty: []string{},
		None: []streamLeaf{}, Ptr: &streamLeaf{Name: "p"}, Map: map[string]string{"b": "<", "a": ">"},
		When: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Quoted: 9,
		Inner: streamEmbeds{streamLeaf{"embedded"}, true}, Ptrs: []*streamLeaf{nil, {}},
		Any: map[string]any{"k": []any{1, "2"}}, private: 1,
	}
	for name, v := range map[string]any{
		"default world":   fixtures.Default(),
		"generated world": generate.World(generate.Options{Corps: 2, Members: 300, Seed: 7, Customers: 40, Groups: 8}),
		"odd corners":     &odd,
		"odd by value":    odd,
		"empty world":     &fixtures.World{},
		"nil":             (*fixtures.World)(nil),
		"list of worlds":  []*fixtures.World{fixtures.Default(), nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			if err := writeJSONStream(&got, v); err != nil {
				t.Fatal(err)
			}
			if want := encodedWhole(t, v); !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("streamed %d bytes differ from the encoder's %d:\n%s\nwant:\n%s", got.Len(), len(want), head(got.Bytes()), head(want))
			}
		})
	}
}

func head(b []byte) []byte { return b[:min(len(b), 2000)] }

// hashWriter is a ResponseWriter that keeps only a digest and a length, so
// a measure sees the read's own memory only.
type hashWriter struct {
	h      http.Header
	status int
	sum    hash.Hash
	n      int
}

func newHashWriter() *hashWriter { return &hashWriter{h: http.Header{}, sum: sha256.New()} }

func (w *hashWriter) Header() http.Header { return w.h }
func (w *hashWriter) WriteHeader(s int)   { w.status = s }
func (w *hashWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	return w.sum.Write(p)
}

// The world export and the fixtures read of a large generated world are
// streamed: the heap grows by the world's copy and a few buffers, not by
// the ~5× of the answer that encoding it whole cost, and the answers are
// the bytes they were. Not parallel: it samples the process's heap.
func TestWorldExportStreamed(t *testing.T) {
	members := 20_000
	if raceEnabled {
		members = 2_000
	}
	w := generate.World(generate.Options{Corps: 1, Members: members, Seed: 3, Customers: members / 10, Groups: members / 100})
	s, err := New(WithFixtures(w), WithFrozenClock())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	world, err := s.World()
	if err != nil {
		t.Fatal(err)
	}
	yamlWhole, err := yaml.Marshal(world)
	if err != nil {
		t.Fatal(err)
	}
	// Encoded whole, the heap grew by 6.7× the answer for the export and
	// 4.8× for the fixtures (20,000 members); streamed, by 3.7× (the
	// world's copy, taken under one lock, and its validation) and 0.4×.
	// YAML encoded whole kept every event of the document, 51× the answer;
	// written piece by piece (fixtures.WriteYAML) it holds 1.5-2.5×. Its
	// pieces still make some 50 bytes of garbage per byte written, so it
	// is measured with GOGC=10: the heap then shows what the export holds,
	// not garbage awaiting a collection (6-7× at the default GOGC).
	for _, tc := range []struct {
		path      string
		want      []byte
		bound     float64 // most heap growth, in answers
		gcPercent int     // GOGC while measuring; 0 leaves it
	}{
		{"/_mock/world", encodedWhole(t, world), 5, 0},
		{"/_mock/world?format=yaml", yamlWhole, 5, 10},
		{"/_mock/fixtures", encodedWhole(t, s.Fixtures()), 1.5, 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+tc.path, nil)
			req.RemoteAddr = "127.0.0.1:40000"
			rec := newHashWriter()
			if tc.gcPercent > 0 {
				defer debug.SetGCPercent(debug.SetGCPercent(tc.gcPercent))
			}
			peak := peakHeapGrowth(t, func() { s.Handler().ServeHTTP(rec, req) })
			if rec.status != http.StatusOK {
				t.Fatalf("HTTP %d", rec.status)
			}
			if want := sha256.Sum256(tc.want); rec.n != len(tc.want) || !bytes.Equal(rec.sum.Sum(nil), want[:]) {
				t.Fatalf("answered %d bytes, not the %d bytes of the whole encoding", rec.n, len(tc.want))
			}
			ratio := float64(peak) / float64(rec.n)
			t.Logf("%d bytes answered, heap grew by %d at most (%.2f×)", rec.n, peak, ratio)
			// Plus 8 MB for fixed buffers and the race detector's own.
			if limit := tc.bound*float64(rec.n) + 8<<20; float64(peak) > limit {
				t.Errorf("the heap grew by %.2f× the answer, over %v× and 8 MB", ratio, tc.bound)
			}
		})
	}
}

// peakHeapGrowth runs f and returns how far the heap grew above where it
// stood before, sampled every millisecond and at the end.
func peakHeapGrowth(t *testing.T, f func()) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	testwait.Recv(t, sampled)
	return max(peak, base) - base
}
