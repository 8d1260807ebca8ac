package store

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func limitsStore(t *testing.T) *Store {
	t.Helper()
	s := New(NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC), true, time.Now), 7)
	s.ForceRealLimits(true)
	s.Load(msgStore(t, nil).Fixtures())
	return s
}

// admitN admits n calls of c, each ended at once, and fails on a refusal.
func admitN(t *testing.T, s *Store, c APICall, n int) {
	t.Helper()
	for i := range n {
		if err := s.AdmitCall(c); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
		s.EndCall(c)
	}
}

// The hour limits, 10 000 calls a minute over 15 minutes for a corp
// (150 000) and 20 000 over 30 minutes for an IP (600 000): the next call
// is refused for an hour from the refusal, not just to the window's end.
func TestLimitsCallsPerHour(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		call              APICall
		perMinute, minute int
	}{
		{"corp", APICall{CorpID: msgCorp, IP: "192.0.2.1", Path: "/cgi-bin/user/get"}, CorpCallsPerMinute, CorpCallsPerHour / CorpCallsPerMinute},
		{"ip", APICall{IP: "192.0.2.2", Path: "/cgi-bin/gettoken"}, IPCallsPerMinute, IPCallsPerHour / IPCallsPerMinute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := limitsStore(t)
			start := s.Now()
			// Other IPs share the corp's count: spread them so only the
			// limit under test is met.
			for m := range tt.minute {
				c := tt.call
				if c.CorpID != "" {
					c.IP = fmt.Sprint("192.0.2.", 10+m)
				}
				admitN(t, s, c, tt.perMinute)
				s.Clock().Advance(time.Minute)
			}
			if err := s.AdmitCall(tt.call); !errors.Is(err, ErrFreqLimited) {
				t.Fatalf("past the hour: %v", err)
			}
			blockedAt := s.Now()
			s.Clock().Advance(start.Add(time.Hour).Sub(s.Now()) + time.Minute) // the window is over, the block is not
			if err := s.AdmitCall(tt.call); !errors.Is(err, ErrFreqLimited) {
				t.Fatalf("after the window, within the block: %v", err)
			}
			s.Clock().Advance(blockedAt.Add(time.Hour).Sub(s.Now()))
			admitN(t, s, tt.call, 1)
		})
	}
}

func TestLimitsProviderIPsHaveTheWiderLimit(t *testing.T) {
	t.Parallel()
	s := limitsStore(t)
	c := APICall{IP: "192.0.2.3", Path: "/cgi-bin/service/get_provider_token", Provider: true}
	admitN(t, s, c, ProviderIPCallsPerMinute)
	if err := s.AdmitCall(c); !errors.Is(err, ErrFreqLimited) {
		t.Fatalf("past 40 000: %v", err)
	}
}

// Counters live as long as their windows: past maxLimitKeys the finished
// ones are swept, and a table full of live ones starts over.
func TestLimitsKeysAreBounded(t *testing.T) {
	t.Parallel()
	s := limitsStore(t)
	for i := range maxLimitKeys {
		admitN(t, s, APICall{IP: fmt.Sprint("ip-", i), Path: "/cgi-bin/gettoken"}, 1)
	}
	if calls, _, _ := s.limitKeys(); calls != maxLimitKeys {
		t.Fatalf("%d call counters, want %d", calls, maxLimitKeys)
	}
	// Live: the table starts over rather than grow.
	admitN(t, s, APICall{IP: "one more", Path: "/cgi-bin/gettoken"}, 1)
	if calls, _, _ := s.limitKeys(); calls != 1 {
		t.Fatalf("%d call counters after a full live table, want 1", calls)
	}
	for i := range maxLimitKeys - 1 {
		admitN(t, s, APICall{IP: fmt.Sprint("ip-", i), Path: "/cgi-bin/gettoken"}, 1)
	}
	// An hour later every window is over: the sweep keeps only the new one.
	s.Clock().Advance(time.Hour)
	admitN(t, s, APICall{IP: "after an hour", Path: "/cgi-bin/gettoken"}, 1)
	if calls, _, _ := s.limitKeys(); calls != 1 {
		t.Errorf("%d call counters after the sweep, want 1", calls)
	}
	if st := s.Limits(); len(st.Calls) != 1 || st.Calls[0].IP != "after an hour" {
		t.Errorf("Limits shows %d counters", len(st.Calls))
	}
}

func TestLimitsOffAdmitsSendsUncounted(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	s.mu.Lock()
	dropped, err := s.admitSendLocked(msgCorp, 1000002, []string{"zhangsan"}, 1)
	s.mu.Unlock()
	if err != nil || dropped != nil || s.LimitsOn() {
		t.Fatalf("limits off: %v %v", dropped, err)
	}
	if _, members, days := s.limitKeys(); members+days != 0 {
		t.Errorf("counted with the limits off: %d members, %d days", members, days)
	}
}

// A corp's permanent images: 1000 a natural day, 3000 in 30 days; past the
// month the corp waits 30 days from the refusal.
func TestLimitsImagesPerMonth(t *testing.T) {
	t.Parallel()
	s := limitsStore(t)
	put := func() error {
		_, err := s.PutImage(msgCorp, "image/png", []byte("\x89PNG\r\n\x1a\n"))
		return err
	}
	for day := range 3 {
		for i := range ImagesPerDay {
			if err := put(); err != nil {
				t.Fatalf("day %d, image %d: %v", day, i+1, err)
			}
		}
		if err := put(); !errors.Is(err, ErrFreqLimited) {
			t.Fatalf("day %d, image 1001: %v", day, err)
		}
		s.Clock().Advance(24 * time.Hour)
	}
	if err := put(); !errors.Is(err, ErrFreqLimited) {
		t.Fatalf("the 3001st of the month: %v", err)
	}
	st := s.Limits().Images
	if len(st) != 1 || st[0].Month != ImagesPerMonth || st[0].Today != 0 || !st[0].BlockedUntil.Equal(s.Now().Add(imageMonth)) {
		t.Fatalf("image counters %+v", st)
	}
	s.Clock().Advance(imageMonth - time.Second)
	if err := put(); !errors.Is(err, ErrFreqLimited) {
		t.Fatalf("within the month's block: %v", err)
	}
	s.Clock().Advance(time.Second)
	if err := put(); err != nil {
		t.Fatalf("30 days after the refusal: %v", err)
	}
}
