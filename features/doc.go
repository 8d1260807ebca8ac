// Package features holds the BDD scenarios of wecom-mock: one .feature file
// per login and authorization flow (some in 中文 Gherkin), run by godog
// against the reference app (features/refapp) and a fresh mock per scenario.
//
// Run them with
//
//	go test ./features/...                     # part of make test
//	make bdd                                   # the same, with pretty output
//	WECOM_MOCK_URL=http://127.0.0.1:8080 go test ./features/   # against an external mock
//
// The step vocabulary lives in features/steps, which you can import into your
// own godog suite.
package features
