package directory_test

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

var chinaTime = time.FixedZone("CST", 8*3600)

func activeCount(t *testing.T, srv *mockserver.Server, tok, date string) int {
	t.Helper()
	return testkit.Num(t, testkit.OK(t, post(t, srv, tok, "/cgi-bin/user/get_active_stat", map[string]any{"date": date})), "active_cnt")
}

// The count is between 60 % and 100 % of the default world's four active
// members, the same on every call for a day.
func TestActiveStat(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t, mockserver.WithFrozenClock())
	today := srv.Now().In(chinaTime)
	for _, back := range []int{0, 1, 15, 30} {
		date := today.AddDate(0, 0, -back).Format(time.DateOnly)
		n := activeCount(t, srv, tok.contacts, date)
		if n < 2 || n > 4 {
			t.Errorf("%s: active_cnt %d, want 2–4 of 4 members", date, n)
		}
		if again := activeCount(t, srv, tok.contacts, date); again != n {
			t.Errorf("%s: active_cnt %d then %d", date, n, again)
		}
	}
}

func TestActiveStatErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t, mockserver.WithFrozenClock())
	today := srv.Now().In(chinaTime)
	tests := []struct {
		name string
		body map[string]any
	}{
		{"31 days ago", map[string]any{"date": today.AddDate(0, 0, -31).Format(time.DateOnly)}},
		{"tomorrow", map[string]any{"date": today.AddDate(0, 0, 1).Format(time.DateOnly)}},
		{"not a date", map[string]any{"date": "2024/03/27"}},
		{"missing date", map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, post(t, srv, tok.contacts, "/cgi-bin/user/get_active_stat", tt.body), errcode.InvalidParameter)
		})
	}
	// The catalog admits the contacts-sync token only.
	date := today.Format(time.DateOnly)
	testkit.WeComError(t, post(t, srv, tok.app, "/cgi-bin/user/get_active_stat", map[string]any{"date": date}), errcode.APIForbidden)
}

// The window moves with the virtual clock: a day in range leaves it 31
// days later.
func TestActiveStatWindowFollowsClock(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t, mockserver.WithFrozenClock())
	date := srv.Now().In(chinaTime).Format(time.DateOnly)
	activeCount(t, srv, tok.contacts, date)
	srv.Advance(30 * 24 * time.Hour)
	// Tokens live two hours: get one on each side of the clock's move.
	activeCount(t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), date)
	srv.Advance(24 * time.Hour)
	later := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.WeComError(t, post(t, srv, later, "/cgi-bin/user/get_active_stat", map[string]any{"date": date}), errcode.InvalidParameter)
}
