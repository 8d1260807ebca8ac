package weblogin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// WeCom hands state back unchanged whatever its characters: the QR-login
// doc's own example sends "web_login@gyoss9"
// (https://developer.work.weixin.qq.com/document/path/91019), so the OAuth
// page's a-zA-Z0-9 advice (https://developer.work.weixin.qq.com/document/path/91022)
// is not enforced; only the 128-byte limit is.
var passedStates = []struct{ name, state string }{
	{"uuid", "3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b"},
	{"base64url", "q1-w2_e3r4T5y6U7i8O9p0A-S_d=="},
	{"space and a percent escape", "a b%20c"},
	{"the doc's example", "web_login@gyoss9"},
	{"json", `{"next":"/orders?id=7&x=1"}`},
	{"128 bytes", strings.Repeat("状", 42) + "ab"},
}

// wantStateInLocation checks the raw Location carries state percent-encoded
// and that decoding it gives state back byte for byte.
func wantStateInLocation(t *testing.T, r *testkit.Resp, prefix, state string) {
	t.Helper()
	_, got := testkit.Redirected(t, r, prefix)
	if got != state {
		t.Errorf("state %q, want %q", got, state)
	}
	loc := r.Header.Get("Location")
	if !strings.Contains(loc, "&state="+url.QueryEscape(state)) {
		t.Errorf("Location %q does not carry state query-escaped", loc)
	}
}

func TestStatePassesThroughOAuth(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, tt := range passedStates {
		t.Run(tt.name, func(t *testing.T) {
			page := testkit.AuthorizeURL(srv, "state", tt.state)
			wantStateInLocation(t, testkit.Choose(t, srv, page, "userid", "zhangsan"), testkit.AppCallback+"?code=", tt.state)
		})
	}
}

func TestStatePassesThroughQRLogin(t *testing.T) {
	t.Parallel()
	for _, tt := range passedStates {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t)
			for _, u := range []string{
				testkit.QRLoginURL(srv, "state", tt.state),
				testkit.PageURL(srv, "/wwopen/sso/qrConnect", []string{
					"appid", testkit.Corp1, "agentid", strconv.Itoa(testkit.AgentID), "redirect_uri", testkit.AppCallback, "state", tt.state,
				}),
			} {
				if err := srv.NextLogin(mockserver.LoginAs{UserID: "zhangsan"}); err != nil {
					t.Fatal(err)
				}
				wantStateInLocation(t, testkit.Get(t, u), testkit.AppCallback+"?code=", tt.state)
			}
		})
	}
}

func TestStateOver128BytesRefused(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	long := strings.Repeat("状", 43) // 129 bytes
	for name, u := range map[string]string{
		"oauth": testkit.AuthorizeURL(srv, "state", long),
		"qr":    testkit.QRLoginURL(srv, "state", long),
		"old qr": testkit.PageURL(srv, "/wwopen/sso/qrConnect", []string{
			"appid", testkit.Corp1, "agentid", strconv.Itoa(testkit.AgentID), "redirect_uri", testkit.AppCallback, "state", long,
		}),
	} {
		t.Run(name, func(t *testing.T) {
			testkit.WantPage(t, testkit.Get(t, u), http.StatusBadRequest, "state参数错误", "at most 128 bytes", "129 bytes")
		})
	}
	if ls := srv.QRLogins(); len(ls) != 0 {
		t.Errorf("a refused state opened QR logins: %+v", ls)
	}
}
