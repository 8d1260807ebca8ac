// Package pages is the mock's one page system: every HTML page it serves to
// a browser — the OAuth authorize, consent and declined pages, the QR-login
// desktop and phone pages, the suite install page and the error page they
// share — rendered with html/template on one layout and one stylesheet,
// under one set of security headers.
//
// It owns the embedded templates and assets (served under StaticPrefix, so
// the pages load nothing from anywhere else), rendering, the error page, the
// SVG of a QR code (QRCodeSVG), and
// the host rules: which of WeCom's hosts serves which entry page under
// interception, and that the API host serves none. The page handlers — the
// login flows (internal/weblogin) and the install flow — call Render; pages
// render what they are given and know no world.
package pages
