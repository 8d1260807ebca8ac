package features_test

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/colors"

	"github.com/wecom-mock/wecom-mock/features/steps"
)

// EnvJUnit names the environment variable that makes the run also write a
// JUnit report to that path (CI sets it).
const EnvJUnit = "WECOM_BDD_JUNIT"

// Flags of the run, e.g. go test ./features/ -godog.format=pretty -godog.tags=@oauth.
var (
	format      = flag.String("godog.format", "progress", "godog formatters, comma-separated: progress, pretty, junit:FILE, cucumber:FILE, …")
	tags        = flag.String("godog.tags", "~@wip", "tag expression selecting scenarios; @wip scenarios wait for a mock feature")
	concurrency = flag.Int("godog.concurrency", 0, "scenarios run at once (default: GOMAXPROCS in-process, 1 against an external mock)")
	random      = flag.Int64("godog.random", 0, "shuffle scenarios with this seed (-1 picks one)")
)

// TestFeatures runs every .feature file of this directory, each scenario as
// a subtest with its own mock and its own reference app.
func TestFeatures(t *testing.T) {
	paths, err := filepath.Glob("*.feature")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no feature files: %v", err)
	}
	o := godog.Options{
		Format:      *format,
		Output:      colors.Colored(os.Stdout),
		Paths:       paths,
		Tags:        *tags,
		Strict:      true, // undefined or pending steps fail the run
		Concurrency: *concurrency,
		Randomize:   *random,
		TestingT:    t,
	}
	if p := os.Getenv(EnvJUnit); p != "" {
		o.Format += ",junit:" + p
	}
	mock := steps.FromEnv()
	if o.Concurrency == 0 {
		o.Concurrency = 1
		if steps.Parallel(mock) {
			o.Concurrency = max(4, runtime.GOMAXPROCS(0))
		}
	}
	suite := godog.TestSuite{
		Name: "wecom-mock",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			steps.Register(sc, steps.Config{Mock: mock, App: startRefapp})
		},
		Options: &o,
	}
	if status := suite.Run(); status != 0 {
		t.Fatalf("godog exited with status %d", status)
	}
}
