package kernel

import "github.com/wecom-mock/wecom-mock/client/errcode"

// APIError is a WeCom business error: HTTP 200 with errcode and errmsg.
type APIError struct {
	Code errcode.Code
	// Text replaces the code's standard phrase when set.
	Text string
	// Extra fields merged into the error body, e.g. the empty arrays user/get
	// keeps in its errors.
	Extra any
}

func (e *APIError) Error() string { return e.Phrase() }

// Phrase is the errmsg before WeCom's hint suffix.
func (e *APIError) Phrase() string {
	if e.Text != "" {
		return e.Text
	}
	if t := e.Code.Text(); t != "" {
		return t
	}
	return "mock fault"
}

// Err returns the standard error of code.
func Err(code errcode.Code) error { return &APIError{Code: code} }

// ErrWith returns code's error with extra fields in its body.
func ErrWith(code errcode.Code, extra any) error { return &APIError{Code: code, Extra: extra} }

// WrongJSON is WeCom's answer to a request body that is not valid JSON.
func WrongJSON() error {
	return &APIError{Code: errcode.InvalidParameter, Text: "Warning: wrong json format. invalid Request Parameter"}
}
