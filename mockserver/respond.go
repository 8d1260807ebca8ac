package mockserver

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeResult is the one place API answers are written: v as
// {"errcode":0,"errmsg":"ok",...v's fields}, or err as the exact WeCom error
// body. Both are HTTP 200, as on the real host. A v that is an http.Handler
// is a raw answer (a file) and serves itself.
func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			// A bug in the mock must not look like a crash to the app under
			// test: answer like WeCom does when it is in trouble.
			s.cfg.logger.Error("handler failed", "path", r.URL.Path, "err", err)
			ae = &apiError{Code: errcode.SystemBusy}
		}
		s.writeError(w, r, ae)
		return
	}
	if h, ok := v.(http.Handler); ok {
		// A raw answer (media/get's file) is served as is; the journal
		// records its status and no errcode.
		h.ServeHTTP(w, r)
		return
	}
	msg := "ok"
	if m, ok := v.(withMsg); ok {
		msg, v = m.Msg, m.Body
	}
	s.writeBody(w, errcode.OK, msg, v)
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, ae *apiError) {
	msg := s.errmsg(ae.Code, ae.Phrase(), r)
	w.Header().Set("Error-Code", strconv.Itoa(int(ae.Code)))
	w.Header().Set("Error-Msg", msg)
	s.writeBody(w, ae.Code, msg, ae.Extra)
}

var jsonContentType = []string{"application/json; charset=UTF-8"}

// writeBody writes {"errcode":code,"errmsg":msg} followed by the fields of
// extra, which must marshal to a JSON object (or be nil, or a rawObject).
func (s *Server) writeBody(w http.ResponseWriter, code errcode.Code, msg string, extra any) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()

	buf.WriteString(`{"errcode":`)
	buf.WriteString(strconv.Itoa(int(code)))
	buf.WriteString(`,"errmsg":`)
	if msg == "ok" {
		buf.WriteString(`"ok"`) // the common case, without an allocation
	} else {
		writeJSONString(buf, msg)
	}
	fields, encoded := extra.(rawObject)
	if extra != nil && !encoded {
		scratch := bufPool.Get().(*bytes.Buffer)
		defer func() { scratch.Reset(); bufPool.Put(scratch) }()
		err := kernel.MarshalTo(scratch, extra)
		if fields = scratch.Bytes(); err != nil || len(fields) == 0 || fields[0] != '{' {
			s.cfg.logger.Error("response body is not a JSON object", "err", err)
			fields = nil
		}
	}
	if len(fields) > 2 {
		buf.WriteByte(',')
		buf.Write(fields[1:])
	} else {
		buf.WriteByte('}')
	}
	if jw, ok := w.(*journalWriter); ok {
		jw.errcode = int(code)
		jw.hasErrcode = true
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType // shared: net/http never modifies it
	// No Content-Length here: net/http sets it itself for a body written in
	// one piece below its 2 KiB buffer, without formatting it per call.
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

func writeJSONString(buf *bytes.Buffer, s string) {
	_ = kernel.MarshalTo(buf, s) // a string always marshals
}

// errmsg renders an error message the way WeCom does:
// "<phrase>, hint: [<id>], from ip: <ip>, more info at <url>?e=<code>".
func (s *Server) errmsg(code errcode.Code, phrase string, r *http.Request) string {
	if s.cfg.plainErrmsg {
		return phrase
	}
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	// Newer WeCom hint ids are 25 decimal digits starting with the unix time:
	// 10 digits of seconds (clamped, so a virtual clock set before 2001 or
	// after 2286 keeps the width) and a 15-digit sequence.
	seq := s.hints.Add(1) % 1_000_000_000_000_000
	secs := min(max(s.store.Now().Unix(), 0), 9_999_999_999)
	hint := padDigits(uint64(secs), 10) + padDigits(seq, 15)
	return phrase + ", hint: [" + hint + "], from ip: " + ip +
		", more info at https://open.work.weixin.qq.com/devtool/query?e=" + strconv.Itoa(int(code))
}

// padDigits formats n in decimal, left-padded with zeros to width (≤ 15).
func padDigits(n uint64, width int) string {
	s := strconv.FormatUint(n, 10)
	const zeros = "000000000000000"
	if len(s) < width {
		s = zeros[:width-len(s)] + s
	}
	return s
}

// notFound answers an unknown path as the real host does: 404, empty body.
func notFound(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusNotFound)
}
