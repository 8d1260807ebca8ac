package refapp

// The app as the backend of a 代开发 (agent-developed) app template: WeCom
// pushes the suite's callbacks (suite_ticket every 10 minutes, create_auth
// when a corp installs from the app market, reset_permanent_code, cancel_auth)
// to /wecom/suite/callback; a corp admin can also install from the vendor's
// site through /suite/install. Each install's permanent_code is the app's
// secret in that corp: the corp becomes a tenant and is served like any
// other — gettoken with corpid and the permanent code, then the usual APIs.
//
// The module's client covers the corp APIs only, so the three suite calls
// (get_suite_token, get_pre_auth_code, get_permanent_code) are made here
// with net/http, returning *client.APIError like the client does.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// SuiteConfig is a 代开发 template as its vendor configured it.
type SuiteConfig struct {
	SuiteID string
	Secret  string
	// CallbackToken and CallbackAESKey are the 指令回调 settings.
	CallbackToken  string
	CallbackAESKey string
	// InstallBaseURL is the host of the install page (default
	// DefaultInstallBaseURL).
	InstallBaseURL string
}

// suiteClient makes the suite calls with the newest suite_ticket.
type suiteClient struct {
	cfg     SuiteConfig
	baseURL string
	hc      *http.Client

	mu      sync.Mutex
	ticket  string
	token   string
	expires time.Time
}

func (a *App) mountSuite(cfg SuiteConfig) error {
	a.suite = &suiteClient{cfg: cfg, baseURL: a.cfg.APIBaseURL, hc: a.cfg.HTTPClient}
	h, err := callback.NewHandler(cfg.CallbackToken, cfg.CallbackAESKey, cfg.SuiteID, a.onSuiteEvent,
		callback.WithDedup(1000), callback.WithLogger(a.cfg.Logger))
	if err != nil {
		return err
	}
	a.mux.Handle("/wecom/suite/callback", h)
	a.mux.HandleFunc("GET /suite/install", a.startInstall)
	a.mux.HandleFunc("GET /suite/installed", a.finishInstall)
	return nil
}

// onSuiteEvent handles the suite's callbacks. create_auth and
// reset_permanent_code must be answered within 1000 ms; the exchange is one
// loopback-fast call, so it is done inline.
func (a *App) onSuiteEvent(ctx context.Context, ev callback.Event) (callback.Reply, error) {
	switch ev := ev.(type) {
	case *callback.SuiteTicketEvent:
		a.suite.setTicket(ev.SuiteTicket)
	case *callback.CreateAuthEvent:
		return nil, a.install(ctx, ev.AuthCode)
	case *callback.ResetPermanentCodeEvent:
		return nil, a.install(ctx, ev.AuthCode)
	case *callback.CancelAuthEvent:
		a.removeTenant(ev.AuthCorpId)
		a.endSessions(ev.AuthCorpId, "")
	}
	return nil, nil
}

// install exchanges an auth_code for the permanent code and makes the corp a
// tenant, then makes the first call as that corp's app: a message to the
// admin who installed it.
func (a *App) install(ctx context.Context, authCode string) error {
	pc, err := a.suite.permanentCode(ctx, authCode)
	if err != nil {
		return err
	}
	if len(pc.AuthInfo.Agent) == 0 {
		return errors.New("refapp: get_permanent_code named no agent")
	}
	t := Tenant{CorpID: pc.AuthCorpInfo.CorpID, AgentID: pc.AuthInfo.Agent[0].AgentID, Secret: pc.PermanentCode}
	a.addTenant(t)
	if admin := pc.AuthUserInfo.UserID; admin != "" {
		tn := a.tenantFor(t.CorpID)
		msg := client.NewTextMessage(int64(t.AgentID), a.cfg.SiteName+"已安装，欢迎使用！", admin)
		if _, err := tn.wecom.SendMessage(ctx, msg); err != nil {
			a.cfg.Logger.WarnContext(ctx, "refapp: install message not sent", "corpid", t.CorpID, "err", err)
		}
	}
	return nil
}

// startInstall sends an admin's browser to WeCom's install page.
func (a *App) startInstall(w http.ResponseWriter, r *http.Request) {
	code, err := a.suite.preAuthCode(r.Context())
	if err != nil {
		writeFailure(w, wecomFailure(err))
		return
	}
	state := randomID()
	a.mu.Lock()
	a.states[state] = loginState{flow: "install", expires: time.Now().Add(stateTTL)}
	a.mu.Unlock()
	target := a.cfg.Suite.InstallBaseURL + "/3rdapp/install?" + url.Values{
		"suite_id": {a.cfg.Suite.SuiteID}, "pre_auth_code": {code},
		"redirect_uri": {a.cfg.PublicURL + "/suite/installed"}, "state": {state},
	}.Encode()
	http.Redirect(w, r, target, http.StatusFound)
}

// finishInstall is where WeCom sends the admin back with auth_code.
func (a *App) finishInstall(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a.mu.Lock()
	st, ok := a.states[q.Get("state")]
	delete(a.states, q.Get("state"))
	a.mu.Unlock()
	if !ok || st.flow != "install" || time.Now().After(st.expires) {
		writeFailure(w, fail(http.StatusBadRequest, ReasonBadState, "this install link is not valid any more; please start again"))
		return
	}
	if q.Get("auth_code") == "" {
		writeFailure(w, fail(http.StatusBadRequest, ReasonLoginCancelled, "the install was cancelled"))
		return
	}
	if err := a.install(r.Context(), q.Get("auth_code")); err != nil {
		writeFailure(w, wecomFailure(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"installed": true})
}

func (s *suiteClient) setTicket(t string) {
	s.mu.Lock()
	s.ticket = t
	s.mu.Unlock()
}

// accessToken returns the suite_access_token, fetching one with the newest
// ticket when there is none or it is about to expire.
func (s *suiteClient) accessToken(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok, exp, ticket := s.token, s.expires, s.ticket
	s.mu.Unlock()
	if tok != "" && time.Now().Before(exp) {
		return tok, nil
	}
	if ticket == "" {
		return "", errors.New("refapp: no suite_ticket received yet")
	}
	var out struct {
		Token     string `json:"suite_access_token"`
		ExpiresIn int    `json:"expires_in"`
	}
	in := map[string]string{"suite_id": s.cfg.SuiteID, "suite_secret": s.cfg.Secret, "suite_ticket": ticket}
	if err := s.post(ctx, "/cgi-bin/service/get_suite_token", nil, in, &out); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.token = out.Token
	s.expires = time.Now().Add(time.Duration(out.ExpiresIn)*time.Second - 5*time.Minute)
	s.mu.Unlock()
	return out.Token, nil
}

func (s *suiteClient) dropToken(tok string) {
	s.mu.Lock()
	if s.token == tok {
		s.token = ""
	}
	s.mu.Unlock()
}

// withToken calls fn with the suite_access_token, once more with a new one
// if WeCom says it expired (42009) or is unknown (40082).
func (s *suiteClient) withToken(ctx context.Context, fn func(q url.Values) error) error {
	for attempt := 0; ; attempt++ {
		tok, err := s.accessToken(ctx)
		if err != nil {
			return err
		}
		err = fn(url.Values{"suite_access_token": {tok}})
		if attempt == 0 && (errors.Is(err, errcode.SuiteAccessTokenExpired) || errors.Is(err, errcode.InvalidSuiteToken)) {
			s.dropToken(tok)
			continue
		}
		return err
	}
}

func (s *suiteClient) preAuthCode(ctx context.Context) (string, error) {
	var out struct {
		PreAuthCode string `json:"pre_auth_code"`
	}
	err := s.withToken(ctx, func(q url.Values) error {
		return s.call(ctx, http.MethodGet, "/cgi-bin/service/get_pre_auth_code", q, nil, &out)
	})
	return out.PreAuthCode, err
}

// permanentCodeAnswer is the part of get_permanent_code the app uses.
type permanentCodeAnswer struct {
	PermanentCode string `json:"permanent_code"`
	AuthCorpInfo  struct {
		CorpID   string `json:"corpid"`
		CorpName string `json:"corp_name"`
	} `json:"auth_corp_info"`
	AuthInfo struct {
		Agent []struct {
			AgentID int `json:"agentid"`
		} `json:"agent"`
	} `json:"auth_info"`
	AuthUserInfo struct {
		UserID string `json:"userid"`
	} `json:"auth_user_info"`
}

func (s *suiteClient) permanentCode(ctx context.Context, authCode string) (permanentCodeAnswer, error) {
	var out permanentCodeAnswer
	err := s.withToken(ctx, func(q url.Values) error {
		return s.post(ctx, "/cgi-bin/service/get_permanent_code", q, map[string]string{"auth_code": authCode}, &out)
	})
	return out, err
}

func (s *suiteClient) post(ctx context.Context, path string, q url.Values, in, out any) error {
	return s.call(ctx, http.MethodPost, path, q, in, out)
}

// call makes one suite API call; a non-zero errcode comes back as
// *client.APIError (errors.Is works with errcode constants).
func (s *suiteClient) call(ctx context.Context, method, path string, q url.Values, in, out any) error {
	u := s.baseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := s.hc.Do(req)
	if err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("wecom %s: HTTP %s", path, res.Status)
	}
	var env struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	// get_suite_token may omit errcode on success (wecom-api.md §13.1).
	if env.ErrCode != nil && *env.ErrCode != 0 {
		return &client.APIError{Code: errcode.Code(*env.ErrCode), Msg: env.ErrMsg, Path: path}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	return nil
}
