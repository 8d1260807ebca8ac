package mockserver

import (
	"encoding/json"
	"sync"
	"time"
)

// RequestFilter selects journal entries; zero fields match everything. The
// same fields make the patterns of CountRequests and VerifyRequests.
type RequestFilter struct {
	Path    string // exact path, e.g. "/cgi-bin/gettoken"
	Method  string // GET, POST… in any case
	ErrCode *int   // the errcode answered
	CorpID  string
	AgentID int
	// Since keeps calls that arrived at or after this virtual time.
	Since time.Time
	// Query and Body match as a stub's match does: each query value
	// equal, Body (a JSON object) a subset of the call's JSON body. A body
	// the journal clipped (over 4 KiB) matches no Body.
	Query map[string]string
	Body  json.RawMessage
	// Limit and Cursor read one page (RequestsPage); both zero read all.
	Limit  int
	Cursor string
}

// entry is what the journal keeps of a call: a few fields, and in detail
// the path, raw query, headers and bodies as they came and went, clipped
// but neither decoded nor masked — that is done when the entry is read.
type entry struct {
	seq        int64
	time       time.Time
	method     string
	status     int
	errcode    int
	hasErrcode bool
	durationMS float64
	// detail holds the parts of partNames back to back; ends[i] is where
	// part i ends.
	detail []byte
	ends   [numParts]int32
	// reqBodyLen and respBodyLen are the bodies' full sizes, -1 unknown.
	reqBodyLen, respBodyLen int64
	trimmed                 bool // the byte budget dropped headers and bodies
	unmatched               bool
}

// The parts of an entry's detail, in order.
const (
	partPath = iota
	partQuery
	partReqHeaders
	partReqBody
	partRespHeaders
	partRespBody
	numParts
)

func (e *entry) part(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = e.ends[i-1]
	}
	return e.detail[start:e.ends[i]]
}

// extraBytes is what the byte budget counts of an entry: the room of its
// detail beyond path and query (a reused buffer may be larger than its
// content).
func (e *entry) extraBytes() int { return cap(e.detail) - int(e.ends[partQuery]) }

// journal is a fixed-size ring of the most recent requests, within a byte
// budget for their headers and bodies.
type journal struct {
	mu      sync.Mutex
	entries []entry
	next    int   // slot for the next entry
	size    int   // entries kept at most; the ring grows to it as calls come
	total   int64 // entries ever recorded since the last clear
	// extra is the headers and bodies kept, in bytes; trimFrom the oldest
	// sequence number whose may still be (journal_bounds.go).
	extra    int
	trimFrom int64
	// subs are the live streams (journal_stream.go); closed once the
	// server shuts down.
	subs   map[*journalSub]struct{}
	closed bool
}

// newJournal starts small: most servers of a test suite see a few calls,
// and a full ring up front was most of what building a server cost.
func newJournal(size int) *journal {
	return &journal{entries: make([]entry, 0, min(size, 16)), size: size}
}

// add records e with detail (a scratch buffer of the caller's, copied).
// Once the ring is full, a slot's detail buffer is reused for the entry
// that replaces it when large enough: recording then allocates nothing.
// Readers never keep a slot's buffer: snapshot and notifyLocked copy.
func (j *journal) add(e entry, detail []byte) {
	j.mu.Lock()
	e.seq = j.total
	var slot *entry
	if len(j.entries) < j.size {
		j.entries = append(j.entries, entry{})
		slot = &j.entries[len(j.entries)-1]
	} else {
		slot = &j.entries[j.next]
		j.extra -= slot.extraBytes()
	}
	buf := slot.detail
	if cap(buf) < len(detail) || slot.trimmed {
		buf = make([]byte, len(detail))
	}
	e.detail = buf[:len(detail)]
	copy(e.detail, detail)
	*slot = e
	j.extra += e.extraBytes()
	j.next = (j.next + 1) % j.size
	j.total++
	j.trimLocked()
	j.notifyLocked(e)
	j.mu.Unlock()
}

// snapshot copies the entries with sequence numbers from `from` on, at most
// n of them, oldest first, and the sequence number after the last copied.
func (j *journal) snapshot(from int64, n int) ([]entry, int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	first := j.total - int64(len(j.entries))
	from = max(from, first)
	end := min(j.total, from+int64(n))
	out := make([]entry, 0, max(end-from, 0))
	for s := from; s < end; s++ {
		out = append(out, j.entries[s%int64(j.size)].copied())
	}
	return out, max(end, from)
}

// copied is e with a detail of its own, for use outside j.mu.
func (e entry) copied() entry {
	e.detail = append([]byte(nil), e.detail...)
	return e
}

func (j *journal) clear() {
	j.mu.Lock()
	clear(j.entries) // drop the details now, not when overwritten
	j.entries = j.entries[:0]
	j.next = 0
	j.total = 0
	j.extra = 0
	j.trimFrom = 0
	j.mu.Unlock()
}

func (j *journal) count() (kept int, total int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries), j.total
}

// Requests returns the journal, oldest first, filtered by f; a Body that
// is not a JSON object matches nothing (CountRequests reports it). When f
// sets Limit or Cursor it returns that page (RequestsPage).
func (s *Server) Requests(f RequestFilter) []Request {
	if f.Limit != 0 || f.Cursor != "" {
		return s.RequestsPage(f).Requests
	}
	m, err := s.newRequestMatcher(f)
	if err != nil {
		return []Request{}
	}
	out, _, _ := s.findRequests(m, 0, -1)
	return out
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() { s.journal.clear() }
