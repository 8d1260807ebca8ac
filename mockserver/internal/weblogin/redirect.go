package weblogin

import (
	"net/url"
	"strings"
)

// withCode is where a finished login sends the browser:
// REDIRECT_URI?code=CODE&state=STATE, with state present even when empty, as
// the doc example shows
// (https://developer.work.weixin.qq.com/document/path/96441). The redirect
// URI's own query is kept and a fragment (a single-page app's #/route) stays
// after the query.
func withCode(redirectURI, code, state string) string {
	return withParam(redirectURI, "code", code, state)
}

// withParam is withCode with the code's parameter named (auth_code for the
// provider's website login).
func withParam(redirectURI, name, code, state string) string {
	u, err := url.Parse(redirectURI)
	if err != nil {
		// Validated before any code is issued; never reached.
		return redirectURI
	}
	add := name + "=" + url.QueryEscape(code) + "&state=" + url.QueryEscape(state)
	if u.RawQuery == "" {
		u.RawQuery = add
	} else {
		u.RawQuery = strings.TrimSuffix(u.RawQuery, "&") + "&" + add
	}
	u.ForceQuery = false
	return u.String()
}
