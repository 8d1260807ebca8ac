// Package login is the family of the login code exchanges and JS-SDK
// tickets: the mini program's jscode2session, the OAuth and QR-login
// getuserinfo endpoints (new and old), getuserdetail with its user_ticket,
// and the corp and agent jsapi tickets. Codes are single use and expire on
// the virtual clock; the code's app, visible range and trusted domain are
// checked as WeCom checks them.
package login
