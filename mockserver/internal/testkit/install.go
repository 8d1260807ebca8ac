package testkit

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// InstallPageURL is the suite install page for a pre_auth_code; redirect
// and state are left out when empty.
func InstallPageURL(srv *mockserver.Server, suiteID, pre, redirect, state string) string {
	q := url.Values{"suite_id": {suiteID}, "pre_auth_code": {pre}}
	if redirect != "" {
		q.Set("redirect_uri", redirect)
	}
	if state != "" {
		q.Set("state", state)
	}
	return srv.URL() + "/3rdapp/install?" + q.Encode()
}

// PreAuthCode gets a pre_auth_code through the API with the suite token tok.
func PreAuthCode(t testing.TB, srv *mockserver.Server, tok string) string {
	t.Helper()
	return Str(t, GetOK(t, SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", tok)), "pre_auth_code")
}

// SubmitInstall posts the install page's form.
func SubmitInstall(t testing.TB, srv *mockserver.Server, form url.Values) *Resp {
	t.Helper()
	return Do(t, http.MethodPost, srv.URL()+"/3rdapp/install", strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}
