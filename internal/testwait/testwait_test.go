package testwait_test

import (
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func TestGroupAndRecv(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	ch := make(chan int, 1)
	wg.Go(func() { ch <- 42 })
	testwait.Group(t, &wg)
	if got := testwait.Recv(t, ch); got != 42 {
		t.Fatalf("Recv = %d, want 42", got)
	}
	close(ch)
	if got := testwait.Recv(t, ch); got != 0 {
		t.Fatalf("Recv on a closed channel = %d, want 0", got)
	}
}
