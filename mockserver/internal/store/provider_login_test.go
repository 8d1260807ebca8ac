package store

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// The provider's website login
// (https://developer.work.weixin.qq.com/document/path/91125): an auth_code
// is redeemed once, even under concurrency, by its provider only.
func TestProviderLoginSingleUse(t *testing.T) {
	s := New(NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true, time.Now), 1)
	s.Load(fixtures.Default())
	const p = "wwmockprovider0001"
	if _, err := s.MintProviderLogin(p, "wwmockcorp000002", "zhaoliu", true); !errors.Is(err, ErrNotProviderCorp) {
		t.Fatalf("a corp without an install: %v", err)
	}
	if _, err := s.MintProviderLogin("wwnope", "wwmockcorp000001", "zhangsan", true); !errors.Is(err, ErrProviderNotFound) {
		t.Fatalf("unknown provider: %v", err)
	}
	code, err := s.MintProviderLogin(p, "wwmockcorp000001", "zhangsan", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemProviderLogin(code, "wwother"); !errors.Is(err, ErrProviderLoginOther) {
		t.Fatalf("another provider: %v", err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := s.RedeemProviderLogin(code, p); err == nil {
				wins.Add(1)
			} else if !errors.Is(err, ErrProviderLoginInvalid) {
				t.Errorf("redeem: %v", err)
			}
		})
	}
	testwait.Group(t, &wg)
	if wins.Load() != 1 {
		t.Fatalf("%d redemptions, want 1", wins.Load())
	}
	code, _ = s.MintProviderLogin(p, "wwmockcorp000001", "lisi", false)
	s.Clock().Advance(ProviderLoginTTL)
	if _, err := s.RedeemProviderLogin(code, p); !errors.Is(err, ErrProviderLoginInvalid) {
		t.Fatalf("after 5 minutes: %v", err)
	}
}

func TestProviderLoginTableBounded(t *testing.T) {
	s := New(NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true, time.Now), 1)
	s.Load(fixtures.Default())
	for range maxSuiteCodes {
		if _, err := s.MintProviderLogin("wwmockprovider0001", "wwmockcorp000001", "zhangsan", false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MintProviderLogin("wwmockprovider0001", "wwmockcorp000001", "zhangsan", false); !errors.Is(err, ErrProviderLoginsFull) {
		t.Fatalf("a full table: %v", err)
	}
	s.Clock().Advance(ProviderLoginTTL)
	if _, err := s.MintProviderLogin("wwmockprovider0001", "wwmockcorp000001", "zhangsan", false); err != nil {
		t.Fatalf("expired codes are swept: %v", err)
	}
}
