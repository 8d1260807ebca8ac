package weblogin

// Validation of the third-party login pages' query strings: the authorize
// URL of a suite (appid=SuiteID,
// https://developer.work.weixin.qq.com/document/path/91120), the QR login
// with login_type=ServiceApp
// (https://developer.work.weixin.qq.com/document/path/98171) and the
// provider's website login (3rd_qrConnect,
// https://developer.work.weixin.qq.com/document/path/91124).

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The provider login's parameters, in URL order.
var providerParamNames = []string{"appid", "redirect_uri", "state", "usertype", "lang"}

// isSuite reports whether id names a suite of the world (and no corp).
func (f *Flows) isSuite(id string) bool {
	if id == "" || f.st.CorpExists(id) {
		return false
	}
	_, err := f.st.Suite(id)
	return err == nil
}

// suiteApp is how the pages name a suite's login before a corp is chosen.
func (f *Flows) suiteApp(suiteID string) (fixtures.Suite, store.LoginApp, *pages.ErrorPage) {
	su, err := f.st.Suite(suiteID)
	if err != nil {
		var ids []string
		for _, s := range f.st.Fixtures().Suites {
			ids = append(ids, s.SuiteID)
		}
		return fixtures.Suite{}, store.LoginApp{}, &pages.ErrorPage{
			Headline: "appid参数错误",
			Problem:  fmt.Sprintf("No suite %q is loaded.", suiteID),
			Fix:      "appid is the suite_id of a third-party app in the fixtures. Loaded suites: " + orNone(ids) + ".",
		}
	}
	name := su.Name
	if name == "" {
		name = su.SuiteID
	}
	return su, store.LoginApp{AppName: name, TrustedDomains: su.TrustedDomains, LoginDomains: suiteQRDomains(su)}, nil
}

// suiteQRDomains are a suite's QR-login domains: login_domains, else
// trusted_domains.
func suiteQRDomains(su fixtures.Suite) []string {
	if len(su.LoginDomains) > 0 {
		return su.LoginDomains
	}
	return su.TrustedDomains
}

// validateSuiteOAuth checks a suite's authorize URL: appid (the suite id),
// redirect_uri, response_type, scope, state, then the redirect's host
// against the suite's trusted domains. agentid is accepted and ignored: the
// URL serves every corp that installed the suite.
func (f *Flows) validateSuiteOAuth(q url.Values) (loginTarget, *pages.ErrorPage) {
	t := loginTarget{Params: pickParams(q, oauthParamNames)}
	fail := func(e *pages.ErrorPage) (loginTarget, *pages.ErrorPage) {
		e.Received = t.Params
		return loginTarget{}, e
	}
	su, app, e := f.suiteApp(q.Get("appid"))
	if e != nil {
		return fail(e)
	}
	t.SuiteID, t.App = su.SuiteID, app
	if e := readOAuthQuery(q, &t, scopeFixSuite); e != nil {
		return fail(e)
	}
	if !store.RedirectTrusted(su.TrustedDomains, t.RedirectURI) {
		return fail(untrustedFor("suites", "suite_id", su.SuiteID, "trusted_domains", "trusted domain", su.TrustedDomains, t.RedirectURI))
	}
	return t, nil
}

// validateSuiteQR checks a ServiceApp QR login: appid is the suite id,
// agentid is ignored, the redirect's host must be a login domain of the
// suite.
func (f *Flows) validateSuiteQR(q url.Values, t loginTarget) (loginTarget, *pages.ErrorPage) {
	fail := func(e *pages.ErrorPage) (loginTarget, *pages.ErrorPage) {
		e.Received = t.Params
		return loginTarget{}, e
	}
	su, app, e := f.suiteApp(q.Get("appid"))
	if e != nil {
		if f.st.CorpExists(q.Get("appid")) {
			e.Problem = "appid is a corpid, but login_type=ServiceApp takes the suite_id of a third-party app."
			e.Fix = "Use login_type=CorpApp with a corpid and agentid, or set appid to the suite_id."
		}
		return fail(e)
	}
	t.SuiteID, t.App = su.SuiteID, app
	t.RedirectURI = q.Get("redirect_uri")
	if e := checkRedirectURI(t.RedirectURI); e != nil {
		return fail(e)
	}
	if !store.RedirectTrusted(app.LoginDomains, t.RedirectURI) {
		return fail(untrustedFor("suites", "suite_id", su.SuiteID, "login_domains", "login domain (defaults to its trusted_domains)", app.LoginDomains, t.RedirectURI))
	}
	t.State = q.Get("state")
	if e := checkState(t.State); e != nil {
		return fail(e)
	}
	return t, nil
}

// providerTarget is a validated website login of a service provider.
type providerTarget struct {
	Provider, Name string
	Admin          bool
	RedirectURI    string
	State          string
	Params         []pages.Param
}

// validateProviderLogin checks 3rd_qrConnect: appid (the provider's
// corpid), redirect_uri, usertype (admin, the default, or member), state,
// then the redirect's host against the provider's login domains.
func (f *Flows) validateProviderLogin(q url.Values) (providerTarget, *pages.ErrorPage) {
	t := providerTarget{Params: pickParams(q, providerParamNames)}
	fail := func(e *pages.ErrorPage) (providerTarget, *pages.ErrorPage) {
		e.Received = t.Params
		return providerTarget{}, e
	}
	t.Provider = q.Get("appid")
	name, domains, err := f.st.ProviderLoginDomains(t.Provider)
	if err != nil {
		var ids []string
		for _, p := range f.st.Fixtures().Providers {
			ids = append(ids, p.CorpID)
		}
		return fail(&pages.ErrorPage{
			Headline: "appid参数错误",
			Problem:  fmt.Sprintf("No service provider %q is loaded.", t.Provider),
			Fix:      "appid is the provider's own corpid (providers: in the fixtures). Loaded providers: " + orNone(ids) + ".",
			Snippet:  fmt.Sprintf("providers:\n  - corpid: %s\n    secret: …\n    login_domains: [localhost]", orDefault(t.Provider, "wwprovider")),
		})
	}
	t.Name = orDefault(name, t.Provider)
	t.RedirectURI = q.Get("redirect_uri")
	if e := checkRedirectURI(t.RedirectURI); e != nil {
		return fail(e)
	}
	switch ut := q.Get("usertype"); ut {
	case "", "admin":
		t.Admin = true
	case "member":
	default:
		return fail(&pages.ErrorPage{
			Headline: "usertype参数错误",
			Problem:  fmt.Sprintf("usertype must be admin or member; got %q.", ut),
			Fix:      "Use usertype=admin (an admin of a corp that installed your app, the default) or usertype=member.",
		})
	}
	t.State = q.Get("state")
	if e := checkState(t.State); e != nil {
		return fail(e)
	}
	if !store.RedirectTrusted(domains, t.RedirectURI) {
		return fail(untrustedFor("providers", "corpid", t.Provider, "login_domains", "login domain", domains, t.RedirectURI))
	}
	return t, nil
}

// untrustedFor is the refusal of a redirect outside a suite's or a
// provider's domains, with the fixture change that would allow it.
func untrustedFor(section, idField, id, field, kind string, domains []string, redirectURI string) *pages.ErrorPage {
	u, _ := url.Parse(redirectURI)
	domain := u.Hostname()
	if strings.Contains(domain, ":") {
		domain = "[" + domain + "]"
	}
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		domain = net.JoinHostPort(u.Hostname(), p)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:\n  - %s: %s\n    %s:", section, idField, id, field)
	for _, d := range append(slices.Clone(domains), domain) {
		fmt.Fprintf(&b, "\n      - %q", d)
	}
	return &pages.ErrorPage{
		Headline: "redirect_uri需使用应用可信域名",
		Problem: fmt.Sprintf("The host of redirect_uri, %s, is not a %s of %s. Its %s: %s. WeCom matches the host exactly, port included.",
			domain, kind, id, field, orNone(domains)),
		Fix:     fmt.Sprintf("Add %q to %s's %s in the fixtures (then reload them: PUT /_mock/fixtures, or restart with --fixtures):", domain, id, field),
		Snippet: b.String(),
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
