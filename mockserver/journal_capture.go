package mockserver

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Recording a call: the middleware copies at most the journal's limits of
// each part (journal_bounds.go) into a scratch buffer the pooled writer
// keeps, and the journal copies that into its slot (journal.add). Masking, decoding
// and naming the corp wait until the journal is read.

// journalWriters recycles journalWriter values and their buffers.
var journalWriters = sync.Pool{New: func() any { return new(journalWriter) }}

// journalWriter records the status, errcode, headers and first bytes of a
// response, and the first bytes of the request body (teeBody).
type journalWriter struct {
	http.ResponseWriter
	status     int
	errcode    int
	hasErrcode bool
	unmatched  bool // set by unmatchedPath
	body       []byte
	bodyLen    int64
	reqHead    []byte // the request body's first bytes, up to maxJournalBody+1
	tee        teeBody
	scratch    []byte // the entry's detail, before its one copy
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
	if room := maxJournalBody - len(w.body); room > 0 {
		w.body = append(w.body, b[:min(room, len(b))]...)
	}
	w.bodyLen += int64(len(b))
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *journalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// teeBody copies the first bytes the handler reads of a request body,
// up to one past the journal's limit, and counts them all. Reading as the
// handler reads keeps a call with a slow body waiting where it would
// without the journal: in the handler, counted in flight.
type teeBody struct {
	rest io.ReadCloser
	w    *journalWriter
	n    int64 // bytes read
	done bool  // the end of the body, or an error, was read
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.rest.Read(p)
	if room := maxJournalBody + 1 - len(b.w.reqHead); room > 0 && n > 0 {
		b.w.reqHead = append(b.w.reqHead, p[:min(n, room)]...)
	}
	b.n += int64(n)
	if err != nil {
		b.done = true
	}
	return n, err
}

func (b *teeBody) Close() error { return b.rest.Close() }

// teeRequest puts a teeBody in front of r's body.
func (w *journalWriter) teeRequest(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	w.tee = teeBody{rest: r.Body, w: w}
	r.Body = &w.tee
}

// requestBodyLen reads what the handler left unread of the body's first
// bytes — a bad token is refused before the body is read, and the journal
// should show it all the same; net/http reads the rest of an unread body
// before answering anyway — and returns the body's full size, -1 if
// unknown.
func (w *journalWriter) requestBodyLen(r *http.Request) int64 {
	b := &w.tee
	if b.rest == nil {
		return 0
	}
	if !b.done && len(w.reqHead) <= maxJournalBody {
		have := len(w.reqHead)
		if cap(w.reqHead) < maxJournalBody+1 { // once per pooled writer
			w.reqHead = append(make([]byte, 0, maxJournalBody+1), w.reqHead...)
		}
		n, err := io.ReadFull(b.rest, w.reqHead[have:maxJournalBody+1])
		w.reqHead = w.reqHead[:have+n]
		b.n += int64(n)
		b.done = err != nil
	}
	switch {
	case b.done:
		return b.n
	case r.ContentLength >= 0:
		return r.ContentLength
	}
	return -1
}

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
		*jw = journalWriter{ResponseWriter: w, body: jw.body[:0], reqHead: jw.reqHead[:0], scratch: jw.scratch[:0]}
		defer func() {
			// Keep the buffers, not the connection's writer or the body.
			jw.ResponseWriter, jw.tee = nil, teeBody{}
			journalWriters.Put(jw)
		}()
		jw.teeRequest(r)
		next.ServeHTTP(jw, r)
		reqBodyLen := jw.requestBodyLen(r)
		e := entry{
			time:        arrived,
			method:      journalMethod(r.Method),
			status:      jw.status,
			errcode:     jw.errcode,
			hasErrcode:  jw.hasErrcode,
			durationMS:  float64(s.cfg.realNow().Sub(started).Microseconds()) / 1000,
			reqBodyLen:  reqBodyLen,
			respBodyLen: jw.bodyLen,
			unmatched:   jw.unmatched,
		}
		if e.status == 0 {
			e.status = http.StatusOK
		}
		jw.scratch = e.fill(jw.scratch, r, jw)
		s.journal.add(e, jw.scratch)
		if s.cfg.logger.Enabled(r.Context(), slog.LevelDebug) {
			s.cfg.logger.Debug("request", "method", e.method, "path", r.URL.Path, "query", maskQuery(clipJournal(r.URL.RawQuery, maxJournalQuery, "&")),
				"status", e.status, "errcode", e.errcode, "duration_ms", e.durationMS)
		}
	})
}

// fill copies the clipped path, query, headers and bodies into scratch,
// marking where each part ends, and returns it: journal.add copies it.
func (e *entry) fill(scratch []byte, r *http.Request, jw *journalWriter) []byte {
	b := appendClipped(scratch, r.URL.Path, maxJournalPath, "")
	e.ends[partPath] = int32(len(b))
	b = appendClipped(b, r.URL.RawQuery, maxJournalQuery, "&")
	e.ends[partQuery] = int32(len(b))
	b = appendHeaders(b, r.Header)
	e.ends[partReqHeaders] = int32(len(b))
	b = append(b, jw.reqHead[:min(len(jw.reqHead), maxJournalBody)]...)
	e.ends[partReqBody] = int32(len(b))
	b = appendHeaders(b, jw.Header())
	e.ends[partRespHeaders] = int32(len(b))
	b = append(b, jw.body...)
	e.ends[partRespBody] = int32(len(b))
	return b
}

// journalMethod is r.Method without keeping the request line it is cut
// from, which holds the whole URL.
func journalMethod(m string) string {
	for _, known := range routeMethods {
		if m == known {
			return known
		}
	}
	return strings.Clone(clipJournal(m, 32, ""))
}

// appendHeaders writes h as "Name: value\n" lines, at most
// maxJournalHeaders bytes of them, and a last line "…[truncated N bytes]"
// when some did not fit.
func appendHeaders(b []byte, h http.Header) []byte {
	start, dropped := len(b), 0
	for k, vs := range h {
		for _, v := range vs {
			n := len(k) + len(v) + 3
			if len(b)-start+n > maxJournalHeaders {
				dropped += n
				continue
			}
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, '\n')
		}
	}
	if dropped > 0 {
		b = append(b, "…[truncated "...)
		b = strconv.AppendInt(b, int64(dropped), 10)
		b = append(b, " bytes]\n"...)
	}
	return b
}

func isControlPath(p string) bool { return strings.HasPrefix(p, "/_mock/") || p == "/_mock" }

// unmatchedPath answers a path no API or page serves — an empty 404, as
// the real host gives — and marks the call so the journal lists the
// nearest API paths with it.
func unmatchedPath(w http.ResponseWriter, r *http.Request) {
	if jw, ok := w.(*journalWriter); ok {
		jw.unmatched = true
	}
	notFound(w, r)
}
