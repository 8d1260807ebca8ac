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
// (flow=oauth, inside the WeCom client) or the QR-login page (flow=qr).
func (a *App) startWebLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t := a.tenantFor(q.Get("corp"))
	if t == nil {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company"))
		return
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
	a.states[state] = loginState{corpID: t.CorpID, flow: flow, scope: scope, browser: browser, expires: now.Add(stateTTL)}
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: browser, Path: "/login", HttpOnly: true,
		MaxAge: int(stateTTL.Seconds()), SameSite: http.SameSiteLaxMode})

	redirectURI := a.cfg.PublicURL + "/login/callback"
	agent := strconv.Itoa(t.AgentID)
	var target string
	if flow == "qr" {
		target = a.cfg.SSOBaseURL + "/wwlogin/sso/login?" + url.Values{
			"login_type": {"CorpApp"}, "appid": {t.CorpID}, "agentid": {agent},
			"redirect_uri": {redirectURI}, "state": {state},
		}.Encode()
	} else {
		// The parameter order of WeCom's documentation, ending in #wechat_redirect.
		target = a.cfg.OAuthBaseURL + "/connect/oauth2/authorize?appid=" + url.QueryEscape(t.CorpID) +
			"&redirect_uri=" + url.QueryEscape(redirectURI) + "&response_type=code&scope=" + scope +
			"&state=" + state + "&agentid=" + agent + "#wechat_redirect"
	}
	http.Redirect(w, r, target, http.StatusFound)
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
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.ID, Path: "/", HttpOnly: true,
		MaxAge: int(a.cfg.SessionTTL.Seconds()), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
