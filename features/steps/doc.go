// Package steps is an importable godog step library for testing WeCom (企业
// 微信) integrations against wecom-mock: a vocabulary of Given/When/Then
// steps in plain product language (and 中文) for corps and members, login
// codes, mini-program login, OAuth and QR-code web login, the virtual clock,
// injected faults, the request journal, sent messages, contact callbacks,
// 代开发 installs and 客户联系 (customers, customer groups, greetings, tags
// and transfers).
//
// Register it in your own suite, with your app behind a small adapter:
//
//	func TestFeatures(t *testing.T) {
//		mock := steps.FromEnv() // in-process mock per scenario, or $WECOM_MOCK_URL
//		suite := godog.TestSuite{
//			ScenarioInitializer: func(sc *godog.ScenarioContext) {
//				steps.Register(sc, steps.Config{Mock: mock, App: startMyApp})
//			},
//			Options: &godog.Options{Format: "pretty", Paths: []string{"features"},
//				Strict: true, TestingT: t, Concurrency: 4},
//		}
//		if suite.Run() != 0 {
//			t.Fatal("BDD suite failed")
//		}
//	}
//
// startMyApp is an AppFactory: it gets an Env (the mock's URL, the corps'
// credentials) and returns your app, which implements whichever of
// MiniProgramApp, WebLoginApp, BrowserSessionApp, SessionApp, CallbackApp,
// DirectoryApp, SuiteApp, SuiteInstallApp, CRMApp and HRSyncApp its
// scenarios need. See
// example_test.go for a complete suite in one file, and docs/bdd.md for
// every step with an example.
//
// Every scenario gets its own mock (InProcess) — or, against an external
// mock (External), the shared mock reset before and after it — and its own
// app; all state is scenario-scoped, so scenarios run in parallel. The
// steps drive the mock only through its HTTP control API (package mockctl),
// so they work the same against the binary and the container. Nothing
// sleeps: expiry is the clock steps' job, callbacks are awaited through the
// control API.
//
// The world: a scenario starts from the mock's loaded world (the default
// fixtures in-process). "a corp … with member …" steps add to it. Without
// "the app serves corp …" steps, the app under test is the app of the first
// corp a step named (or of the world's first corp), and that corp is served.
package steps
