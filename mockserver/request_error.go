package mockserver

import "net/http"

// RequestError says why the server refused a request of its Go or control
// API (minting a code, driving a login, configuring a callback, installing
// a suite, …). The control API answers it as a 4xx: 404 when something named
// does not exist, 409 when the current state does not allow the action, 400
// for a malformed request.
type RequestError struct {
	Reason string
	// NotFound reports an unknown corp, app, member, suite, QR login, ….
	NotFound bool
	// Conflict reports a request the current state does not allow, such as
	// confirming a QR login before it was scanned or triggering a callback
	// for an app without one.
	Conflict bool
}

func (e *RequestError) Error() string { return e.Reason }

func (e *RequestError) status() int {
	switch {
	case e.NotFound:
		return http.StatusNotFound
	case e.Conflict:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
