package browsertest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when its tests leave goroutines behind: a
// server, a browser or a stream not shut down.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
