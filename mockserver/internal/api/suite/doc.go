// Package suite is the family of the third-party and 代开发 suite endpoints
// (service/*): the suite token, pre_auth_code and session info, permanent
// codes and the install's corp token and auth info, and the suite's own
// login code exchanges. The install itself is driven by the server's pages
// and control API; this family answers what the vendor's backend calls.
package suite
