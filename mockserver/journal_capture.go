package mockserver

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Recording a call: the middleware copies at most the journal's limits of
// each part (journal_bounds.go) into a scratch buffer the pooled writer
// keeps, and the entry takes one allocation, its detail. Masking, decoding
// and naming the corp wait until the journal is read.

// journalWriters recycles journalWriter values and their buffers.
var journalWriters = sync.Pool{New: func() any { return new(journalWriter) }}

// journalWriter records the status, errcode, headers and first bytes of a
// response, and replays the first bytes of the request body it read ahead.
type journalWriter struct {
	http.ResponseWriter
	status     int
	errcode    int
	hasErrcode bool
	unmatched  bool // set by unmatchedPath
	body       []byte
	bodyLen    int64
	reqHead    []byte // the request body read ahead, up to maxJournalBody+1 bytes
	replay     replayBody
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

// replayBody is a request body whose first bytes were read ahead.
type replayBody struct {
	head []byte
	err  error // of the read ahead, other than the end of the body
	rest io.ReadCloser
}

func (b *replayBody) Read(p []byte) (int, error) {
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.rest.Read(p)
}

func (b *replayBody) Close() error { return b.rest.Close() }

// readAhead reads the first bytes of r's body, up to one past the journal's
// limit, and puts them back in front of the rest: the journal sees what was
// sent even when the handler stops reading early (a bad token is refused
// before the body is read). Returns the body's full size, -1 if unknown.
func (w *journalWriter) readAhead(r *http.Request) int64 {
	if r.Body == nil || r.Body == http.NoBody {
		return 0
	}
	w.reqHead = w.reqHead[:cap(w.reqHead)]
	if len(w.reqHead) < maxJournalBody+1 {
		w.reqHead = make([]byte, maxJournalBody+1)
	}
	n, err := io.ReadFull(r.Body, w.reqHead)
	w.reqHead = w.reqHead[:n]
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil
	}
	w.replay = replayBody{head: w.reqHead, err: err, rest: r.Body}
	r.Body = &w.replay
	switch {
	case n <= maxJournalBody:
		return int64(n)
	case r.ContentLength > 0:
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
			jw.ResponseWriter, jw.replay = nil, replayBody{}
			journalWriters.Put(jw)
		}()
		reqBodyLen := jw.readAhead(r)
		next.ServeHTTP(jw, r)
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
		if e.unmatched {
			e.didYouMean = s.nearestPaths(r.URL.Path)
		}
		jw.scratch = e.fill(jw.scratch, r, jw)
		s.journal.add(e)
		if s.cfg.logger.Enabled(r.Context(), slog.LevelDebug) {
			s.cfg.logger.Debug("request", "method", e.method, "path", r.URL.Path, "query", maskQuery(string(e.part(partQuery))),
				"status", e.status, "errcode", e.errcode, "duration_ms", e.durationMS)
		}
	})
}

// fill copies the clipped path, query, headers and bodies into scratch and
// from there into the entry's own detail, returning scratch for reuse.
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
	e.detail = append([]byte(nil), b...)
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
