// Package stubs holds the user's canned answers for WeCom API calls
// (WireMock-style stubs): a bounded table matched by path, corp, query
// values and a subset of the JSON body, each stub answering a set number of
// times or until removed.
package stubs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The table's bounds: a stub's match and response, and all of them together.
const (
	MaxStubs     = 1000
	MaxStubBytes = 256 << 10
	MaxBytes     = 16 << 20
)

// Answer is what a matching stub makes the server answer.
type Answer struct {
	StubID  string
	ErrCode int
	// ErrMsg is the stub's errmsg; empty means the code's standard one.
	ErrMsg string
	// Fields is the rest of the response, a JSON object.
	Fields []byte
}

// Call is what the table may ask of a call to match it. Each function is
// called only when some stub needs it.
type Call struct {
	Path  string
	Corp  func() string
	Query func(name string) string
	// Body returns the call's JSON body as an object, or nil.
	Body func() map[string]any
}

type entry struct {
	stub   mockctl.Stub
	body   map[string]any // the decoded Match.Body
	answer Answer
	size   int
}

// Table is the server's stubs. Its zero value is empty and ready.
type Table struct {
	mu      sync.Mutex
	entries []*entry
	nextID  int
	bytes   int
	// active mirrors len(entries) so that calls skip the lock when there
	// are no stubs, which is nearly always.
	active atomic.Int32
}

// Add validates a stub and installs it, returning it with its id.
func (t *Table) Add(s mockctl.Stub) (mockctl.Stub, error) {
	e, err := prepare(s)
	if err != nil {
		return mockctl.Stub{}, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.entries) >= MaxStubs {
		return mockctl.Stub{}, fmt.Errorf("at most %d stubs; remove some first", MaxStubs)
	}
	if t.bytes+e.size > MaxBytes {
		return mockctl.Stub{}, fmt.Errorf("stubs may hold at most %d bytes in all; remove some first", MaxBytes)
	}
	t.nextID++
	e.stub.ID = "s" + strconv.Itoa(t.nextID)
	e.answer.StubID = e.stub.ID
	e.stub.Remaining = e.stub.Times
	e.stub.Hits = 0
	t.entries = append(t.entries, e)
	t.bytes += e.size
	t.active.Store(int32(len(t.entries)))
	return e.stub, nil
}

func prepare(s mockctl.Stub) (*entry, error) {
	switch {
	case s.Path == "":
		return nil, errors.New(`path is required, e.g. "/cgi-bin/oa/getapprovalinfo"`)
	case s.Path[0] != '/':
		return nil, fmt.Errorf("path %q must start with /", s.Path)
	case s.Times < 0:
		return nil, errors.New("times must be 0 (until removed) or more")
	}
	size := len(s.Path) + len(s.CorpID) + len(s.Response) + len(s.Match.Body)
	for k, v := range s.Match.Query {
		size += len(k) + len(v)
	}
	if size > MaxStubBytes {
		return nil, fmt.Errorf("a stub may hold at most %d bytes, this one has %d", MaxStubBytes, size)
	}
	e := &entry{stub: s, size: size}
	body, err := ParseBody(s.Match.Body)
	if err != nil {
		return nil, errors.New("match." + err.Error())
	}
	e.body = body
	answer, err := parseResponse(s.Response)
	if err != nil {
		return nil, err
	}
	e.answer = answer
	return e, nil
}

// parseResponse splits a response object into errcode, errmsg and the rest,
// re-encoded as WeCom writes JSON: & < > as they are, numbers as given.
func parseResponse(raw json.RawMessage) (Answer, error) {
	var a Answer
	if len(bytes.TrimSpace(raw)) == 0 {
		a.Fields = []byte("{}")
		return a, nil
	}
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return a, errors.New("response must be a JSON object")
	}
	if v, ok := fields["errcode"]; ok {
		n, isNum := v.(json.Number)
		code, err := strconv.Atoi(string(n))
		if !isNum || err != nil {
			return a, errors.New("response.errcode must be an integer")
		}
		a.ErrCode = code
		delete(fields, "errcode")
	}
	if v, ok := fields["errmsg"]; ok {
		msg, isStr := v.(string)
		if !isStr {
			return a, errors.New("response.errmsg must be a string")
		}
		a.ErrMsg = msg
		delete(fields, "errmsg")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fields); err != nil {
		return a, err
	}
	a.Fields = bytes.TrimSpace(buf.Bytes())
	return a, nil
}

// List returns the stubs, oldest first.
func (t *Table) List() []mockctl.Stub {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]mockctl.Stub, len(t.entries))
	for i, e := range t.entries {
		out[i] = e.stub
	}
	return out
}

// Remove deletes one stub; false if there is none with that id.
func (t *Table) Remove(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := slices.IndexFunc(t.entries, func(e *entry) bool { return e.stub.ID == id })
	if i < 0 {
		return false
	}
	t.removeLocked(i)
	return true
}

func (t *Table) removeLocked(i int) {
	t.bytes -= t.entries[i].size
	t.entries = slices.Delete(t.entries, i, i+1)
	t.active.Store(int32(len(t.entries)))
}

// Clear removes every stub.
func (t *Table) Clear() {
	t.mu.Lock()
	t.entries, t.bytes = nil, 0
	t.active.Store(0)
	t.mu.Unlock()
}

// Empty reports, without locking, whether there are no stubs.
func (t *Table) Empty() bool { return t.active.Load() == 0 }

// Take finds the newest stub that matches the call and uses it up once.
// A stub with times N answers exactly N calls, however many race for it.
func (t *Table) Take(c Call) (Answer, bool) {
	if t.Empty() {
		return Answer{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var (
		corp, corpKnown = "", false
		body            map[string]any
		bodyRead        bool
	)
	for i := len(t.entries) - 1; i >= 0; i-- {
		e := t.entries[i]
		if e.stub.Path != c.Path {
			continue
		}
		if e.stub.CorpID != "" {
			if !corpKnown {
				corp, corpKnown = c.Corp(), true
			}
			if corp != e.stub.CorpID {
				continue
			}
		}
		if !QueryMatches(e.stub.Match.Query, c.Query) {
			continue
		}
		if e.body != nil {
			if !bodyRead {
				body, bodyRead = c.Body(), true
			}
			if !Contains(body, e.body) {
				continue
			}
		}
		e.stub.Hits++
		if e.stub.Times > 0 {
			e.stub.Remaining--
			if e.stub.Remaining == 0 {
				t.removeLocked(i)
			}
		}
		return e.answer, true
	}
	return Answer{}, false
}
