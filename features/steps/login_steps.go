package steps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerLogin adds the login steps: the mock plays the WeCom client (it
// mints the codes wx.qy.login and the login pages would give), your app
// does the rest.
func registerLogin(sc *godog.ScenarioContext) {
	const who = `"([^"]*)"(?: of corp "([^"]*)")?`
	sc.Step(`^`+who+` opens the mini program(?: of app (\d+))?$`, opensMiniProgramOfApp)
	sc.Step(`^the mini program sends the login code to the app$`, sendsLoginCode)
	sc.Step(`^the same login code is sent again$`, sendsLoginCode)
	sc.Step(`^the mini program sends the login code to the app for corp "([^"]*)"$`, sendsLoginCodeFor)
	sc.Step(`^`+who+` logs in (?:to|through) the mini program$`, logsInMiniProgram)
	sc.Step(`^`+who+` has logged in (?:to|through) the mini program$`, hasLoggedInMiniProgram)

	sc.Step(`^`+who+` logs in to the web app(?: with scope "([^"]*)")?$`, logsInWeb)
	sc.Step(`^`+who+` has logged in to the web app$`, hasLoggedInWeb)
	sc.Step(`^`+who+` logs in to the web app by scanning the QR code$`, logsInQR)
	sc.Step(`^a visitor who is not a member(?: of corp "([^"]*)")? logs in to the web app$`, visitorLogsInWeb)
	sc.Step(`^someone else replays "([^"]*)"'s login code in their own browser$`, replayInOtherBrowser)
	sc.Step(`^"([^"]*)"'s browser opens the same WeCom redirect again$`, replaySameBrowser)

	sc.Step(`^"([^"]*)" reloads their profile$`, reloadsProfile)

	sc.Step(`^"([^"]*)" is logged in$`, isLoggedIn)
	sc.Step(`^"([^"]*)" is logged in as "([^"]*)"$`, isLoggedInAs)
	sc.Step(`^"([^"]*)" is logged in from the app's saved profile$`, isLoggedInDegraded)
	sc.Step(`^"([^"]*)" is logged in with a fresh profile$`, isLoggedInFresh)
	sc.Step(`^the login is refused because "([^"]*)"$`, refusedBecause)
	sc.Step(`^the login is refused$`, refused)
	sc.Step(`^the session shows (mobile|email) "([^"]*)"$`, sessionShows)
	sc.Step(`^the session shows no (mobile|email)$`, sessionShowsNo)
}

// mintedCode is a login code the mock issued for a scenario.
type mintedCode struct {
	code    string
	corpID  string
	agentID int
	userID  string
}

func opensMiniProgram(ctx context.Context, userID, corpID string) error {
	return opensMiniProgramOfApp(ctx, userID, corpID, "")
}

// opensMiniProgramOfApp mints the code wx.qy.login gives the member in the
// mini program of their corp's app (the app under test's, unless agent names
// another).
func opensMiniProgramOfApp(ctx context.Context, userID, corpID, agent string) error {
	st := stateOf(ctx)
	if err := st.startApp(ctx); err != nil {
		return err
	}
	corp, agentID, err := st.corpOf(ctx, userID, corpID)
	if err != nil {
		return err
	}
	if agent != "" {
		agentID, _ = strconv.Atoi(agent)
	}
	c, err := st.mock.MintCode(ctx, mockctl.CodeRequest{Kind: "miniprogram", CorpID: corp, AgentID: agentID, UserID: userID})
	if err != nil {
		return err
	}
	st.code = &mintedCode{code: c.Code, corpID: corp, agentID: agentID, userID: userID}
	return nil
}

func sendsLoginCode(ctx context.Context) error {
	st := stateOf(ctx)
	if st.code == nil {
		return fmt.Errorf("no login code yet: start with `\"<userid>\" opens the mini program`")
	}
	return sendsLoginCodeFor(ctx, st.code.corpID)
}

// sendsLoginCodeFor sends the code with corpID as the mini program's hint
// of the corp it runs in — which a mini program shared by several corps may
// get wrong: the corp WeCom answers is what counts.
func sendsLoginCodeFor(ctx context.Context, corpID string) error {
	st := stateOf(ctx)
	if st.code == nil {
		return fmt.Errorf("no login code yet: start with `\"<userid>\" opens the mini program`")
	}
	app, err := needApp[MiniProgramApp](ctx, st, "MiniProgramApp")
	if err != nil {
		return err
	}
	l, err := app.MiniProgramLogin(ctx, corpID, st.code.code)
	if err != nil {
		return err
	}
	st.record(l)
	return nil
}

func logsInMiniProgram(ctx context.Context, userID, corpID string) error {
	if err := opensMiniProgram(ctx, userID, corpID); err != nil {
		return err
	}
	return sendsLoginCode(ctx)
}

func hasLoggedInMiniProgram(ctx context.Context, userID, corpID string) error {
	if err := logsInMiniProgram(ctx, userID, corpID); err != nil {
		return err
	}
	return isLoggedIn(ctx, userID)
}

func (st *state) record(l Login) {
	st.last = &l
	if l.OK {
		st.logins[strings.ToLower(l.UserID)] = l
	}
}

// webAttempt is the latest web login: whose browser, and the redirect WeCom
// sent it back with.
type webAttempt struct {
	browser  string
	redirect string
	code     string
	// stopped is the error page WeCom showed instead of redirecting.
	stopped *wecomError
}

// webUser is who logs in on a WeCom login page: a member, or a visitor.
type webUser struct {
	userID string // "" for a visitor
	corpID string
}

func logsInWeb(ctx context.Context, userID, corpID, scope string) error {
	return webLogin(ctx, webUser{userID: userID, corpID: corpID}, WebLogin{Flow: "oauth", Scope: scope, CorpID: corpID})
}

func hasLoggedInWeb(ctx context.Context, userID, corpID string) error {
	if err := logsInWeb(ctx, userID, corpID, ""); err != nil {
		return err
	}
	return isLoggedIn(ctx, userID)
}

func logsInQR(ctx context.Context, userID, corpID string) error {
	return webLogin(ctx, webUser{userID: userID, corpID: corpID}, WebLogin{Flow: "qr", CorpID: corpID})
}

func visitorLogsInWeb(ctx context.Context, corpID string) error {
	return webLogin(ctx, webUser{corpID: corpID}, WebLogin{Flow: "oauth", CorpID: corpID})
}

func browserOf(u webUser) string {
	if u.userID == "" {
		return "visitor"
	}
	return strings.ToLower(u.userID)
}

// webLogin runs a whole web login: the app sends the browser to WeCom, the
// user logs in there, WeCom sends the browser back to the app.
func webLogin(ctx context.Context, u webUser, opts WebLogin) error {
	st := stateOf(ctx)
	app, err := needApp[WebLoginApp](ctx, st, "WebLoginApp")
	if err != nil {
		return err
	}
	if opts.Scope == "" && opts.Flow == "oauth" {
		opts.Scope = "snsapi_base"
	}
	browser := browserOf(u)
	if u.userID != "" {
		if st.suite != nil && st.suite.ThirdParty {
			// A vendor's page takes members of any corp: no app needed.
			corp, err := st.memberCorp(ctx, u.userID, u.corpID)
			if err != nil {
				return err
			}
			u.corpID = corp
		} else {
			corp, _, err := st.corpOf(ctx, u.userID, u.corpID)
			if err != nil {
				return err
			}
			u.corpID = corp
		}
	}
	wecomURL, err := app.StartWebLogin(ctx, browser, opts)
	var refusal *Refusal
	if errors.As(err, &refusal) {
		st.web = nil
		st.record(Login{Reason: refusal.Reason})
		return nil
	}
	if err != nil {
		return err
	}
	redirect, code, err := st.wecomLogsIn(ctx, wecomURL, u)
	var stopped *wecomError
	if errors.As(err, &stopped) {
		st.web, st.last = &webAttempt{browser: browser, stopped: stopped}, nil
		return nil
	}
	if err != nil {
		return err
	}
	st.web = &webAttempt{browser: browser, redirect: redirect, code: code}
	l, err := app.FinishWebLogin(ctx, browser, redirect)
	if err != nil {
		return err
	}
	st.record(l)
	return nil
}

// loginPage is what the steps read from the WeCom URL an app redirected to.
type loginPage struct {
	flow        string // "oauth" or "qr"
	corpID      string
	agentID     int
	redirectURI string
	scope       string
	state       string
}

func parseLoginPage(wecomURL string) (loginPage, error) {
	u, err := url.Parse(wecomURL)
	if err != nil {
		return loginPage{}, fmt.Errorf("the app redirected to %q: %w", wecomURL, err)
	}
	q := u.Query()
	p := loginPage{corpID: q.Get("appid"), redirectURI: q.Get("redirect_uri"), scope: q.Get("scope"), state: q.Get("state")}
	p.agentID, _ = strconv.Atoi(q.Get("agentid"))
	switch u.Path {
	case "/connect/oauth2/authorize":
		p.flow = "oauth"
	case "/wwlogin/sso/login", "/wwopen/sso/qrConnect":
		p.flow = "qr"
	default:
		return loginPage{}, fmt.Errorf("the app redirected to %s, which is not a WeCom login page", wecomURL)
	}
	if p.corpID == "" || p.redirectURI == "" {
		return loginPage{}, fmt.Errorf("the app's WeCom login URL lacks appid or redirect_uri: %s", wecomURL)
	}
	return p, nil
}

// wecomLogsIn plays the user on WeCom's login page: the mock's next-login
// queue says who logs in, and the page — the mock's real authorize or
// QR-login page — answers with the redirect back to the app. A page that
// refuses (an untrusted redirect_uri, a bad parameter) is returned as a
// *wecomError.
func (st *state) wecomLogsIn(ctx context.Context, wecomURL string, u webUser) (redirect, code string, err error) {
	p, err := parseLoginPage(wecomURL)
	if err != nil {
		return "", "", err
	}
	who := mockctl.LoginAs{UserID: u.userID, Visitor: u.userID == "", CorpID: p.corpID}
	if st.suite != nil && p.corpID == st.suite.SuiteID {
		// A suite's page (appid = suite id) logs in a member of whichever
		// corp installed it.
		who.CorpID = u.corpID
	}
	if err := st.mock.NextLogin(ctx, who); err != nil {
		return "", "", err
	}
	res, body, err := st.openWeComPage(ctx, wecomURL)
	if err != nil {
		return "", "", err
	}
	loc := res.Header.Get("Location")
	if res.StatusCode/100 != 3 || loc == "" {
		// The page did not take the queued login: do not leave it for
		// the next page.
		if err := st.mock.ClearNextLogins(ctx); err != nil {
			return "", "", err
		}
		return "", "", &wecomError{status: res.StatusCode, page: body}
	}
	back, err := url.Parse(loc)
	if err != nil {
		return "", "", fmt.Errorf("WeCom redirected to %q: %w", loc, err)
	}
	return loc, back.Query().Get("code"), nil
}

// openWeComPage is the browser opening a page of WeCom (the mock): it does
// not follow redirects, so the steps see where WeCom sends the browser.
func (st *state) openWeComPage(ctx context.Context, pageURL string) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return nil, "", err
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return res, string(b), err
}

var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// wecomError is a WeCom login page that refused to log anyone in.
type wecomError struct {
	status int
	page   string
}

func (e *wecomError) Error() string {
	return fmt.Sprintf("WeCom showed an error page (HTTP %d)", e.status)
}

// withCode is redirect_uri?code=…&state=… as WeCom builds it.
func withCode(redirectURI, code, state string) string {
	sep := "?"
	if strings.Contains(redirectURI, "?") {
		sep = "&"
	}
	return redirectURI + sep + "code=" + url.QueryEscape(code) + "&state=" + url.QueryEscape(state)
}

func replayInOtherBrowser(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	if st.web == nil || st.web.browser != strings.ToLower(userID) || st.web.redirect == "" {
		return fmt.Errorf("%s has not logged in to the web app in this scenario", userID)
	}
	app, err := needApp[WebLoginApp](ctx, st, "WebLoginApp")
	if err != nil {
		return err
	}
	const intruder = "someone-else"
	wecomURL, err := app.StartWebLogin(ctx, intruder, WebLogin{Flow: "oauth", Scope: "snsapi_base"})
	if err != nil {
		return err
	}
	p, err := parseLoginPage(wecomURL)
	if err != nil {
		return err
	}
	l, err := app.FinishWebLogin(ctx, intruder, withCode(p.redirectURI, st.web.code, p.state))
	if err != nil {
		return err
	}
	st.record(l)
	return nil
}

func replaySameBrowser(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	if st.web == nil || st.web.browser != strings.ToLower(userID) || st.web.redirect == "" {
		return fmt.Errorf("%s has not logged in to the web app in this scenario", userID)
	}
	app, err := needApp[WebLoginApp](ctx, st, "WebLoginApp")
	if err != nil {
		return err
	}
	l, err := app.FinishWebLogin(ctx, st.web.browser, st.web.redirect)
	if err != nil {
		return err
	}
	st.record(l)
	return nil
}

func reloadsProfile(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	prev, ok := st.logins[strings.ToLower(userID)]
	if !ok {
		return fmt.Errorf("%s has not logged in in this scenario", userID)
	}
	app, err := needApp[SessionApp](ctx, st, "SessionApp")
	if err != nil {
		return err
	}
	l, err := app.RefreshProfile(ctx, prev)
	if err != nil {
		return err
	}
	st.record(l)
	return nil
}

func (st *state) lastLogin() (*Login, error) {
	if st.last == nil {
		return nil, fmt.Errorf("nobody has tried to log in yet")
	}
	return st.last, nil
}

func (l *Login) String() string {
	if l.OK {
		s := fmt.Sprintf("logged in as %s (%s)", l.UserID, l.Name)
		if l.Degraded {
			s += ", degraded"
		}
		return s
	}
	return fmt.Sprintf("refused: %q", l.Reason)
}

func isLoggedIn(ctx context.Context, userID string) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if !l.OK || !strings.EqualFold(l.UserID, userID) {
		return fmt.Errorf("want %s logged in, got: %s", userID, l)
	}
	return nil
}

func isLoggedInAs(ctx context.Context, userID, name string) error {
	if err := isLoggedIn(ctx, userID); err != nil {
		return err
	}
	l := stateOf(ctx).last
	if l.Name != name {
		return fmt.Errorf("%s is logged in with the name %q, want %q", userID, l.Name, name)
	}
	return nil
}

func isLoggedInDegraded(ctx context.Context, userID string) error {
	if err := isLoggedIn(ctx, userID); err != nil {
		return err
	}
	if !stateOf(ctx).last.Degraded {
		return fmt.Errorf("%s is logged in with a fresh profile, want the app's saved one", userID)
	}
	return nil
}

func isLoggedInFresh(ctx context.Context, userID string) error {
	if err := isLoggedIn(ctx, userID); err != nil {
		return err
	}
	if stateOf(ctx).last.Degraded {
		return fmt.Errorf("%s is logged in from the app's saved profile, want a fresh one", userID)
	}
	return nil
}

func refusedBecause(ctx context.Context, reason string) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if l.OK || l.Reason != reason {
		return fmt.Errorf("want the login refused because %q, got: %s", reason, l)
	}
	return nil
}

func refused(ctx context.Context) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if l.OK {
		return fmt.Errorf("want the login refused, got: %s", l)
	}
	return nil
}

func sessionShows(ctx context.Context, field, want string) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if !l.OK {
		return fmt.Errorf("no session: %s", l)
	}
	if got := l.Profile[field]; got != want {
		return fmt.Errorf("the session shows %s %q, want %q", field, got, want)
	}
	return nil
}

func sessionShowsNo(ctx context.Context, field string) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if !l.OK {
		return fmt.Errorf("no session: %s", l)
	}
	if got := l.Profile[field]; got != "" {
		return fmt.Errorf("the session shows %s %q, want none", field, got)
	}
	return nil
}

// parseInstallPage reads WeCom's install URL an app redirected to.
func parseInstallPage(wecomURL, suiteID string) (url.Values, error) {
	u, err := url.Parse(wecomURL)
	if err != nil {
		return nil, fmt.Errorf("the app redirected to %q: %w", wecomURL, err)
	}
	q := u.Query()
	if u.Path != "/3rdapp/install" || q.Get("suite_id") != suiteID || q.Get("pre_auth_code") == "" || q.Get("redirect_uri") == "" {
		return nil, fmt.Errorf("the app redirected to %s, not WeCom's install page of template %s with a pre_auth_code and redirect_uri", wecomURL, suiteID)
	}
	return q, nil
}
