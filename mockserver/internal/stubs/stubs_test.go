package stubs

import (
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func call(path string, query map[string]string, body string) Call {
	return Call{
		Path:  path,
		Corp:  func() string { return query["corpid"] },
		Query: func(k string) string { return query[k] },
		Body: func() map[string]any {
			var m map[string]any
			_ = json.Unmarshal([]byte(body), &m)
			return m
		},
	}
}

func TestMatching(t *testing.T) {
	var tab Table
	mustAdd := func(s mockctl.Stub) string {
		t.Helper()
		got, err := tab.Add(s)
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	any := mustAdd(mockctl.Stub{Path: "/cgi-bin/x", Response: json.RawMessage(`{"n":1}`)})
	byQuery := mustAdd(mockctl.Stub{Path: "/cgi-bin/x", Match: mockctl.StubMatch{Query: map[string]string{"userid": "lisi"}}, Response: json.RawMessage(`{"n":2}`)})
	byBody := mustAdd(mockctl.Stub{Path: "/cgi-bin/x", Match: mockctl.StubMatch{Body: json.RawMessage(`{"a":{"b":1},"c":[1,2]}`)}, Response: json.RawMessage(`{"n":3}`)})
	byCorp := mustAdd(mockctl.Stub{Path: "/cgi-bin/x", CorpID: "wwother", Response: json.RawMessage(`{"errcode":60011}`)})

	for _, tc := range []struct {
		name  string
		c     Call
		want  string
		found bool
	}{
		{"other path", call("/cgi-bin/y", nil, ""), "", false},
		{"plain call takes the catch-all", call("/cgi-bin/x", nil, ""), any, true},
		{"query value", call("/cgi-bin/x", map[string]string{"userid": "lisi"}, ""), byQuery, true},
		{"other query value", call("/cgi-bin/x", map[string]string{"userid": "zhangsan"}, ""), any, true},
		{"body superset", call("/cgi-bin/x", nil, `{"a":{"b":1,"z":2},"c":[1,2],"d":true}`), byBody, true},
		{"array compared whole", call("/cgi-bin/x", nil, `{"a":{"b":1},"c":[1,2,3]}`), any, true},
		{"nested value differs", call("/cgi-bin/x", nil, `{"a":{"b":2},"c":[1,2]}`), any, true},
		{"corp", call("/cgi-bin/x", map[string]string{"corpid": "wwother"}, ""), byCorp, true},
	} {
		a, ok := tab.Take(tc.c)
		if ok != tc.found || a.StubID != tc.want {
			t.Errorf("%s: got stub %q (%v), want %q (%v)", tc.name, a.StubID, ok, tc.want, tc.found)
		}
	}
	hits := map[string]int64{}
	for _, s := range tab.List() {
		hits[s.ID] = s.Hits
	}
	if hits[any] != 4 || hits[byQuery] != 1 || hits[byBody] != 1 || hits[byCorp] != 1 {
		t.Errorf("hits %v", hits)
	}
}

func TestResponseSplitsErrcode(t *testing.T) {
	var tab Table
	if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x", Response: json.RawMessage(`{"errcode":60011,"extra":"a&b"}`)}); err != nil {
		t.Fatal(err)
	}
	a, _ := tab.Take(call("/cgi-bin/x", nil, ""))
	if a.ErrCode != 60011 || a.ErrMsg != "" || string(a.Fields) != `{"extra":"a&b"}` {
		t.Fatalf("answer %+v (%s)", a, a.Fields)
	}
}

func TestTimesRedeemedExactlyOnceEach(t *testing.T) {
	var tab Table
	if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x", Times: 25}); err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := tab.Take(call("/cgi-bin/x", nil, "")); ok {
				hits.Add(1)
			}
		}()
	}
	testwait.Group(t, &wg)
	if hits.Load() != 25 {
		t.Fatalf("a stub with times 25 answered %d calls", hits.Load())
	}
	if !tab.Empty() || len(tab.List()) != 0 {
		t.Fatal("a used-up stub is still installed")
	}
}

func TestRejectsBadStubs(t *testing.T) {
	for _, s := range []mockctl.Stub{
		{},
		{Path: "cgi-bin/x"},
		{Path: "/cgi-bin/x", Times: -1},
		{Path: "/cgi-bin/x", Response: json.RawMessage(`[1]`)},
		{Path: "/cgi-bin/x", Response: json.RawMessage(`{"errcode":"x"}`)},
		{Path: "/cgi-bin/x", Response: json.RawMessage(`{"errmsg":1}`)},
		{Path: "/cgi-bin/x", Match: mockctl.StubMatch{Body: json.RawMessage(`"x"`)}},
		{Path: "/cgi-bin/x", Response: json.RawMessage(`{"a":"` + strings.Repeat("x", MaxStubBytes) + `"}`)},
	} {
		var tab Table
		if _, err := tab.Add(s); err == nil {
			t.Errorf("accepted %+v", s)
		}
	}
}

func TestBounded(t *testing.T) {
	var tab Table
	for i := range MaxStubs {
		if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x"}); err != nil {
			t.Fatalf("stub %d: %v", i, err)
		}
	}
	if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x"}); err == nil {
		t.Fatal("more than MaxStubs stubs accepted")
	}
	tab.Clear()
	big := json.RawMessage(`{"a":"` + strings.Repeat("x", MaxStubBytes-100) + `"}`)
	n := 0
	for ; n < MaxStubs; n++ {
		if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x", Response: big}); err != nil {
			break
		}
	}
	if n*(MaxStubBytes-100) > MaxBytes {
		t.Fatalf("stubs hold %d bytes, over the %d bound", n*(MaxStubBytes-100), MaxBytes)
	}
	if n == 0 || n == MaxStubs {
		t.Fatalf("byte bound not reached as expected: %d big stubs", n)
	}
	if !tab.Remove(tab.List()[0].ID) {
		t.Fatal("remove failed")
	}
	if _, err := tab.Add(mockctl.Stub{Path: "/cgi-bin/x", Response: big}); err != nil {
		t.Fatalf("room freed by Remove is not reusable: %v", err)
	}
}
