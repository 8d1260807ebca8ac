package store

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// TestCodeTableQueue: the table sweeps expired codes from the front, caps
// each owner by dropping its oldest, and keeps its queues bounded however
// codes are redeemed out of order.
func TestCodeTableQueue(t *testing.T) {
	t.Parallel()
	now := clockStart
	tab := newCodeTable[int](3)
	for i := range 3 {
		tab.put(now, "a"+strconv.Itoa(i), "A", now.Add(time.Minute), i)
	}
	tab.put(now, "b0", "B", now.Add(time.Minute), 10)
	tab.put(now, "a3", "A", now.Add(time.Minute), 3) // A is full: a0 goes
	if _, ok := tab.get("a0"); ok || tab.len() != 4 {
		t.Fatalf("a0 kept past the cap of 3; %d codes", tab.len())
	}
	if v, ok := tab.get("b0"); !ok || v != 10 {
		t.Fatal("another owner's code was dropped")
	}
	// A minute later everything has expired; the next put sweeps it all.
	tab.put(now.Add(time.Minute), "c0", "C", now.Add(2*time.Minute), 0)
	if tab.len() != 1 || len(tab.owners) != 1 {
		t.Fatalf("after expiry: %d codes, %d owners", tab.len(), len(tab.owners))
	}
	// One old code stays while 100,000 others are minted and redeemed: the
	// queues do not keep the redeemed ones.
	for i := range 100_000 {
		v := "d" + strconv.Itoa(i)
		tab.put(now.Add(time.Minute), v, "C", now.Add(2*time.Minute), i)
		tab.remove(v)
	}
	if q := tab.owners["C"]; tab.len() != 1 || len(q.slots) > 64 || len(tab.all.slots) > 64 {
		t.Errorf("%d codes, queues of %d and %d slots", tab.len(), len(q.slots), len(tab.all.slots))
	}
}

// TestCodesCappedPerApp: on a frozen clock unexpired codes used to pile up
// without end (each mint then scanned them all under the store lock). An
// app now keeps maxCodesPerApp; past it its oldest code is dropped, other
// apps' codes stay, and the store holds a bounded table.
func TestCodesCappedPerApp(t *testing.T) {
	t.Parallel()
	s := frozenStore(t, nil)
	first := mintMP(t, s, "wwmockcorp000001", 1000002, "zhangsan")
	other := mintMP(t, s, "wwmockcorp000002", 1000002, "zhaoliu")
	for range maxCodesPerApp {
		mintMP(t, s, "wwmockcorp000001", 1000002, "lisi")
	}
	if n := s.RuntimeCounts().Codes; n != maxCodesPerApp+1 {
		t.Errorf("%d codes kept, want %d", n, maxCodesPerApp+1)
	}
	if _, err := s.RedeemCode(first.Value, MiniProgramCode, "wwmockcorp000001", 1000002); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("the oldest code past the cap: %v, want ErrCodeInvalid", err)
	}
	if _, err := s.RedeemCode(other.Value, MiniProgramCode, "wwmockcorp000002", 1000002); err != nil {
		t.Errorf("another app's code: %v", err)
	}
}

// TestCodeTablesRedeemOnce: 1,000 concurrent redemptions of one code, one
// suite code, one pre_auth_code and one auth_code each succeed exactly once.
func TestCodeTablesRedeemOnce(t *testing.T) {
	t.Parallel()
	s := frozenStore(t, nil)
	code := mintMP(t, s, "wwmockcorp000001", 1000002, "zhangsan")
	pre, err := s.IssuePreAuthCode("wwmocksuite000001")
	if err != nil {
		t.Fatal(err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 1000 {
		wg.Go(func() {
			if _, err := s.RedeemCode(code.Value, MiniProgramCode, "wwmockcorp000001", 1000002); err == nil {
				wins.Add(1)
			}
		})
	}
	testwait.Group(t, &wg)
	if wins.Load() != 1 {
		t.Errorf("code redeemed %d times", wins.Load())
	}
	wins.Store(0)
	var auth atomic.Value
	for range 1000 {
		wg.Go(func() {
			if _, ac, err := s.Install(InstallRequest{SuiteID: "wwmocksuite000001", CorpID: "wwmockcorp000002", UserID: "zhaoliu", PreAuthCode: pre.Value}); err == nil {
				wins.Add(1)
				auth.Store(ac.Value)
			}
		})
	}
	testwait.Group(t, &wg)
	if wins.Load() != 1 {
		t.Fatalf("pre_auth_code used %d times", wins.Load())
	}
	wins.Store(0)
	code2, _ := auth.Load().(string)
	for range 1000 {
		wg.Go(func() {
			if _, err := s.ExchangeAuthCode("wwmocksuite000001", code2); err == nil {
				wins.Add(1)
			}
		})
	}
	testwait.Group(t, &wg)
	if wins.Load() != 1 {
		t.Errorf("auth_code exchanged %d times", wins.Load())
	}
}

// TestPreAuthCodesCappedPerSuite: get_pre_auth_code past maxSuiteCodes
// unused codes drops the suite's oldest instead of growing the table.
func TestPreAuthCodesCappedPerSuite(t *testing.T) {
	t.Parallel()
	s := frozenStore(t, nil)
	first, err := s.IssuePreAuthCode("wwmocksuite000001")
	if err != nil {
		t.Fatal(err)
	}
	for range maxSuiteCodes {
		if _, err := s.IssuePreAuthCode("wwmocksuite000001"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.LookupPreAuthCode(first.Value); !errors.Is(err, ErrPreAuthCodeInvalid) {
		t.Errorf("the oldest pre_auth_code past the cap: %v, want ErrPreAuthCodeInvalid", err)
	}
	if n := s.suites.preAuth.len(); n != maxSuiteCodes {
		t.Errorf("%d pre_auth_codes kept, want %d", n, maxSuiteCodes)
	}
}

// TestUserTicketsCappedPerApp: past maxUserTickets unexpired user_tickets
// an app's oldest is dropped instead of the table growing (it used to grow
// without bound, scanning every ticket on each issue); another app's
// tickets stay.
func TestUserTicketsCappedPerApp(t *testing.T) {
	t.Parallel()
	s := frozenStore(t, nil)
	issue := func(corpID string) string {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.issueUserTicketLocked(s.Now(), corpID, 1000002, "zhangsan").Value
	}
	first, other := issue("wwmockcorp000001"), issue("wwmockcorp000002")
	for range maxUserTickets {
		issue("wwmockcorp000001")
	}
	if _, err := s.UserDetail(first, "wwmockcorp000001", 1000002); !errors.Is(err, ErrUserTicketInvalid) {
		t.Errorf("the oldest user_ticket past the cap: %v, want ErrUserTicketInvalid", err)
	}
	if n := s.oauth.userTickets.len(); n != maxUserTickets+1 {
		t.Errorf("%d user_tickets kept, want %d", n, maxUserTickets+1)
	}
	if _, ok := s.oauth.userTickets.get(other); !ok {
		t.Error("another app's user_ticket was dropped")
	}
}
