// Package testkit is what the black-box HTTP tests of the server share: a
// client that never follows redirects and reads whole answers, the checks of
// WeCom's success and error bodies (HTTP 200, the JSON content type, the
// errmsg with its hint suffix, the Error-Code and Error-Msg headers) and of
// the control API's answers, the default world's credentials, and the helpers
// that get tokens, mint codes, install suites (through the install page
// too) and send messages as a caller would, and those that open, post and
// check the login pages as a browser would, and the callback receivers and
// waits the callback and browser tests share.
//
// It serves the tests of mockserver, of the API families under
// mockserver/internal/api, of mockserver/internal/suites, of the login
// pages (internal/weblogin) and the browser tests (internal/browsertest,
// a module of its own); only test files import it
// (internal/architecture checks that). Every helper takes a testing.TB and
// fails the test on a transport error or an answer that breaks the
// convention it checks.
package testkit
