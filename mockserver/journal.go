package mockserver

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// RequestFilter selects journal entries; zero fields match everything.
type RequestFilter struct {
	Path string // exact path, e.g. "/cgi-bin/gettoken"
	// Limit and Cursor read one page (RequestsPage); both zero read all.
	Limit  int
	Cursor string
}

// journal is a fixed-size ring of the most recent requests. The hot path only
// copies the raw query; masking happens when the journal is read.
type journal struct {
	mu      sync.Mutex
	entries []Request
	next    int   // slot for the next entry
	size    int   // entries kept at most; the ring grows to it as calls come
	total   int64 // entries ever recorded since the last clear
	// subs are the live streams (journal_stream.go); closed once the
	// server shuts down.
	subs   map[*journalSub]struct{}
	closed bool
	// corpOf names the corp of a raw query (Server.queryCorp); nil leaves
	// CorpID empty. Called when entries are read, off the hot path.
	corpOf func(rawQuery string) string
}

// newJournal starts small: most servers of a test suite see a few calls,
// and a full ring up front was most of what building a server cost.
func newJournal(size int) *journal {
	return &journal{entries: make([]Request, 0, min(size, 16)), size: size}
}

func (j *journal) add(e Request) {
	j.mu.Lock()
	if len(j.entries) < j.size {
		j.entries = append(j.entries, e)
	} else {
		j.entries[j.next] = e
	}
	j.next = (j.next + 1) % j.size
	j.total++
	j.notifyLocked(e)
	j.mu.Unlock()
}

// list returns matching entries, oldest first, with secrets masked.
func (j *journal) list(f RequestFilter) []Request {
	j.mu.Lock()
	ordered := make([]Request, 0, len(j.entries))
	if len(j.entries) < j.size {
		ordered = append(ordered, j.entries...)
	} else {
		ordered = append(ordered, j.entries[j.next:]...)
		ordered = append(ordered, j.entries[:j.next]...)
	}
	j.mu.Unlock()
	out := ordered[:0]
	for _, e := range ordered {
		if f.Path != "" && e.Path != f.Path {
			continue
		}
		out = append(out, j.reveal(e))
	}
	return out
}

func (j *journal) clear() {
	j.mu.Lock()
	j.entries = j.entries[:0]
	j.next = 0
	j.total = 0
	j.mu.Unlock()
}

func (j *journal) count() (kept int, total int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries), j.total
}

// secretParams are query parameters never shown in full; tokens keep a short
// prefix so entries can still be told apart. Names are matched in any letter
// case, however a client spells them (CorpSecret).
var secretParams = map[string]bool{
	"corpsecret": true, "suite_secret": true, "provider_secret": true, "secret": true,
	"permanent_code": true,
}
var tokenParams = map[string]bool{
	"access_token": true, "suite_access_token": true, "provider_access_token": true,
}

func maskQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, value, _ := strings.Cut(p, "=")
		key, err := url.QueryUnescape(name)
		if err != nil {
			key = name
		}
		key = strings.ToLower(key)
		switch {
		case secretParams[key] && value != "":
			parts[i] = name + "=***"
		case tokenParams[key] && len(value) > 8:
			parts[i] = name + "=" + value[:8] + "***"
		}
	}
	return strings.Join(parts, "&")
}

// journalWriters recycles journalWriter values: one per request otherwise.
var journalWriters = sync.Pool{New: func() any { return new(journalWriter) }}

// journalWriter records the status and errcode of a response.
type journalWriter struct {
	http.ResponseWriter
	status     int
	errcode    int
	hasErrcode bool
}

func (w *journalWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *journalWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *journalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withJournal records every request outside /_mock/ in the journal.
func (s *Server) withJournal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		started := s.cfg.realNow() // real time: this measures the mock, not the world
		arrived := s.store.Now()
		jw := journalWriters.Get().(*journalWriter)
		*jw = journalWriter{ResponseWriter: w}
		defer func() {
			jw.ResponseWriter = nil // do not keep the connection's writer alive
			journalWriters.Put(jw)
		}()
		next.ServeHTTP(jw, r)
		e := Request{
			Time:       arrived,
			Method:     r.Method,
			Path:       clipJournal(r.URL.Path, maxJournalPath, ""),
			Query:      clipJournal(r.URL.RawQuery, maxJournalQuery, "&"),
			Status:     jw.status,
			DurationMS: float64(s.cfg.realNow().Sub(started).Microseconds()) / 1000,
		}
		if e.Status == 0 {
			e.Status = http.StatusOK
		}
		if jw.hasErrcode {
			code := jw.errcode
			e.ErrCode = &code
		}
		s.journal.add(e)
		if s.cfg.logger.Enabled(r.Context(), slog.LevelDebug) {
			s.cfg.logger.Debug("request", "method", e.Method, "path", e.Path, "query", maskQuery(e.Query),
				"status", e.Status, "errcode", jw.errcode, "duration_ms", e.DurationMS)
		}
	})
}

func isControlPath(p string) bool { return strings.HasPrefix(p, "/_mock/") || p == "/_mock" }

// Requests returns the journal, oldest first, filtered by f.
// When f sets Limit or Cursor it returns that page (RequestsPage).
func (s *Server) Requests(f RequestFilter) []Request {
	if f.Limit != 0 || f.Cursor != "" {
		return s.RequestsPage(f).Requests
	}
	return s.journal.list(f)
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() { s.journal.clear() }
