package mockserver_test

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// TestMain fails the package when its tests leave goroutines behind (a
// server, a callback delivery or a stream not shut down), or leave the
// default world that servers share changed: every test that changes
// contacts, customers, suites or tags would leak into the next server.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if code == 0 && mockserver.DefaultWorldChanged() {
			fmt.Fprintln(os.Stderr, "FAIL: the tests changed the default world the servers share")
			code = 1
		}
		os.Exit(code)
	}))
}
