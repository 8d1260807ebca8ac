package store_test

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// TestRestoreTokens: a saved token comes back as its secret's current one;
// expired ones, unknown secrets and taken secrets are skipped.
func TestRestoreTokens(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	newStore := func() *store.Store {
		s := store.New(store.NewClock(start, true, time.Now), 1)
		s.Load(fixtures.Default())
		return s
	}
	a := newStore()
	tok, err := a.IssueToken("wwmockcorp000001", "mock-app-secret")
	if err != nil {
		t.Fatal(err)
	}
	saved := a.ValidTokens()
	if len(saved) != 1 || saved[0].Value != tok.Value || saved[0].Secret != "mock-app-secret" {
		t.Fatalf("ValidTokens = %+v", saved)
	}
	stale := saved[0]
	stale.Value, stale.ExpiresAt = "expired-token", start
	unknown := saved[0]
	unknown.Value, unknown.Secret = "unknown-secret-token", "no-such-secret"

	b := newStore()
	if n := b.RestoreTokens([]store.SavedToken{saved[0], stale, unknown}); n != 1 {
		t.Errorf("restored %d, want 1", n)
	}
	got, err := b.LookupToken(tok.Value)
	if err != nil || got.Kind != store.AppToken || got.AgentID != tok.AgentID || !got.ExpiresAt.Equal(tok.ExpiresAt) {
		t.Errorf("restored token = %+v, %v", got, err)
	}
	if again, _ := b.IssueToken("wwmockcorp000001", "mock-app-secret"); again.Value != tok.Value {
		t.Errorf("gettoken after restore = %s, want %s", again.Value, tok.Value)
	}
	if _, err := b.LookupToken("expired-token"); err == nil {
		t.Error("an expired token was restored")
	}
	if n := b.RestoreTokens(saved); n != 0 {
		t.Errorf("restoring twice restored %d", n)
	}
}
