package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when its tests leave goroutines behind: a
// server, a listener or a signal handler not shut down.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
