package refapp

// The app as the backend of a 代开发 (agent-developed) app template: WeCom
// pushes the suite's callbacks (suite_ticket every 10 minutes, create_auth
// when a corp installs from the app market, reset_permanent_code, cancel_auth)
// to /wecom/suite/callback; a corp admin can also install from the vendor's
// site through /suite/install. Each install's permanent_code is the app's
// secret in that corp: the corp becomes a tenant and is served like any
// other — gettoken with corpid and the permanent code, then the usual APIs.
//
// The suite calls (get_suite_token, get_pre_auth_code, get_permanent_code)
// go through client.SuiteClient, fed with the newest pushed suite_ticket.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
)

// SuiteConfig is a 代开发 template, or a third-party app, as its vendor
// configured it.
type SuiteConfig struct {
	SuiteID string
	Secret  string
	// CallbackToken and CallbackAESKey are the 指令回调 settings.
	CallbackToken  string
	CallbackAESKey string
	// InstallBaseURL is the host of the install page (default
	// DefaultInstallBaseURL).
	InstallBaseURL string
	// ThirdParty makes the suite a third-party app rather than a 代开发
	// template: installs are served with get_corp_token's corp token, and
	// the web login opens WeCom's pages with the suite id (vendor.go).
	ThirdParty bool
}

// ticketBox keeps the newest suite_ticket WeCom pushed; the suite client
// asks it whenever it fetches a suite_access_token.
type ticketBox struct {
	mu     sync.Mutex
	ticket string
}

func (b *ticketBox) set(t string) {
	b.mu.Lock()
	b.ticket = t
	b.mu.Unlock()
}

func (b *ticketBox) latest(context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ticket == "" {
		return "", errors.New("refapp: no suite_ticket received yet")
	}
	return b.ticket, nil
}

func (a *App) mountSuite(cfg SuiteConfig) error {
	a.tickets = &ticketBox{}
	a.suite = client.NewSuite(cfg.SuiteID, cfg.Secret, a.tickets.latest,
		client.WithBaseURL(a.cfg.APIBaseURL),
		client.WithHTTPClient(a.cfg.HTTPClient),
		client.WithRetry(*a.cfg.Retry),
		client.WithLogger(a.cfg.Logger))
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
		a.tickets.set(ev.SuiteTicket)
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
	pc, err := a.suite.PermanentCode(ctx, authCode)
	if err != nil {
		return err
	}
	if len(pc.AuthInfo.Agent) == 0 {
		return errNoAgent
	}
	if a.thirdParty() {
		return a.installThirdParty(ctx, pc)
	}
	t := Tenant{CorpID: pc.AuthCorpInfo.CorpID, AgentID: int(pc.AuthInfo.Agent[0].AgentID), Secret: pc.PermanentCode}
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
	code, err := a.suite.PreAuthCode(r.Context())
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
