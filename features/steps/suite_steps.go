package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Suite is the 代开发 template, or the third-party app, your app is the
// backend of, when a scenario declares one.
type Suite struct {
	SuiteID string
	Secret  string
	// ThirdParty is true for a third-party app: installs are served with
	// get_corp_token's corp token, and web logins open WeCom's pages with
	// the suite id as appid.
	ThirdParty bool
	// CallbackToken and CallbackAESKey are the 指令回调 settings; the
	// receiveid of its callbacks is SuiteID.
	CallbackToken  string
	CallbackAESKey string
}

// SuiteApp is the backend of a 代开发 template: it receives the suite's
// callbacks (suite_ticket, create_auth, reset_permanent_code, cancel_auth).
type SuiteApp interface {
	// SuiteCallbackURL is the template's 指令回调 URL.
	SuiteCallbackURL() string
}

// SuiteInstallApp is a template backend whose website starts installs.
type SuiteInstallApp interface {
	// StartInstall opens your install page in the browser and returns the
	// WeCom install URL your app redirected it to.
	StartInstall(ctx context.Context, browser string) (wecomURL string, err error)
	// FinishInstall follows WeCom's redirect back (redirect_uri?auth_code=…)
	// and reports whether your app completed the install.
	FinishInstall(ctx context.Context, browser, redirectURL string) (bool, error)
}

func registerSuite(sc *godog.ScenarioContext) {
	sc.Step(`^the vendor has a 代开发 app template "([^"]*)"$`, vendorHasTemplate)
	sc.Step(`^the vendor has a third-party app "([^"]*)"$`, vendorHasThirdPartyApp)
	sc.Step(`^the app found "([^"]*)"'s contact record by open_userid$`, foundContactRecord)
	sc.Step(`^(?:a )?corp "([^"]*)" (?:with|has|also has) (?:a )?member "([^"]*)"(?: named "([^"]*)")?$`, corpWithPlainMember)
	sc.Step(`^corp "([^"]*)" installs the app from the app market(?: as "([^"]*)")?$`, installFromMarket)
	sc.Step(`^an administrator "([^"]*)" of corp "([^"]*)" installs the app from the vendor's website$`, installFromWebsite)
	sc.Step(`^the app completes the install$`, installCompleted)
	sc.Step(`^the mock pushes a new suite ticket$`, pushSuiteTicket)
	sc.Step(`^an administrator of corp "([^"]*)" resets the app's secret$`, resetSecret)
	sc.Step(`^corp "([^"]*)" uninstalls the app$`, uninstall)
	sc.Step(`^the mock delivered (\d+|one|two|three) "([^"]*)" callbacks? to the app's template$`, deliveredToSuite)
	sc.Step(`^the app is installed in corp "([^"]*)" as the template's app$`, installedInCorp)
	sc.Step(`^the previous secret of the app in corp "([^"]*)" is refused with errcode (\d+)$`, previousSecretRefused)
}

func vendorHasTemplate(ctx context.Context, suiteID string) error {
	return declareSuite(ctx, suiteID, false)
}

func vendorHasThirdPartyApp(ctx context.Context, suiteID string) error {
	return declareSuite(ctx, suiteID, true)
}

// declareSuite adds the scenario's suite to the world: a 代开发 template or
// a third-party app, trusting the loopback hosts the app under test runs on.
func declareSuite(ctx context.Context, suiteID string, thirdParty bool) error {
	st := stateOf(ctx)
	if st.suite != nil {
		return fmt.Errorf("the scenario already has suite %q", st.suite.SuiteID)
	}
	kind := fixtures.SuiteCustomized
	if thirdParty {
		kind = fixtures.SuiteThirdParty
	}
	if err := st.changeWorld(ctx, func(w *fixtures.World) error {
		w.Suites = append(w.Suites, fixtures.Suite{
			SuiteID:         suiteID,
			Name:            suiteID,
			Type:            kind,
			Secret:          suiteID + "-secret",
			TrustedDomains:  []string{"localhost", "127.0.0.1"},
			MiniProgram:     &fixtures.MiniProgram{AppID: "wx" + suiteID},
			SensitiveFields: !thirdParty,
		})
		return nil
	}); err != nil {
		return err
	}
	st.suite = &Suite{SuiteID: suiteID, Secret: suiteID + "-secret", ThirdParty: thirdParty,
		CallbackToken: randomAlnum(24), CallbackAESKey: randomAlnum(43)}
	return nil
}

func corpWithPlainMember(ctx context.Context, corpID, userID, name string) error {
	st := stateOf(ctx)
	return st.changeWorld(ctx, func(w *fixtures.World) error {
		ensureMember(ensureCorp(w, corpID), userID, name)
		return nil
	})
}

// registerSuiteCallback sets the template's 指令回调 URL and has the mock
// push the first suite_ticket to it, as WeCom does once a URL is set.
func (st *state) registerSuiteCallback(ctx context.Context, app App) error {
	if st.suite == nil {
		return nil
	}
	sa, ok := app.(SuiteApp)
	if !ok {
		return fmt.Errorf("the scenario has a 代开发 template, but the app under test (%T) does not implement steps.SuiteApp", app)
	}
	err := st.mock.SetSuiteCallback(ctx, st.suite.SuiteID, mockctl.Callback{
		URL: sa.SuiteCallbackURL(), Token: st.suite.CallbackToken, EncodingAESKey: st.suite.CallbackAESKey,
	})
	if err != nil {
		return err
	}
	return pushSuiteTicket(ctx)
}

// waitDelivery waits until the mock has delivered a callback (id "" means
// none was sent) and fails unless the receiver accepted it.
func (st *state) waitDelivery(ctx context.Context, id string) error {
	if id == "" {
		return fmt.Errorf("the mock sent no callback (is a callback URL configured?)")
	}
	ds, err := st.mock.WaitDeliveries(ctx, mockctl.DeliveryFilter{ID: id}, 10*time.Second)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.Status != "delivered" {
			return fmt.Errorf("the app did not accept the %s callback:%s", d.Kind, describeDeliveries(ds))
		}
	}
	return nil
}

func (st *state) needSuite() (*Suite, error) {
	if st.suite == nil {
		return nil, fmt.Errorf("no 代开发 template: start with `the vendor has a 代开发 app template \"…\"`")
	}
	return st.suite, nil
}

func pushSuiteTicket(ctx context.Context) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	if err := st.startApp(ctx); err != nil {
		return err
	}
	t, err := st.mock.PushSuiteTicket(ctx, su.SuiteID)
	if err != nil {
		return err
	}
	return st.waitDelivery(ctx, t.DeliveryID)
}

func installFromMarket(ctx context.Context, corpID, admin string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	if err := st.startApp(ctx); err != nil {
		return err
	}
	in, err := st.mock.InstallSuite(ctx, su.SuiteID, mockctl.InstallRequest{CorpID: corpID, UserID: admin, Market: true})
	if err != nil {
		return err
	}
	st.world = nil // the install added the template's app to the corp
	if in.CreateAuth == nil {
		return fmt.Errorf("the mock pushed no create_auth")
	}
	return st.waitDelivery(ctx, in.CreateAuth.DeliveryID)
}

func installFromWebsite(ctx context.Context, admin, corpID string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	app, err := needApp[SuiteInstallApp](ctx, st, "SuiteInstallApp")
	if err != nil {
		return err
	}
	wecomURL, err := app.StartInstall(ctx, admin)
	if err != nil {
		return err
	}
	p, err := parseInstallPage(wecomURL, su.SuiteID)
	if err != nil {
		return err
	}
	// The admin approves on WeCom's install page.
	in, err := st.mock.InstallSuite(ctx, su.SuiteID, mockctl.InstallRequest{
		CorpID: corpID, UserID: admin, PreAuthCode: p.Get("pre_auth_code"),
		RedirectURI: p.Get("redirect_uri"), State: p.Get("state"),
	})
	if err != nil {
		return err
	}
	st.world = nil
	ok, err := app.FinishInstall(ctx, admin, in.Redirect)
	if err != nil {
		return err
	}
	st.installed = &ok
	return nil
}

func installCompleted(ctx context.Context) error {
	st := stateOf(ctx)
	if st.installed == nil {
		return fmt.Errorf("no install from the website in this scenario")
	}
	if !*st.installed {
		return fmt.Errorf("the app did not complete the install")
	}
	return nil
}

func resetSecret(ctx context.Context, corpID string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	before, err := st.mock.Suite(ctx, su.SuiteID)
	if err != nil {
		return err
	}
	for _, a := range before.Authorizations {
		if a.CorpID == corpID {
			st.oldSecrets[corpID] = a.PermanentCode
		}
	}
	ev, err := st.mock.ResetPermanentCode(ctx, su.SuiteID, corpID)
	if err != nil {
		return err
	}
	return st.waitDelivery(ctx, ev.DeliveryID)
}

// previousSecretRefused asks gettoken with the permanent code a reset
// replaced, as a backend that missed reset_permanent_code would.
func previousSecretRefused(ctx context.Context, corpID, code string) error {
	st := stateOf(ctx)
	old, ok := st.oldSecrets[corpID]
	if !ok {
		return fmt.Errorf("the app's secret in corp %s was not reset in this scenario", corpID)
	}
	q := url.Values{"corpid": {corpID}, "corpsecret": {old}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.mock.URL()+"/cgi-bin/gettoken?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var out struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return err
	}
	if want, _ := strconv.Atoi(code); out.ErrCode != want {
		return fmt.Errorf("gettoken with the previous secret answered errcode %d (%s), want %d", out.ErrCode, out.ErrMsg, want)
	}
	return nil
}

func uninstall(ctx context.Context, corpID string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	ev, err := st.mock.CancelSuiteAuth(ctx, su.SuiteID, corpID)
	if err != nil {
		return err
	}
	st.world = nil
	return st.waitDelivery(ctx, ev.DeliveryID)
}

func deliveredToSuite(ctx context.Context, n, kind string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	ds, err := st.mock.Deliveries(ctx, mockctl.DeliveryFilter{SuiteID: su.SuiteID, Receiver: "suite", Kind: kind})
	if err != nil {
		return err
	}
	ok := 0
	for _, d := range ds {
		if d.Status == "delivered" {
			ok++
		}
	}
	if ok != count(n) || ok != len(ds) {
		return fmt.Errorf("the app's template accepted %d of %d %q callbacks, want %d:%s", ok, len(ds), kind, count(n), describeDeliveries(ds))
	}
	return nil
}

// installedInCorp checks the mock's side of an install: the corp has an
// authorization of the template (and so an app whose secret is its
// permanent code).
func installedInCorp(ctx context.Context, corpID string) error {
	st := stateOf(ctx)
	su, err := st.needSuite()
	if err != nil {
		return err
	}
	s, err := st.mock.Suite(ctx, su.SuiteID)
	if err != nil {
		return err
	}
	for _, a := range s.Authorizations {
		if a.CorpID == corpID {
			return nil
		}
	}
	return fmt.Errorf("corp %s has not installed template %s", corpID, su.SuiteID)
}

// foundContactRecord checks that the last login was joined to the app's own
// contact record of the member through the open_userid WeCom gave the login
// (Login.Profile "open_userid" and "contact_record", the record's userid).
func foundContactRecord(ctx context.Context, userID string) error {
	l, err := stateOf(ctx).lastLogin()
	if err != nil {
		return err
	}
	if !l.OK {
		return fmt.Errorf("no session: %s", l)
	}
	if l.Profile["open_userid"] == "" {
		return fmt.Errorf("the login of %s carries no open_userid", l.UserID)
	}
	if got := l.Profile["contact_record"]; !strings.EqualFold(got, userID) {
		return fmt.Errorf("open_userid %q found the contact record %q, want %q's", l.Profile["open_userid"], got, userID)
	}
	return nil
}
