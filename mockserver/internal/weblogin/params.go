package weblogin

// Validation of the login pages' query strings. Each refusal is a page that
// names the parameter, says what was expected, and — when the fixtures are
// what is wrong — shows the YAML that would fix them, because the person
// reading it is a developer wiring their app to the mock.

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// loginTarget is a validated login request.
type loginTarget struct {
	// SuiteID is set for a third-party app's login; App then names the
	// suite, and its corp once one is chosen.
	SuiteID     string
	App         store.LoginApp
	RedirectURI string
	State       string
	// Scope is the effective OAuth scope ("" for a QR login).
	Scope string
	// Params are the page's own parameters in their original order, carried
	// through its forms and its search box.
	Params []pages.Param
}

// The OAuth authorize parameters
// (https://developer.work.weixin.qq.com/document/path/96441), in URL order.
var oauthParamNames = []string{"appid", "redirect_uri", "response_type", "scope", "state", "agentid"}

// The QR-login parameters
// (https://developer.work.weixin.qq.com/document/path/98171); the old
// qrConnect has no login_type and may carry href (a stylesheet for the
// embedded panel, which the mock ignores).
var (
	qrParamNames    = []string{"login_type", "appid", "agentid", "redirect_uri", "state", "lang"}
	oldQRParamNames = []string{"appid", "agentid", "redirect_uri", "state", "lang", "href"}
)

// maxStateBytes bounds state on both login pages. The OAuth doc
// (https://developer.work.weixin.qq.com/document/path/91022) asks for
// a-zA-Z0-9 and at most 128 bytes, but WeCom hands any state back unchanged
// — its own QR-login example (https://developer.work.weixin.qq.com/document/path/91019)
// sends "web_login@gyoss9" — so the mock passes every character through and
// refuses only the length, which also bounds what a QR login retains.
const maxStateBytes = 128

// checkState refuses a state longer than maxStateBytes.
func checkState(state string) *pages.ErrorPage {
	if len(state) <= maxStateBytes {
		return nil
	}
	return &pages.ErrorPage{
		Headline: "state参数错误",
		Problem:  fmt.Sprintf("state may be at most %d bytes; got %d bytes.", maxStateBytes, len(state)),
		Fix:      "Keep state short, e.g. a random 32-character token, and keep what it stands for in your session.",
	}
}

// pickParams keeps the named parameters that are present, in order.
func pickParams(q url.Values, names []string) []pages.Param {
	var out []pages.Param
	for _, n := range names {
		if vs, ok := q[n]; ok && len(vs) > 0 {
			out = append(out, pages.Param{Name: n, Value: vs[0]})
		}
	}
	return out
}

// How to fix a bad scope on a corp app's and on a suite's authorize URL.
const (
	scopeFixCorp  = "Use scope=snsapi_base for a silent login (userid only), or scope=snsapi_privateinfo with agentid to ask for consent and get a user_ticket."
	scopeFixSuite = "Use scope=snsapi_base for a silent login, or scope=snsapi_privateinfo to ask for consent and get a user_ticket."
)

// readOAuthQuery reads and checks the authorize parameters both kinds of
// authorize URL share, in WeCom's order: redirect_uri, response_type, scope,
// state. scopeFix is the advice on a bad scope.
func readOAuthQuery(q url.Values, t *loginTarget, scopeFix string) *pages.ErrorPage {
	t.RedirectURI = q.Get("redirect_uri")
	if e := checkRedirectURI(t.RedirectURI); e != nil {
		return e
	}
	if rt := q.Get("response_type"); rt != "code" {
		return &pages.ErrorPage{
			Headline: "response_type参数错误",
			Problem:  fmt.Sprintf("response_type must be \"code\"; got %q.", rt),
			Fix:      "Add response_type=code to the authorize URL.",
		}
	}
	t.Scope = q.Get("scope")
	if t.Scope != store.ScopeBase && t.Scope != store.ScopePrivateInfo {
		return &pages.ErrorPage{
			Headline: "scope参数错误",
			Problem:  fmt.Sprintf("scope must be snsapi_base or snsapi_privateinfo; got %q.", t.Scope),
			Fix:      scopeFix,
		}
	}
	t.State = q.Get("state")
	return checkState(t.State)
}

// validateOAuth checks an authorize request as WeCom would, in this order:
// appid, redirect_uri, response_type, scope, state, agentid, then the
// redirect's host against the app's trusted domains.
func (f *Flows) validateOAuth(q url.Values) (loginTarget, *pages.ErrorPage) {
	t := loginTarget{Params: pickParams(q, oauthParamNames)}
	fail := func(e *pages.ErrorPage) (loginTarget, *pages.ErrorPage) {
		e.Received = t.Params
		return loginTarget{}, e
	}
	corpID := q.Get("appid")
	if e := f.checkCorp(corpID); e != nil {
		return fail(e)
	}
	if e := readOAuthQuery(q, &t, scopeFixCorp); e != nil {
		return fail(e)
	}
	agentID, e := f.resolveAgent(corpID, q.Get("agentid"), q.Has("agentid"), t.RedirectURI, false)
	if e != nil {
		return fail(e)
	}
	if !q.Has("agentid") {
		// Without agentid, snsapi_privateinfo is silently downgraded
		// (https://developer.work.weixin.qq.com/document/path/96441).
		t.Scope = store.ScopeBase
	}
	app, e := f.checkTrusted(corpID, agentID, t.RedirectURI, false)
	if e != nil {
		return fail(e)
	}
	t.App = app
	return t, nil
}

// validateQR checks a QR-login request: login_type (new page only), appid,
// agentid, redirect_uri and its trusted domain, then state's length. state is
// passed through as given; lang and href are accepted and ignored.
func (f *Flows) validateQR(q url.Values, old bool) (loginTarget, *pages.ErrorPage) {
	names := qrParamNames
	if old {
		names = oldQRParamNames
	}
	t := loginTarget{Params: pickParams(q, names)}
	fail := func(e *pages.ErrorPage) (loginTarget, *pages.ErrorPage) {
		e.Received = t.Params
		return loginTarget{}, e
	}
	if !old {
		switch lt := q.Get("login_type"); lt {
		case "CorpApp":
		case "ServiceApp":
			return f.validateSuiteQR(q, t)
		default:
			return fail(&pages.ErrorPage{
				Headline: "login_type参数错误",
				Problem:  fmt.Sprintf("login_type must be CorpApp or ServiceApp; got %q.", lt),
				Fix:      "Add login_type=CorpApp for a self-built app, or login_type=ServiceApp with appid set to a third-party app's suite_id.",
			})
		}
	}
	corpID := q.Get("appid")
	if e := f.checkCorp(corpID); e != nil {
		return fail(e)
	}
	t.RedirectURI = q.Get("redirect_uri")
	if e := checkRedirectURI(t.RedirectURI); e != nil {
		return fail(e)
	}
	agentID, e := f.resolveAgent(corpID, q.Get("agentid"), q.Has("agentid"), t.RedirectURI, true)
	if e != nil {
		return fail(e)
	}
	app, e := f.checkTrusted(corpID, agentID, t.RedirectURI, true)
	if e != nil {
		return fail(e)
	}
	t.App = app
	t.State = q.Get("state")
	if e := checkState(t.State); e != nil {
		return fail(e)
	}
	return t, nil
}

func (f *Flows) checkCorp(corpID string) *pages.ErrorPage {
	loaded := f.loadedCorps()
	if corpID == "" {
		return &pages.ErrorPage{
			Headline: "appid参数错误",
			Problem:  "The URL has no appid.",
			Fix:      "Set appid to the corpid of the corp. Loaded corps: " + orNone(loaded) + ".",
		}
	}
	if !f.st.CorpExists(corpID) {
		return &pages.ErrorPage{
			Headline: "appid参数错误",
			Problem:  fmt.Sprintf("No corp %q is loaded.", corpID),
			Fix:      "appid is the corpid of a corp in the fixtures. Loaded corps: " + orNone(loaded) + ". Or add this corp to the fixtures:",
			Snippet:  fmt.Sprintf("corps:\n  - corpid: %s\n    name: …\n    apps:\n      - agentid: 1000002\n        secret: …\n        trusted_domains: [localhost]", corpID),
		}
	}
	return nil
}

func checkRedirectURI(raw string) *pages.ErrorPage {
	e := &pages.ErrorPage{
		Headline: "redirect_uri参数错误",
		Fix:      "Set redirect_uri to the URL-encoded absolute address of your callback, e.g. redirect_uri=" + url.QueryEscape("http://127.0.0.1:3000/callback") + ".",
	}
	if raw == "" {
		e.Problem = "The URL has no redirect_uri."
		return e
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https") {
		e.Problem = fmt.Sprintf("redirect_uri must be an absolute http or https URL; got %q.", raw)
		return e
	}
	return nil
}

// resolveAgent finds the app. With agentid given it must name an app of the
// corp. Without it, a QR login is refused (agentid is required there); an
// authorize URL is for the one app whose trusted domains cover the
// redirect, which is how the mock decides which app the code belongs to.
func (f *Flows) resolveAgent(corpID, raw string, given bool, redirectURI string, required bool) (int, *pages.ErrorPage) {
	apps := f.appList(corpID)
	if !given {
		if required {
			return 0, &pages.ErrorPage{
				Headline: "无效的agentid参数",
				Problem:  "The URL has no agentid; a CorpApp QR login needs it.",
				Fix:      "Add agentid with the app's agentid. Apps of " + corpID + ": " + apps + ".",
			}
		}
		ids, _ := f.st.AppsTrusting(corpID, redirectURI)
		switch len(ids) {
		case 0:
			return 0, f.untrusted(corpID, 0, redirectURI, false)
		case 1:
			return ids[0], nil
		}
		return 0, &pages.ErrorPage{
			Headline: "无效的agentid参数",
			Problem:  fmt.Sprintf("The URL has no agentid and several apps of %s trust this redirect_uri (%s), so the mock cannot tell whose code to issue.", corpID, joinAgentIDs(ids)),
			Fix:      "Add agentid with the app's agentid. Apps of " + corpID + ": " + apps + ".",
		}
	}
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		return 0, &pages.ErrorPage{
			Headline: "无效的agentid参数",
			Problem:  fmt.Sprintf("agentid must be a positive number; got %q.", raw),
			Fix:      "Set agentid to the app's agentid. Apps of " + corpID + ": " + apps + ".",
		}
	}
	if _, err := f.st.LoginApp(corpID, id); err != nil {
		return 0, &pages.ErrorPage{
			Headline: "无效的agentid参数",
			Problem:  fmt.Sprintf("Corp %s has no app with agentid %d.", corpID, id),
			Fix:      "Set agentid to one of the apps of " + corpID + ": " + apps + ", or add the app to the fixtures.",
		}
	}
	return id, nil
}

// checkTrusted applies WeCom's trusted-domain rule (store.RedirectTrusted)
// to the app's 可信域名, or for a QR login to its 企业微信授权登录 domains.
func (f *Flows) checkTrusted(corpID string, agentID int, redirectURI string, qr bool) (store.LoginApp, *pages.ErrorPage) {
	app, err := f.st.LoginApp(corpID, agentID)
	if err != nil {
		return store.LoginApp{}, &pages.ErrorPage{Headline: "无效的agentid参数", Problem: err.Error()}
	}
	if !store.RedirectTrusted(domainsFor(app, qr), redirectURI) {
		return store.LoginApp{}, f.untrusted(corpID, agentID, redirectURI, qr)
	}
	return app, nil
}

// domainsFor is the list a page checks: login domains for a QR login,
// trusted domains for OAuth.
func domainsFor(app store.LoginApp, qr bool) []string {
	if qr {
		return app.LoginDomains
	}
	return app.TrustedDomains
}

// untrusted is the refusal of a redirect_uri outside the app's trusted
// domains (login domains for a QR login), with the fixture change that
// would allow it. agentID 0 means no agentid was given and no app of the
// corp trusts the host.
func (f *Flows) untrusted(corpID string, agentID int, redirectURI string, qr bool) *pages.ErrorPage {
	u, _ := url.Parse(redirectURI)
	domain := u.Hostname()
	if strings.Contains(domain, ":") {
		domain = "[" + domain + "]"
	}
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		domain = net.JoinHostPort(u.Hostname(), p)
	}
	field, kind, kinds := "trusted_domains", "trusted domain", "trusted domains"
	if qr {
		field, kind, kinds = "login_domains", "login domain (企业微信授权登录 callback domain)", "login domains"
	}
	e := &pages.ErrorPage{
		Headline: "redirect_uri需使用应用可信域名",
		Fix:      fmt.Sprintf("Add %q to the app's %s in the fixtures (then reload them: PUT /_mock/fixtures, or restart with --fixtures):", domain, field),
	}
	if agentID == 0 {
		e.Problem = fmt.Sprintf("The host of redirect_uri, %s, is not a trusted domain of any app of %s, and the URL has no agentid.", domain, corpID)
		agentID = 1000002
		if ids := f.appIDs(corpID); len(ids) > 0 {
			agentID = ids[0]
		}
	}
	app, _ := f.st.LoginApp(corpID, agentID)
	if e.Problem == "" {
		e.Problem = fmt.Sprintf("The host of redirect_uri, %s, is not a %s of app %d (%s). Its %s: %s. WeCom matches the host exactly, port included: an entry without a port covers only port 80/443 and no subdomain.",
			domain, kind, agentID, app.AppName, kinds, orNone(domainsFor(app, qr)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "corps:\n  - corpid: %s\n    apps:\n      - agentid: %d\n        %s:", corpID, agentID, field)
	for _, d := range append(slices.Clone(domainsFor(app, qr)), domain) {
		fmt.Fprintf(&b, "\n          - %q", d)
	}
	e.Snippet = b.String()
	return e
}

// loadedCorps lists the corpids of the loaded world.
func (f *Flows) loadedCorps() []string {
	var out []string
	for _, c := range f.st.Fixtures().Corps {
		out = append(out, c.CorpID)
	}
	return out
}

// appIDs lists a corp's agentids in fixture order.
func (f *Flows) appIDs(corpID string) []int {
	var out []int
	for _, c := range f.st.Fixtures().Corps {
		if c.CorpID == corpID {
			for _, a := range c.Apps {
				out = append(out, a.AgentID)
			}
		}
	}
	return out
}

// appList names a corp's apps for error pages: "1000002 (模拟应用)".
func (f *Flows) appList(corpID string) string {
	var parts []string
	for _, id := range f.appIDs(corpID) {
		a, _ := f.st.LoginApp(corpID, id)
		parts = append(parts, fmt.Sprintf("%d (%s)", id, a.AppName))
	}
	return orNone(parts)
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func joinAgentIDs(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}
