package mockserver

import "github.com/wecom-mock/wecom-mock/client/errcode"

// apiError is a WeCom business error: HTTP 200 with errcode and errmsg.
type apiError struct {
	code errcode.Code
	// text replaces the code's standard phrase when set.
	text string
	// extra fields merged into the error body, e.g. the empty arrays user/get
	// keeps in its errors.
	extra any
}

func (e *apiError) Error() string { return e.phrase() }

func (e *apiError) phrase() string {
	if e.text != "" {
		return e.text
	}
	if t := e.code.Text(); t != "" {
		return t
	}
	return "mock fault"
}

// wecomErr returns the standard error of code.
func wecomErr(code errcode.Code) error { return &apiError{code: code} }

// wecomErrWith returns code's error with extra fields in its body.
func wecomErrWith(code errcode.Code, extra any) error { return &apiError{code: code, extra: extra} }

// wrongJSON is WeCom's answer to a request body that is not valid JSON.
func wrongJSON() error {
	return &apiError{code: errcode.InvalidParameter, text: "Warning: wrong json format. invalid Request Parameter"}
}
