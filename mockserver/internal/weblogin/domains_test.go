package weblogin_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// WeCom configures an app's 网页授权及JS-SDK 可信域名 (OAuth) and its
// 企业微信授权登录 callback domain (QR login) apart
// (https://developer.work.weixin.qq.com/document/path/91022,
// https://developer.work.weixin.qq.com/document/path/98151): fixtures'
// trusted_domains and login_domains.

const (
	splitAgent  = 1000004
	splitSecret = "split-secret"
	oauthOnly   = "https://oauth.example.com/cb"
	loginOnly   = "https://login.example.com/cb"
)

// splitWorld is LoginWorld plus an app whose two lists differ.
func splitWorld(t *testing.T) *fixtures.World {
	t.Helper()
	w := testkit.LoginWorld(t)
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{
		AgentID: splitAgent, Name: "Split", Secret: splitSecret,
		Visible:        fixtures.Visibility{Departments: []int{1}},
		TrustedDomains: []string{"oauth.example.com"},
		LoginDomains:   []string{"login.example.com"},
	})
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestLoginDomainsApartFromTrustedDomains(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(splitWorld(t)))
	agent := strconv.Itoa(splitAgent)
	tests := []struct {
		name, url string
		status    int
		want      []string
	}{
		{"oauth to a trusted domain", testkit.AuthorizeURL(srv, "agentid", agent, "redirect_uri", oauthOnly), http.StatusOK, nil},
		{"oauth to a login domain only", testkit.AuthorizeURL(srv, "agentid", agent, "redirect_uri", loginOnly), http.StatusBadRequest,
			[]string{"redirect_uri需使用应用可信域名", "not a trusted domain of app 1000004", "trusted_domains:\n          - &#34;oauth.example.com&#34;\n          - &#34;login.example.com&#34;"}},
		{"qr login to a login domain", testkit.QRLoginURL(srv, "agentid", agent, "redirect_uri", loginOnly), http.StatusOK, nil},
		{"qr login to a trusted domain only", testkit.QRLoginURL(srv, "agentid", agent, "redirect_uri", oauthOnly), http.StatusBadRequest,
			[]string{"redirect_uri需使用应用可信域名", "not a login domain", "Its login domains: login.example.com", "login_domains:\n          - &#34;login.example.com&#34;\n          - &#34;oauth.example.com&#34;"}},
		{"old qr login to a trusted domain only", testkit.PageURL(srv, "/wwopen/sso/qrConnect", []string{"appid", testkit.Corp1, "agentid", agent, "redirect_uri", oauthOnly}), http.StatusBadRequest,
			[]string{"redirect_uri需使用应用可信域名", "login_domains"}},
		// Without login_domains the QR login uses trusted_domains.
		{"default: qr login to a trusted domain", testkit.QRLoginURL(srv, "agentid", strconv.Itoa(testkit.PortalAgent), "redirect_uri", "https://portal.example.com/cb"), http.StatusOK, nil},
		{"default: qr login outside", testkit.QRLoginURL(srv, "agentid", strconv.Itoa(testkit.PortalAgent), "redirect_uri", oauthOnly), http.StatusBadRequest,
			[]string{"not a login domain", "Its login domains: portal.example.com, example.com:8443, localhost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WantPage(t, testkit.Get(t, tt.url), tt.status, tt.want...)
		})
	}
}

func TestLoginDomainsCodesReachTheirApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(splitWorld(t)))
	ctx := context.Background()
	app := sdk(srv, testkit.Corp1, splitSecret)
	agent := strconv.Itoa(splitAgent)

	code, _ := testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv, "agentid", agent, "redirect_uri", oauthOnly), "userid", "zhangsan"), oauthOnly+"?code=")
	if id, err := app.UserInfoFromCode(ctx, code); err != nil || id.UserID != "zhangsan" {
		t.Errorf("oauth code: %+v, %v", id, err)
	}
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	code, _ = testkit.Redirected(t, testkit.Get(t, testkit.QRLoginURL(srv, "agentid", agent, "redirect_uri", loginOnly)), loginOnly+"?code=")
	if id, err := app.UserInfoFromCode(ctx, code); err != nil || id.UserID != "lisi" {
		t.Errorf("qr login code: %+v, %v", id, err)
	}
}

// The exchange checks a code's redirect against the list of its kind:
// 50001 and the code unspent otherwise.
func TestLoginDomainsAtTheExchange(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(splitWorld(t)))
	ctx := context.Background()
	app := sdk(srv, testkit.Corp1, splitSecret)
	tests := []struct {
		kind, redirect string
		want           error
	}{
		{"oauth", oauthOnly, nil},
		{"oauth", loginOnly, errcode.RedirectDomainMismatch},
		{"qrcode", loginOnly, nil},
		{"qrcode", oauthOnly, errcode.RedirectDomainMismatch},
	}
	for _, tt := range tests {
		m := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes", map[string]any{
			"kind": tt.kind, "corpid": testkit.Corp1, "agentid": splitAgent, "userid": "zhangsan", "redirect_uri": tt.redirect,
		}), http.StatusOK)
		code := testkit.Str(t, m, "code")
		for range 2 { // a refused code is not spent
			_, err := app.UserInfoFromCode(ctx, code)
			if tt.want == nil {
				if err != nil {
					t.Errorf("%s to %s: %v", tt.kind, tt.redirect, err)
				}
				break
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("%s to %s: %v, want %v", tt.kind, tt.redirect, err, tt.want)
			}
		}
	}
}

func TestLoginDomainsValidated(t *testing.T) {
	t.Parallel()
	w := splitWorld(t)
	w.Corps[0].Apps[len(w.Corps[0].Apps)-1].LoginDomains = []string{"https://login.example.com/"}
	r := testkit.SendJSON(t, http.MethodPut, mockserver.NewTest(t).URL()+"/_mock/fixtures", w)
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `login domain \"https://login.example.com/\" must be a bare host or host:port`) {
		t.Errorf("PUT /_mock/fixtures with a bad login domain: %s", r)
	}
}
