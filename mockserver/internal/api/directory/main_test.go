package directory_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when its tests leave goroutines behind: a
// server, a callback delivery or a stream not shut down.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
