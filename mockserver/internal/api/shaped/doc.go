// Package shaped answers the WeCom endpoints that the mock does not model
// with state: it checks a request against the endpoint's catalog entry —
// required parameters, their JSON types and limits — and answers the
// catalog's example response, so that every SDK gets an answer it decodes.
//
// The package knows nothing of tokens, routing or the HTTP writer; the
// server checks the credential first and turns a Problem into the WeCom
// error body.
package shaped
