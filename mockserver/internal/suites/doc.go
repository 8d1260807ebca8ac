// Package suites is the mock's side of third-party apps and 代开发 templates
// as WeCom plays it towards their vendors (not the service/* API endpoints,
// which are the API family in mockserver/internal/api/suite): the
// suite_ticket schedule on the virtual clock, the suite callbacks (指令回调)
// pushed to the vendor's callback URL — suite_ticket, create_auth,
// change_auth, cancel_auth and reset_permanent_code — through the callback
// engine, the install flow and its install page, rendered through the pages
// package, and the operations behind the Go and control APIs of suites
// (installs, authorization changes, suite codes, the suites' state).
//
// Operations return the store's errors as they are and a *RequestError for
// a malformed request; the server turns them into its refusals.
package suites
