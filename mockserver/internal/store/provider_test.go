package store

import (
	"errors"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

func TestProviderTokenLifecycle(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(NewClock(start, true, time.Now), 1)
	s.Load(fixtures.Default())

	if _, err := s.IssueProviderToken("wwnoprovider", "x"); !errors.Is(err, ErrProviderNotFound) {
		t.Fatalf("unknown provider: %v", err)
	}
	if _, err := s.IssueProviderToken("wwmockprovider0001", "wrong"); !errors.Is(err, ErrProviderSecretMismatch) {
		t.Fatalf("wrong secret: %v", err)
	}
	tok, err := s.IssueProviderToken("wwmockprovider0001", "mock-provider-secret")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.IssueProviderToken("wwmockprovider0001", "mock-provider-secret")
	if again.Value != tok.Value {
		t.Fatalf("a valid token is handed out again: got %q then %q", tok.Value, again.Value)
	}
	if got, err := s.LookupProviderToken(tok.Value); err != nil || got.CorpID != "wwmockprovider0001" {
		t.Fatalf("lookup: %+v, %v", got, err)
	}
	s.Clock().Advance(ProviderTokenTTL)
	if _, err := s.LookupProviderToken(tok.Value); !errors.Is(err, ErrProviderTokenExpired) {
		t.Fatalf("after 7200 s: %v", err)
	}
	if _, err := s.LookupProviderToken("nope"); !errors.Is(err, ErrProviderTokenUnknown) {
		t.Fatalf("unknown token: %v", err)
	}
	// Expired tokens are remembered only a few at a time.
	for range maxRememberedExpired + 3 {
		if _, err := s.IssueProviderToken("wwmockprovider0001", "mock-provider-secret"); err != nil {
			t.Fatal(err)
		}
		s.Clock().Advance(ProviderTokenTTL)
	}
	if n := len(s.providers.tokens); n > maxRememberedExpired+1 {
		t.Fatalf("provider tokens kept: %d, want at most %d", n, maxRememberedExpired+1)
	}
}

func TestSecretKindsIssueTheirTokenKinds(t *testing.T) {
	s := New(NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true, time.Now), 1)
	s.Load(fixtures.Default())
	for secret, want := range map[string]TokenKind{
		"mock-app-secret":             AppToken,
		"mock-contacts-secret":        ContactsToken,
		"mock-externalcontact-secret": ExternalContactToken,
		"mock-kf-secret":              KFToken,
		"mock-checkin-secret":         CheckinToken,
		"mock-approval-secret":        ApprovalToken,
		"mock-msgaudit-secret":        MsgAuditToken,
	} {
		tok, err := s.IssueToken("wwmockcorp000001", secret)
		if err != nil || tok.Kind != want {
			t.Errorf("%s: kind %v, err %v; want %v", secret, tok.Kind, err, want)
		}
	}
	if _, err := s.IssueToken("wwmockcorp000002", "mock-kf-secret"); !errors.Is(err, ErrSecretOfOther) {
		t.Errorf("another corp's kf secret: %v, want ErrSecretOfOther", err)
	}
	if r, ok := s.LookupRobot("mock-webhook-key"); !ok || r.CorpID != "wwmockcorp000001" {
		t.Errorf("robot: %+v %v", r, ok)
	}
	if _, ok := s.LookupRobot("nope"); ok {
		t.Error("an unknown robot key is found")
	}
}
