package mockserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const century = 100 * 365 * 24 * time.Hour

// TestControlAdvanceLimit: three 100-year advances used to wrap the clock to
// the 18th century, where an expired token worked again. The third is now
// refused with a 400 naming the limit, and the clock stays put.
func TestControlAdvanceLimit(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.AppToken(t, srv)
	for range 2 {
		testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"duration":"876000h"}`), http.StatusOK)
	}
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"duration":"876000h"}`)
	testkit.ControlError(t, r, http.StatusBadRequest, "MaxAdvance", "200 years")
	if want := start.Add(2 * century); !srv.Now().Equal(want) {
		t.Errorf("Now %v, want %v", srv.Now(), want)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.AccessTokenExpired)
}

// TestAdvanceClampsAtLimit: the Go Advance never fails; past MaxAdvance the
// clock stops at the limit, and a reset gives the whole range back.
func TestAdvanceClampsAtLimit(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	var now time.Time
	for range 3 {
		now = srv.Advance(century)
	}
	if want := start.Add(mockserver.MaxAdvance); !now.Equal(want) || !srv.Now().Equal(want) {
		t.Errorf("after 300 years: Advance %v, Now %v, want %v", now, srv.Now(), want)
	}
	if now := srv.Advance(time.Hour); !now.Equal(start.Add(mockserver.MaxAdvance)) {
		t.Errorf("at the limit Advance moved to %v", now)
	}
	srv.Reset()
	if now := srv.Advance(time.Hour); !now.Equal(start.Add(time.Hour)) {
		t.Errorf("after reset: %v, want %v", now, start.Add(time.Hour))
	}
}
