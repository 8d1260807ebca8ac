package steps_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/features/steps"
)

// This file is a complete godog suite of your own that imports the step
// library: your app (here a twenty-line mini-program login backend), an
// adapter that lets the steps drive it, one step of your own, and a feature.

// yourBackend is the app under test: POST /login {"code"} → jscode2session →
// user/get → 200 {"userid","name"}, or 403 {"error": reason}.
func yourBackend(wecom *client.Client, logins *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Code string }
		_ = json.NewDecoder(r.Body).Decode(&req)
		answer := func(status int, v any) {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(v)
		}
		sess, err := wecom.Code2Session(r.Context(), req.Code)
		if err != nil {
			answer(http.StatusUnauthorized, map[string]string{"error": "invalid_code"})
			return
		}
		u, err := wecom.GetUser(r.Context(), sess.UserID)
		switch {
		case errors.Is(err, errcode.NoPrivilege):
			answer(http.StatusForbidden, map[string]string{"error": "not_visible"})
		case err != nil:
			answer(http.StatusBadGateway, map[string]string{"error": "wecom_error"})
		default:
			logins.Add(1)
			answer(http.StatusOK, map[string]string{"userid": u.UserID, "name": u.Name})
		}
	})
}

// yourAppUnderTest adapts the backend to the steps: it implements
// steps.MiniProgramApp (and io.Closer, so the steps stop it).
type yourAppUnderTest struct {
	srv    *httptest.Server
	logins atomic.Int64
}

// startYourApp is the steps.AppFactory: one app per scenario, pointed at
// the scenario's mock with the credentials the scenario declared.
func startYourApp(_ context.Context, env steps.Env) (steps.App, error) {
	t := env.Tenants[0]
	a := &yourAppUnderTest{}
	wecom := client.New(t.CorpID, t.Secret, client.WithBaseURL(env.MockURL))
	a.srv = httptest.NewServer(yourBackend(wecom, &a.logins))
	return a, nil
}

func (a *yourAppUnderTest) Close() error { a.srv.Close(); return nil }

func (a *yourAppUnderTest) MiniProgramLogin(ctx context.Context, _, code string) (steps.Login, error) {
	body := strings.NewReader(fmt.Sprintf(`{"code":%q}`, code))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+"/login", body)
	if err != nil {
		return steps.Login{}, err
	}
	res, err := a.srv.Client().Do(req)
	if err != nil {
		return steps.Login{}, err
	}
	defer res.Body.Close()
	var out struct{ UserID, Name, Error string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return steps.Login{}, err
	}
	return steps.Login{OK: res.StatusCode == http.StatusOK, UserID: out.UserID, Name: out.Name, Reason: out.Error}, nil
}

// A step of your own, next to the library's: it reaches your app through
// steps.AppUnderTest and the mock through steps.Mock.
func appCountedLogins(ctx context.Context, want int) error {
	app, err := steps.AppUnderTest(ctx)
	if err != nil {
		return err
	}
	mine, ok := app.(*yourAppUnderTest)
	if !ok {
		return fmt.Errorf("the app under test is a %T, not yours", app)
	}
	if got := mine.logins.Load(); got != int64(want) {
		return fmt.Errorf("the app counted %d logins, want %d", got, want)
	}
	return nil
}

const yourFeature = `
Feature: Mini-program login of your app

  Background:
    Given a corp "acme" with member "zhangsan" named "张三" visible to app 1000002
    And corp "acme" also has member "wangwu" not visible to app 1000002

  Scenario: A member logs in
    When "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the app counted 1 login
    And the mock received exactly 1 gettoken request

  Scenario: A member outside the visible range is refused
    When "wangwu" logs in to the mini program
    Then the login is refused because "not_visible"
    And the app counted 0 logins

  Scenario: The token expires between two logins
    When "zhangsan" logs in to the mini program
    And the clock advances 2 hours
    And "zhangsan" logs in to the mini program
    Then "zhangsan" is logged in as "张三"
    And the mock received exactly 2 gettoken requests
`

// TestYourSuite runs the feature with a fresh in-process mock per scenario,
// in parallel. Your own suite would use steps.FromEnv(), which switches to
// the mock at $WECOM_MOCK_URL when it is set; this example stays in-process
// so that it never shares an external mock with features/ (go test runs
// packages at the same time).
func TestYourSuite(t *testing.T) {
	mock := steps.InProcess()
	suite := godog.TestSuite{
		Name: "your-app",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			steps.Register(sc, steps.Config{Mock: mock, App: startYourApp})
			sc.Step(`^the app counted (\d+) logins?$`, appCountedLogins)
		},
		Options: &godog.Options{
			Format:          "progress",
			Strict:          true,
			TestingT:        t,
			Concurrency:     map[bool]int{true: 4, false: 1}[steps.Parallel(mock)],
			FeatureContents: []godog.Feature{{Name: "your_login.feature", Contents: []byte(yourFeature)}},
		},
	}
	if suite.Run() != 0 {
		t.Fatal("the suite failed")
	}
}
