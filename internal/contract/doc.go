// Package contract checks that a mock answers like the real WeCom: it
// calls a set of read-only APIs on two hosts — the real one and a mock
// serving the imported world — with each host's own credentials, and
// compares the answers' shapes: errcode, the keys at every level, each
// value's JSON type, and, where the worlds match, list lengths. Values are
// never compared, printed or kept.
//
// Every request goes through one gate that refuses any path the endpoint
// catalog does not mark read-only, so nothing is ever written to a corp.
package contract
