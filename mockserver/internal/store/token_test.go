package store

import (
	"errors"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

const (
	tCorp1     = "wwmockcorp000001"
	tCorp2     = "wwmockcorp000002"
	tAppSecret = "mock-app-secret"
	tContacts  = "mock-contacts-secret"
	tAgent     = 1000002
)

// frozenStore serves w (the default world when nil) on a frozen clock that
// reads clockStart.
func frozenStore(t *testing.T, w *fixtures.World) *Store {
	t.Helper()
	if w == nil {
		w = fixtures.Default()
	} else if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	s := New(NewClock(clockStart, true, time.Now), 7)
	s.Load(w)
	return s
}

func issue(t *testing.T, s *Store, corpID, secret string) Token {
	t.Helper()
	tok, err := s.IssueToken(corpID, secret)
	if err != nil {
		t.Fatalf("IssueToken(%s, %s): %v", corpID, secret, err)
	}
	return tok
}

func TestIssueTokenKinds(t *testing.T) {
	s := frozenStore(t, nil)
	app := issue(t, s, tCorp1, tAppSecret)
	if app.Kind != AppToken || app.AgentID != tAgent || app.CorpID != tCorp1 || app.Kind.String() != "app" {
		t.Errorf("app token %+v", app)
	}
	con := issue(t, s, tCorp1, tContacts)
	if con.Kind != ContactsToken || con.AgentID != 0 || con.Kind.String() != "contacts" {
		t.Errorf("contacts token %+v", con)
	}
	if app.Value == con.Value {
		t.Error("two secrets share a token")
	}
	if !app.IssuedAt.Equal(clockStart) || !app.ExpiresAt.Equal(clockStart.Add(TokenTTL)) || TokenTTL != 7200*time.Second {
		t.Errorf("issued %v expires %v", app.IssuedAt, app.ExpiresAt)
	}
	if n := len(app.Value); n == 0 || n > 512 {
		t.Errorf("token length %d", n)
	}
}

func TestIssueTokenErrors(t *testing.T) {
	s := frozenStore(t, nil)
	tests := []struct {
		corp, secret string
		want         error
	}{
		{"wwnope", tAppSecret, ErrCorpNotFound},
		{tCorp1, "wrong", ErrSecretMismatch},
		{tCorp1, "", ErrSecretMismatch},
		{tCorp1, "mock-app-secret-2", ErrSecretOfOther},
		{tCorp1, "mock-contacts-secret-2", ErrSecretOfOther},
		{tCorp2, tAppSecret, ErrSecretOfOther},
	}
	for _, tt := range tests {
		if _, err := s.IssueToken(tt.corp, tt.secret); !errors.Is(err, tt.want) {
			t.Errorf("IssueToken(%q, %q) = %v, want %v", tt.corp, tt.secret, err, tt.want)
		}
	}
	if c := s.RuntimeCounts(); c.Tokens != 0 {
		t.Errorf("failed issues stored %d tokens", c.Tokens)
	}
}

func TestTokenReuseAndExpiry(t *testing.T) {
	s := frozenStore(t, nil)
	first := issue(t, s, tCorp1, tAppSecret)
	if first.ExpiresIn(s.Now()) != 7200 {
		t.Errorf("fresh ExpiresIn %d", first.ExpiresIn(s.Now()))
	}
	s.Clock().Advance(7199 * time.Second)
	again := issue(t, s, tCorp1, tAppSecret)
	if again != first {
		t.Fatalf("token changed within validity: %+v vs %+v", again, first)
	}
	if again.ExpiresIn(s.Now()) != 1 {
		t.Errorf("ExpiresIn at 7199 s = %d, want 1", again.ExpiresIn(s.Now()))
	}
	if got, err := s.LookupToken(first.Value); err != nil || got != first {
		t.Errorf("LookupToken at 7199 s = %+v, %v", got, err)
	}

	s.Clock().Advance(time.Second)
	if _, err := s.LookupToken(first.Value); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("LookupToken at 7200 s: %v, want ErrTokenExpired", err)
	}
	next := issue(t, s, tCorp1, tAppSecret)
	if next.Value == first.Value || !next.IssuedAt.Equal(s.Now()) || next.ExpiresIn(s.Now()) != 7200 {
		t.Errorf("after expiry got %+v", next)
	}
	if _, err := s.LookupToken(first.Value); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("old token after rotation: %v, want ErrTokenExpired", err)
	}
	if _, err := s.LookupToken(next.Value); err != nil {
		t.Errorf("new token: %v", err)
	}
	if _, err := s.LookupToken("never-issued"); !errors.Is(err, ErrTokenUnknown) {
		t.Errorf("unknown token: %v", err)
	}
	if c := s.TokenCorp(first.Value); c != tCorp1 {
		t.Errorf("TokenCorp of an expired token = %q", c)
	}
	if c := s.TokenCorp("never-issued"); c != "" {
		t.Errorf("TokenCorp of an unknown token = %q", c)
	}
}

func TestTokenExpiresInRoundsUp(t *testing.T) {
	issued := clockStart
	tok := Token{IssuedAt: issued, ExpiresAt: issued.Add(TokenTTL)}
	tests := []struct {
		after time.Duration
		want  int
	}{
		{0, 7200},
		{500 * time.Millisecond, 7200},
		{time.Second, 7199},
		{7199*time.Second + time.Millisecond, 1},
		{7200 * time.Second, 0},
	}
	for _, tt := range tests {
		if got := tok.ExpiresIn(issued.Add(tt.after)); got != tt.want {
			t.Errorf("ExpiresIn after %v = %d, want %d", tt.after, got, tt.want)
		}
	}
}

// After more than maxRememberedExpired rotations the oldest expired token is
// forgotten: it answers "unknown" (40014) instead of "expired" (42001).
func TestExpiredTokensRememberedAreBounded(t *testing.T) {
	s := frozenStore(t, nil)
	var values []string
	for range maxRememberedExpired + 3 {
		values = append(values, issue(t, s, tCorp1, tAppSecret).Value)
		s.Clock().Advance(TokenTTL)
	}
	current := issue(t, s, tCorp1, tAppSecret)
	// values holds maxRememberedExpired+3 expired tokens, oldest first.
	forgotten := len(values) - maxRememberedExpired
	for i, v := range values {
		_, err := s.LookupToken(v)
		want := ErrTokenExpired
		if i < forgotten {
			want = ErrTokenUnknown
		}
		if !errors.Is(err, want) {
			t.Errorf("token %d of %d: %v, want %v", i, len(values), err, want)
		}
	}
	if _, err := s.LookupToken(current.Value); err != nil {
		t.Errorf("current token: %v", err)
	}
	if c := s.RuntimeCounts(); c.Tokens != maxRememberedExpired+1 || c.ValidTokens != 1 {
		t.Errorf("counts %+v, want %d tokens, 1 valid", c, maxRememberedExpired+1)
	}
}

func TestTokensPerSecretAreIndependent(t *testing.T) {
	s := frozenStore(t, nil)
	app := issue(t, s, tCorp1, tAppSecret)
	s.Clock().Advance(time.Hour)
	con := issue(t, s, tCorp1, tContacts)
	s.Clock().Advance(time.Hour) // app token expired, contacts token has an hour left
	if _, err := s.LookupToken(app.Value); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("app token: %v", err)
	}
	if got := issue(t, s, tCorp1, tContacts); got.Value != con.Value || got.ExpiresIn(s.Now()) != 3600 {
		t.Errorf("contacts token reissued as %+v", got)
	}
}

func TestLoadAndResetDropTokens(t *testing.T) {
	s := frozenStore(t, nil)
	tok := issue(t, s, tCorp1, tAppSecret)
	s.Reset()
	if _, err := s.LookupToken(tok.Value); !errors.Is(err, ErrTokenUnknown) {
		t.Errorf("after Reset: %v", err)
	}
	tok = issue(t, s, tCorp1, tAppSecret)
	s.Load(fixtures.Default())
	if _, err := s.LookupToken(tok.Value); !errors.Is(err, ErrTokenUnknown) {
		t.Errorf("after Load: %v", err)
	}
}

func TestSeededTokensAreReproducible(t *testing.T) {
	a, b := frozenStore(t, nil), frozenStore(t, nil)
	if issue(t, a, tCorp1, tAppSecret).Value != issue(t, b, tCorp1, tAppSecret).Value {
		t.Error("the same seed gave different tokens")
	}
}
