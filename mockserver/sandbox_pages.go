package mockserver

import (
	"bytes"
	"net/http"
	"strings"
)

// The login pages link to their forms, assets and helpers by absolute
// paths (/wwmock/..., /connect/oauth2/authorize, /_mock/qrlogins/...) and
// redirect to them. Inside a sandbox those must keep /sandboxes/<id>: the
// sandbox rewrites them on the way out rather than every page learning its
// prefix. Links built from pages.BaseURL carry the prefix already.

// keepsPrefix reports whether answers to path may hold absolute paths that
// need the sandbox's prefix: everything but the WeCom API and the control
// API, whose answers are JSON.
func keepsPrefix(path string) bool {
	return !strings.HasPrefix(path, "/cgi-bin/") && !strings.HasPrefix(path, "/_mock/")
}

// prefixWriter puts prefix in front of an absolute-path Location and of the
// absolute paths in the attributes of an HTML answer.
type prefixWriter struct {
	http.ResponseWriter
	prefix      string
	wroteHeader bool
	html        bool
	status      int
	buf         bytes.Buffer
}

func (w *prefixWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	h := w.Header()
	if loc := h.Get("Location"); isAbsPath(loc) {
		h.Set("Location", w.prefix+loc)
	}
	if strings.HasPrefix(h.Get("Content-Type"), "text/html") && code != http.StatusNotModified {
		w.html, w.status = true, code
		h.Del("Content-Length")
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *prefixWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.html {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// finish sends a held HTML answer, rewritten.
func (w *prefixWriter) finish() {
	if !w.html {
		return
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(prefixHTML(w.buf.Bytes(), w.prefix))
}

// Unwrap lets http.ResponseController reach the connection.
func (w *prefixWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func isAbsPath(s string) bool { return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") }

// prefixHTML rewrites attribute values that are absolute paths ="/x" and
// ='/x' (not protocol-relative "//host") to start with prefix.
func prefixHTML(body []byte, prefix string) []byte {
	var out bytes.Buffer
	out.Grow(len(body) + 256)
	for {
		i := indexAttrPath(body)
		if i < 0 {
			out.Write(body)
			return out.Bytes()
		}
		out.Write(body[:i+2]) // through =" or ='
		out.WriteString(prefix)
		body = body[i+2:]
	}
}

// indexAttrPath finds the next =" or =' followed by a single slash.
func indexAttrPath(b []byte) int {
	off := 0
	for {
		i := bytes.IndexByte(b[off:], '=')
		if i < 0 {
			return -1
		}
		i += off
		if i+3 < len(b) && (b[i+1] == '"' || b[i+1] == '\'') && b[i+2] == '/' && b[i+3] != '/' {
			return i
		}
		off = i + 1
	}
}
