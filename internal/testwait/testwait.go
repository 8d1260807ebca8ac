// Package testwait bounds the waits of tests: a wait group, a channel or a
// condition that does not finish in time fails the test instead of hanging
// it until go test's own timeout. Only test files import it.
package testwait

import (
	"sync"
	"testing"
	"time"
)

// Limit is how long a wait may take. It is generous, for -race on a busy
// machine; a wait that needs it has hung.
const Limit = 2 * time.Minute

// Group waits for wg, failing the test after Limit.
func Group(t testing.TB, wg *sync.WaitGroup) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(Limit):
		t.Fatalf("goroutines still running after %v", Limit)
	}
}

// Recv receives from ch, failing the test after Limit; a closed channel
// gives the zero value.
func Recv[T any](t testing.TB, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Limit):
		var zero T
		t.Fatalf("nothing received on a %T in %v", ch, Limit)
		return zero
	}
}
