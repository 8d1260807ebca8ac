package refapp

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// loginState is one web login in progress, keyed by its state parameter.
type loginState struct {
	corpID  string
	flow    string // "oauth" or "qr"
	scope   string
	browser string // the value of the browser's state cookie
	expires time.Time
}

const (
	stateCookie = "refapp_login"
	stateTTL    = 10 * time.Minute
)

// startWebLogin redirects the browser to WeCom: the OAuth authorize page
// (flow=oauth, inside the WeCom client) or the QR-login page (flow=qr). A
// third-party vendor's login opens them with its suite id; the corp is
// known only once the code is exchanged.
func (a *App) startWebLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var t *tenant
	if !a.thirdParty() {
		if t = a.tenantFor(q.Get("corp")); t == nil {
			writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company"))
			return
		}
	}
	flow := q.Get("flow")
	if flow == "" {
		flow = "oauth"
	}
	scope := q.Get("scope")
	if scope == "" {
		scope = "snsapi_base"
	}
	if (flow != "oauth" && flow != "qr") || (scope != "snsapi_base" && scope != "snsapi_privateinfo") {
		writeFailure(w, fail(http.StatusBadRequest, "bad_request", "flow must be oauth or qr, scope snsapi_base or snsapi_privateinfo"))
		return
	}
	state, browser := randomID(), randomID()
	a.mu.Lock()
	now := time.Now()
	for k, s := range a.states {
		if now.After(s.expires) {
			delete(a.states, k)
		}
	}
	ls := loginState{flow: flow, scope: scope, browser: browser, expires: now.Add(stateTTL)}
	if t != nil {
		ls.corpID = t.CorpID
	}
	a.states[state] = ls
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: browser, Path: "/login", HttpOnly: true,
		MaxAge: int(stateTTL.Seconds()), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, a.wecomLoginURL(t, flow, scope, state), http.StatusFound)
}

// wecomLoginURL is WeCom's login page for a login: a corp app's (appid the
// corpid, with its agentid) or, for a third-party vendor (t nil), the
// suite's (appid the suite id; login_type=ServiceApp on the QR page).
func (a *App) wecomLoginURL(t *tenant, flow, scope, state string) string {
	redirectURI := a.cfg.PublicURL + "/login/callback"
	appID, loginType, agent := "", "ServiceApp", ""
	if t != nil {
		appID, loginType, agent = t.CorpID, "CorpApp", strconv.Itoa(t.AgentID)
	} else {
		appID = a.cfg.Suite.SuiteID
	}
	if flow == "qr" {
		q := url.Values{"login_type": {loginType}, "appid": {appID}, "redirect_uri": {redirectURI}, "state": {state}}
		if agent != "" {
			q.Set("agentid", agent)
		}
		return a.cfg.SSOBaseURL + "/wwlogin/sso/login?" + q.Encode()
	}
	// The parameter order of WeCom's documentation, ending in #wechat_redirect.
	target := a.cfg.OAuthBaseURL + "/connect/oauth2/authorize?appid=" + url.QueryEscape(appID) +
		"&redirect_uri=" + url.QueryEscape(redirectURI) + "&response_type=code&scope=" + scope + "&state=" + state
	if agent != "" {
		target += "&agentid=" + agent
	}
	return target + "#wechat_redirect"
}

// takeState spends the login state of a callback; it must exist, be fresh
// and belong to this browser.
func (a *App) takeState(r *http.Request) (loginState, bool) {
	state := r.URL.Query().Get("state")
	c, err := r.Cookie(stateCookie)
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.states[state]
	if !ok || err != nil || c.Value != s.browser || time.Now().After(s.expires) {
		return loginState{}, false
	}
	delete(a.states, state)
	return s, true
}

// webLoginCallback is the redirect_uri: code → auth/getuserinfo →
// (auth/getuserdetail) → user/get → session cookie.
func (a *App) webLoginCallback(w http.ResponseWriter, r *http.Request) {
	st, ok := a.takeState(r)
	if !ok {
		writeFailure(w, fail(http.StatusBadRequest, ReasonBadState, "this login link is not valid any more; please start again"))
		return
	}
	code := r.URL.Query().Get("code")
	if code == "" {
		writeFailure(w, fail(http.StatusUnauthorized, ReasonLoginCancelled, "the login was cancelled"))
		return
	}
	if a.thirdParty() {
		a.vendorLoginCallback(w, r, st.flow, code)
		return
	}
	ctx := r.Context()
	t := a.tenantFor(st.corpID)
	if t == nil {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company any more"))
		return
	}
	id, err := t.wecom.UserInfoFromCode(ctx, code)
	if err != nil {
		writeFailure(w, wecomFailure(err))
		return
	}
	if !id.IsMember() {
		writeFailure(w, fail(http.StatusForbidden, ReasonNotAMember, "this app is for members of the company only"))
		return
	}
	if !a.serves(t.CorpID) {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company"))
		return
	}
	m, degraded, f := a.loadMember(ctx, t, id.UserID)
	if f != nil {
		writeFailure(w, f)
		return
	}
	s := a.login(ctx, t, m, degraded, st.flow)
	if id.UserTicket != "" {
		if d, err := t.wecom.UserDetail(ctx, id.UserTicket); err == nil {
			a.mu.Lock()
			live := a.sessions[s.ID]
			live.Mobile, live.Email, live.Avatar = d.Mobile, d.Email, d.Avatar
			a.mu.Unlock()
		} else {
			a.cfg.Logger.WarnContext(ctx, "refapp: getuserdetail failed", "userid", m.UserID, "err", err)
		}
	}
	setSessionCookie(w, s.ID, a.cfg.SessionTTL)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// setSessionCookie hands the browser its session.
func setSessionCookie(w http.ResponseWriter, id string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		MaxAge: int(ttl.Seconds()), SameSite: http.SameSiteLaxMode})
}
