package features_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/wecom-mock/wecom-mock/features/refapp"
	"github.com/wecom-mock/wecom-mock/features/steps"
)

// refappUnderTest runs the reference app on a loopback listener, pointed at
// the scenario's mock, and drives it over HTTP the way its real clients do:
// the mini program posts codes, browsers follow redirects with cookies.
type refappUnderTest struct {
	srv *httptest.Server
	hc  *http.Client
	// app is the app itself, for the HR system that runs beside it.
	app *refapp.App

	mu       sync.Mutex
	browsers map[string]*http.Client
}

// startRefapp is the steps.AppFactory of this suite.
func startRefapp(_ context.Context, env steps.Env) (steps.App, error) {
	// Listen first: the app's public URL (its OAuth redirect_uri, its
	// callback URL) is the listener's address.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	publicURL := "http://" + ln.Addr().String()
	tenants := make([]refapp.Tenant, len(env.Tenants))
	for i, t := range env.Tenants {
		tenants[i] = refapp.Tenant{CorpID: t.CorpID, AgentID: t.AgentID, Secret: t.Secret,
			CallbackToken: t.CallbackToken, CallbackAESKey: t.CallbackAESKey, ContactsSecret: t.ContactsSecret}
	}
	cfg := refapp.Config{
		PublicURL:      publicURL,
		APIBaseURL:     env.MockURL,
		OAuthBaseURL:   env.MockURL,
		SSOBaseURL:     env.MockURL,
		Tenants:        tenants,
		AllowedCorps:   env.Served(),
		WelcomeMessage: true,
	}
	if su := env.Suite; su != nil {
		cfg.Suite = &refapp.SuiteConfig{SuiteID: su.SuiteID, Secret: su.Secret,
			CallbackToken: su.CallbackToken, CallbackAESKey: su.CallbackAESKey, InstallBaseURL: env.MockURL,
			ThirdParty: su.ThirdParty}
	}
	app, err := refapp.New(cfg)
	if err != nil {
		ln.Close()
		return nil, err
	}
	srv := httptest.NewUnstartedServer(app)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	return &refappUnderTest{srv: srv, hc: srv.Client(), app: app, browsers: map[string]*http.Client{}}, nil
}

func (a *refappUnderTest) Close() error {
	a.srv.Close()
	return nil
}

// answer is the JSON the reference app sends.
type answer struct {
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Session string          `json:"session"`
	User    *refapp.Session `json:"user"`
}

func (a *refappUnderTest) call(req *http.Request, hc *http.Client) (int, []byte, error) {
	res, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

// outcome turns an answer of the app into what the user saw: the session
// (inside "user" for logins, the whole body for /api/me) or the reason of a
// refusal.
func outcome(status int, data []byte, session string) (steps.Login, error) {
	var ans answer
	if err := json.Unmarshal(data, &ans); err != nil {
		return steps.Login{}, fmt.Errorf("the app answered %d with %q: %w", status, data, err)
	}
	if status != http.StatusOK {
		if ans.Error == "" {
			return steps.Login{}, fmt.Errorf("the app answered %d without a reason: %q", status, data)
		}
		return steps.Login{Reason: ans.Error}, nil
	}
	u := ans.User
	if u == nil {
		u = new(refapp.Session)
		if err := json.Unmarshal(data, u); err != nil {
			return steps.Login{}, err
		}
	}
	if ans.Session != "" {
		session = "bearer:" + ans.Session
	}
	return steps.Login{OK: true, UserID: u.UserID, Name: u.Name, Degraded: u.Degraded, Session: session,
		Profile: map[string]string{"mobile": u.Mobile, "email": u.Email,
			"open_userid": u.OpenUserID, "contact_record": u.ContactRecord}}, nil
}

func (a *refappUnderTest) MiniProgramLogin(ctx context.Context, corpID, code string) (steps.Login, error) {
	body, _ := json.Marshal(refapp.MiniProgramLoginRequest{Code: code, CorpID: corpID})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+"/api/login/miniprogram", bytes.NewReader(body))
	if err != nil {
		return steps.Login{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	status, data, err := a.call(req, a.hc)
	if err != nil {
		return steps.Login{}, err
	}
	return outcome(status, data, "")
}

// browser is a user agent with its own cookies that does not follow
// redirects by itself, so the steps can play WeCom in between.
func (a *refappUnderTest) browser(name string) *http.Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	if b, ok := a.browsers[name]; ok {
		return b
	}
	jar, _ := cookiejar.New(nil)
	b := &http.Client{Jar: jar, Transport: a.hc.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	a.browsers[name] = b
	return b
}

func (a *refappUnderTest) StartWebLogin(ctx context.Context, browser string, opts steps.WebLogin) (string, error) {
	q := url.Values{"flow": {opts.Flow}}
	if opts.Scope != "" {
		q.Set("scope", opts.Scope)
	}
	if opts.CorpID != "" {
		q.Set("corp", opts.CorpID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.srv.URL+"/login?"+q.Encode(), nil)
	if err != nil {
		return "", err
	}
	res, err := a.browser(browser).Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusFound {
		var ans answer
		if json.NewDecoder(res.Body).Decode(&ans) == nil && ans.Error != "" {
			return "", &steps.Refusal{Reason: ans.Error}
		}
		return "", fmt.Errorf("GET /login answered %s, want a redirect to WeCom", res.Status)
	}
	return res.Header.Get("Location"), nil
}

func (a *refappUnderTest) FinishWebLogin(ctx context.Context, browser, redirectURL string) (steps.Login, error) {
	if !strings.HasPrefix(redirectURL, a.srv.URL+"/") {
		return steps.Login{}, fmt.Errorf("WeCom redirected the browser to %s, outside the app", redirectURL)
	}
	b := a.browser(browser)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, redirectURL, nil)
	if err != nil {
		return steps.Login{}, err
	}
	status, data, err := a.call(req, b)
	if err != nil {
		return steps.Login{}, err
	}
	if status != http.StatusSeeOther {
		return outcome(status, data, "")
	}
	return a.whoAmI(ctx, browser)
}

// whoAmI asks the app who the browser is logged in as (GET /api/me).
func (a *refappUnderTest) whoAmI(ctx context.Context, browser string) (steps.Login, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.srv.URL+"/api/me", nil)
	if err != nil {
		return steps.Login{}, err
	}
	status, data, err := a.call(req, a.browser(browser))
	if err != nil {
		return steps.Login{}, err
	}
	return outcome(status, data, "browser:"+browser)
}

func (a *refappUnderTest) BrowserSession(ctx context.Context, browser string) (steps.Login, error) {
	return a.whoAmI(ctx, browser)
}

func (a *refappUnderTest) RefreshProfile(ctx context.Context, s steps.Login) (steps.Login, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+"/api/me/refresh", nil)
	if err != nil {
		return steps.Login{}, err
	}
	hc := a.hc
	if token, ok := strings.CutPrefix(s.Session, "bearer:"); ok {
		req.Header.Set("Authorization", "Bearer "+token)
	} else if browser, ok := strings.CutPrefix(s.Session, "browser:"); ok {
		hc = a.browser(browser)
	}
	status, data, err := a.call(req, hc)
	if err != nil {
		return steps.Login{}, err
	}
	return outcome(status, data, s.Session)
}

func (a *refappUnderTest) CallbackURL(corpID string) string {
	return a.srv.URL + "/wecom/callback/" + corpID
}

func (a *refappUnderTest) DirectoryMember(ctx context.Context, corpID, userID string) (string, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.srv.URL+"/api/directory/"+url.PathEscape(corpID)+"/"+url.PathEscape(userID), nil)
	if err != nil {
		return "", false, err
	}
	res, err := a.hc.Do(req)
	if err != nil {
		return "", false, err
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return "", false, nil
	}
	var m refapp.Member
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return "", false, err
	}
	return m.Name, true, nil
}

func (a *refappUnderTest) SuiteCallbackURL() string { return a.srv.URL + "/wecom/suite/callback" }

func (a *refappUnderTest) StartInstall(ctx context.Context, browser string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.srv.URL+"/suite/install", nil)
	if err != nil {
		return "", err
	}
	res, err := a.browser(browser).Do(req)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		return "", fmt.Errorf("GET /suite/install answered %s, want a redirect to WeCom", res.Status)
	}
	return res.Header.Get("Location"), nil
}

func (a *refappUnderTest) FinishInstall(ctx context.Context, browser, redirectURL string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, redirectURL, nil)
	if err != nil {
		return false, err
	}
	status, _, err := a.call(req, a.browser(browser))
	return status == http.StatusOK, err
}
