package steps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Config is what Register needs.
type Config struct {
	// Mock gives every scenario its mock; nil means FromEnv().
	Mock MockProvider
	// App starts your app for a scenario; nil leaves only the steps that
	// talk to the mock alone (world, codes, clock, faults, journal, inbox).
	App AppFactory
}

// Register adds the whole vocabulary (English and 中文) to sc, with hooks
// that give each scenario its own mock and app. Call it from your
// ScenarioInitializer; add your own steps beside it.
func Register(sc *godog.ScenarioContext, cfg Config) {
	if cfg.Mock == nil {
		cfg.Mock = FromEnv()
	}
	sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		mock, release, err := cfg.Mock.Acquire(ctx)
		if err != nil {
			return ctx, err
		}
		st := &state{cfg: cfg, mock: mock, release: release, logins: map[string]Login{}, oldSecrets: map[string]string{}}
		return context.WithValue(ctx, stateKey{}, st), nil
	})
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if st, ok := ctx.Value(stateKey{}).(*state); ok {
			st.close()
		}
		return ctx, err
	})
	registerWorld(sc)
	registerMock(sc)
	registerFaults(sc)
	registerJournal(sc)
	registerLogin(sc)
	registerQR(sc)
	registerSuite(sc)
	registerCallbacks(sc)
	registerCRM(sc)
	registerCards(sc)
	registerHR(sc)
	registerChinese(sc)
}

// Mock returns the scenario's control-API client, for your own steps.
func Mock(ctx context.Context) *mockctl.Client {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		return st.mock
	}
	return nil
}

// AppUnderTest returns the scenario's app, starting it if no step has yet,
// for your own steps. It fails if Config.App is nil.
func AppUnderTest(ctx context.Context) (App, error) {
	return stateOf(ctx).theApp(ctx)
}

type stateKey struct{}

// state is everything one scenario remembers. Steps of one scenario run one
// after another, so it needs no lock.
type state struct {
	cfg     Config
	mock    *mockctl.Client
	release func()

	// world is the scenario's world once a step changed it; nil means the
	// mock's starting world.
	world   *fixtures.World
	focus   string // the corp named by the latest world step
	tenants []Tenant

	app      App
	appEnv   Env
	appClose func()
	// callbacksSet is true once the app's callback URL is configured.
	callbacksSet bool

	code   *mintedCode      // the latest login code
	last   *Login           // the latest login attempt
	logins map[string]Login // the latest successful login of each member (lower-cased userid)
	web    *webAttempt      // the latest web login
	posted *callbackPost    // the latest callback a step posted to the app
	qr     *qrAttempt       // the QR login shown in a browser

	suite     *Suite // the scenario's 代开发 template, if any
	installed *bool  // whether the app completed an install from its website
	// oldSecrets are the permanent codes resets replaced, by corp.
	oldSecrets map[string]string

	crm *crmState // 客户联系: customers and groups by name, the latest greeting

	cards *cardState // the approval card, the latest card update and robot post

	hr *hrState // the HR sync: the latest lookup, imported departments, the job
}

func stateOf(ctx context.Context) *state {
	st, ok := ctx.Value(stateKey{}).(*state)
	if !ok {
		panic("steps: scenario state missing: call steps.Register in your ScenarioInitializer")
	}
	return st
}

func (st *state) close() {
	if st.appClose != nil {
		st.appClose()
	}
	if st.release != nil {
		st.release()
	}
}

// theApp starts the app on first use.
func (st *state) theApp(ctx context.Context) (App, error) {
	if st.app != nil {
		return st.app, nil
	}
	if st.cfg.App == nil {
		return nil, errors.New("this step needs the app under test, but steps.Config.App is nil")
	}
	w, err := st.currentWorld(ctx)
	if err != nil {
		return nil, err
	}
	tenants, err := st.resolveTenants(w)
	if err != nil {
		return nil, err
	}
	env := Env{MockURL: st.mock.URL(), Tenants: tenants, Suite: st.suite, Mock: st.mock}
	app, err := st.cfg.App(ctx, env)
	if err != nil {
		return nil, fmt.Errorf("starting the app under test: %w", err)
	}
	st.app, st.appEnv = app, env
	if c, ok := app.(io.Closer); ok {
		st.appClose = func() { _ = c.Close() }
	}
	if err := st.registerSuiteCallback(ctx, app); err != nil {
		return nil, err
	}
	return app, nil
}

// startApp starts the app under test, if there is one, before a step makes
// the mock issue anything: starting it registers its callback URL, and a
// world change drops the codes and tokens issued so far.
func (st *state) startApp(ctx context.Context) error {
	if st.cfg.App == nil {
		return nil
	}
	_, err := st.theApp(ctx)
	return err
}

// needApp returns the app as T or says which interface it lacks.
func needApp[T any](ctx context.Context, st *state, name string) (T, error) {
	var zero T
	app, err := st.theApp(ctx)
	if err != nil {
		return zero, err
	}
	a, ok := app.(T)
	if !ok {
		return zero, fmt.Errorf("the app under test (%T) does not implement steps.%s", app, name)
	}
	return a, nil
}

// apiPath expands the shorthand of the steps: "user/get" and "gettoken"
// mean "/cgi-bin/user/get" and "/cgi-bin/gettoken".
func apiPath(p string) string {
	p = strings.TrimSpace(p)
	switch {
	case p == "*" || strings.HasPrefix(p, "/"):
		return p
	case strings.HasPrefix(p, "cgi-bin/"):
		return "/" + p
	default:
		return "/cgi-bin/" + p
	}
}
