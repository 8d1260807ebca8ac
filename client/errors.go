package client

import (
	"fmt"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// APIError is a WeCom business error: the server answered HTTP 200 with a
// non-zero errcode. It matches its code with errors.Is, through any wrapping:
//
//	if errors.Is(err, errcode.InvalidCode) { ... }
type APIError struct {
	// Code is the errcode.
	Code errcode.Code
	// Msg is the errmsg exactly as sent, hint and all.
	Msg string
	// Path is the API path that failed, e.g. "/cgi-bin/user/get".
	Path string

	// body is the whole answer, for calls whose errors carry data (the
	// invalid lists of message/send's 81013).
	body []byte
}

func (e *APIError) Error() string {
	return "wecom " + e.Path + ": errcode " + strconv.Itoa(int(e.Code)) + ": " + e.Msg
}

// Is reports whether target is e's errcode.Code, or an *APIError with the same
// code (and the same path, if target has one).
func (e *APIError) Is(target error) bool {
	switch t := target.(type) {
	case errcode.Code:
		return e.Code == t
	case *APIError:
		return t != nil && e.Code == t.Code && (t.Path == "" || t.Path == e.Path)
	}
	return false
}

// HTTPError is an answer with an HTTP status other than 200. WeCom sends its
// business errors with 200, so this means a proxy, a gateway or a wrong path
// (an unknown path is answered 404 with an empty body).
type HTTPError struct {
	StatusCode int
	// Status is the status line text, e.g. "502 Bad Gateway".
	Status string
	Path   string
	// Body is the start of the answer (at most 1 KiB).
	Body []byte
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("wecom %s: unexpected HTTP status %s", e.Path, e.Status)
}

// ResponseError is an answer the client could not understand: not JSON, a
// JSON value of the wrong shape, or a body without the errcode WeCom always
// sends on that API.
type ResponseError struct {
	Path string
	// Reason says what was wrong.
	Reason string
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Body is the start of the answer (at most 1 KiB).
	Body []byte
	// Err is the underlying decoding error, if any.
	Err error
}

func (e *ResponseError) Error() string {
	msg := "wecom " + e.Path + ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ResponseError) Unwrap() error { return e.Err }

const errorBodyLimit = 1 << 10

func snippet(b []byte) []byte {
	if len(b) > errorBodyLimit {
		b = b[:errorBodyLimit]
	}
	return append([]byte(nil), b...)
}
