package client

import (
	"testing"
	"time"
)

func TestRefreshMargin(t *testing.T) {
	tests := []struct {
		life, want time.Duration
	}{
		{7200 * time.Second, 5 * time.Minute},
		{3000 * time.Second, 5 * time.Minute},
		{1200 * time.Second, 2 * time.Minute},
		{60 * time.Second, 6 * time.Second},
	}
	for _, tt := range tests {
		if got := refreshMargin(tt.life); got != tt.want {
			t.Errorf("refreshMargin(%v) = %v, want %v", tt.life, got, tt.want)
		}
	}
}

func TestCredCacheStore(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var cc credCache

	c := cc.store("A", 7200, t0)
	if !c.expiresAt.Equal(t0.Add(2*time.Hour)) || !c.refreshAt.Equal(t0.Add(2*time.Hour-5*time.Minute)) {
		t.Fatalf("first store = %+v", c)
	}
	if _, ok := cc.fresh(t0.Add(time.Hour)); !ok {
		t.Fatal("not fresh after an hour")
	}
	if _, ok := cc.fresh(t0.Add(2*time.Hour - 4*time.Minute)); ok {
		t.Fatal("still fresh 4 minutes before expiry")
	}
	if v, ok := cc.usable(t0.Add(2*time.Hour - 4*time.Minute)); !ok || v != "A" {
		t.Fatal("not usable before expiry")
	}

	// The server hands back the same token, claiming 7200 s again: keep
	// the first expiry and do not refresh early again.
	early := t0.Add(2*time.Hour - 4*time.Minute)
	c = cc.store("A", 7200, early)
	if !c.expiresAt.Equal(t0.Add(2*time.Hour)) || !c.refreshAt.Equal(c.expiresAt) {
		t.Fatalf("same token again = %+v", c)
	}
	// ... or counting down.
	c = cc.store("A", 240, early)
	if !c.expiresAt.Equal(t0.Add(2*time.Hour)) || !c.refreshAt.Equal(c.expiresAt) {
		t.Fatalf("same token counting down = %+v", c)
	}

	// After expiry the same value is a new lease.
	late := t0.Add(3 * time.Hour)
	c = cc.store("A", 7200, late)
	if !c.expiresAt.Equal(late.Add(2 * time.Hour)) {
		t.Fatalf("reissued token = %+v", c)
	}

	// No usable expires_in: assume WeCom's 7200 s.
	c = cc.store("B", 0, t0)
	if !c.expiresAt.Equal(t0.Add(2 * time.Hour)) {
		t.Fatalf("missing expires_in = %+v", c)
	}

	cc.drop("A") // not the cached one: kept
	if v, _ := cc.usable(t0); v != "B" {
		t.Fatal("drop removed another credential")
	}
	cc.drop("B")
	if _, ok := cc.usable(t0); ok {
		t.Fatal("drop kept the credential")
	}
}

func TestRetryDelay(t *testing.T) {
	p := RetryPolicy{MaxRetries: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.normalized()
	want := []time.Duration{100, 200, 400, 800, 1000}
	for i, w := range want {
		if got := p.delay(i + 1); got != w*time.Millisecond {
			t.Errorf("delay(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
	c := New("c", "s", WithRetry(p))
	for n := 1; n <= 5; n++ {
		d := c.backoff(n)
		if full := p.delay(n); d < full/2 || d > full {
			t.Errorf("backoff(%d) = %v, outside [%v, %v]", n, d, full/2, full)
		}
	}
	if got := (RetryPolicy{MaxRetries: -1, BaseDelay: time.Second}).normalized(); got.MaxRetries != 0 || got.MaxDelay != time.Second {
		t.Errorf("normalized = %+v", got)
	}
	if DefaultRetry.MaxRetries != 2 {
		t.Errorf("DefaultRetry = %+v", DefaultRetry)
	}
}
