package webhook_test

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// The window slides: a send is refused while 20 others lie in the minute
// before it, and allowed again as soon as the oldest leaves that minute.
func TestFrequencyLimitSlidingWindow(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithFixtures(twoRobots(t)))
	for i := range 10 {
		sendOK(t, srv, robotKey, text("early "+strconv.Itoa(i)))
	}
	srv.Advance(30 * time.Second)
	for i := range 10 {
		sendOK(t, srv, robotKey, text("late "+strconv.Itoa(i)))
	}
	testkit.WeComError(t, send(t, srv, robotKey, text("21st")), errcode.FreqOutOfLimit)
	// Another robot has its own limit.
	sendOK(t, srv, otherRobotKey, text("other robot"))
	// Refused messages do not count and do not reach the inbox.
	srv.Advance(30*time.Second - time.Millisecond)
	testkit.WeComError(t, send(t, srv, robotKey, text("just before the early ones leave")), errcode.FreqOutOfLimit)
	srv.Advance(time.Millisecond)
	// The 10 early sends are a minute old: 10 places reopen, no more.
	for i := range 10 {
		sendOK(t, srv, robotKey, text("reopened "+strconv.Itoa(i)))
	}
	testkit.WeComError(t, send(t, srv, robotKey, text("full again")), errcode.FreqOutOfLimit)
	srv.Advance(time.Minute)
	sendOK(t, srv, robotKey, text("a minute later"))
	if n := len(robotInbox(srv, robotKey)); n != 31 {
		t.Errorf("inbox has %d messages of the robot, want the 31 accepted", n)
	}
}

// Concurrent sends: exactly 20 of them get through.
func TestFrequencyLimitUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	const callers = 40
	codes := make([]int, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = testkit.ErrCode(t, testkit.DecodeMap(t, send(t, srv, robotKey, text("burst")).Body))
		}()
	}
	testwait.Group(t, &wg)
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[0] != 20 || count[int(errcode.FreqOutOfLimit)] != callers-20 {
		t.Errorf("answers %v, want 20 ok and %d × 45009", count, callers-20)
	}
	if n := len(robotInbox(srv, robotKey)); n != 20 {
		t.Errorf("inbox has %d messages, want 20", n)
	}
}

// A reset forgets the window.
func TestFrequencyLimitResets(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	for range 20 {
		sendOK(t, srv, robotKey, text("x"))
	}
	testkit.WeComError(t, send(t, srv, robotKey, text("x")), errcode.FreqOutOfLimit)
	srv.Reset()
	sendOK(t, srv, robotKey, text("after reset"))
}
