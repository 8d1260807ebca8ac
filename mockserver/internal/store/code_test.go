package store

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

func mintMP(t *testing.T, s *Store, corpID string, agentID int, userID string) Code {
	t.Helper()
	c, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: corpID, AgentID: agentID, UserID: userID})
	if err != nil {
		t.Fatalf("MintCode: %v", err)
	}
	return c
}

func TestMintCodeErrors(t *testing.T) {
	const noMP = `
corps:
  - corpid: wwnomp
    name: n
    apps: [{agentid: 5, name: a, secret: s5}]
    departments: [{id: 1, name: root, parentid: 0}]
    members: [{userid: u1, name: U, department: [1]}]
`
	w, err := fixtures.Parse([]byte(noMP))
	if err != nil {
		t.Fatal(err)
	}
	s := frozenStore(t, nil)
	s2 := frozenStore(t, w)
	tests := []struct {
		s    *Store
		req  MintRequest
		want error
	}{
		{s, MintRequest{Kind: "bogus", CorpID: tCorp1, AgentID: tAgent, UserID: "zhangsan"}, ErrBadCodeKind},
		{s, MintRequest{Kind: MiniProgramCode, CorpID: "wwnope", AgentID: tAgent, UserID: "zhangsan"}, ErrCorpNotFound},
		{s, MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AgentID: 1, UserID: "zhangsan"}, ErrAppNotFound},
		{s, MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AgentID: tAgent, UserID: "ghost"}, ErrMemberNotFound},
		{s, MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AgentID: tAgent, UserID: "zhaoliu"}, ErrMemberNotFound}, // corp 2's member
		{s2, MintRequest{Kind: MiniProgramCode, CorpID: "wwnomp", AgentID: 5, UserID: "u1"}, ErrNoMiniProgram},
	}
	for _, tt := range tests {
		if _, err := tt.s.MintCode(tt.req); !errors.Is(err, tt.want) {
			t.Errorf("MintCode(%+v) = %v, want %v", tt.req, err, tt.want)
		}
	}
}

func TestCodeSingleUse(t *testing.T) {
	s := frozenStore(t, nil)
	c := mintMP(t, s, tCorp1, tAgent, "ZhangSan")
	if c.UserID != "zhangsan" || !c.ExpiresAt.Equal(clockStart.Add(CodeTTL)) || CodeTTL != 5*time.Minute {
		t.Errorf("minted %+v", c)
	}
	got, err := s.RedeemCode(c.Value, MiniProgramCode, tCorp1, tAgent)
	if err != nil || got.UserID != "zhangsan" || got.CorpID != tCorp1 {
		t.Fatalf("RedeemCode = %+v, %v", got, err)
	}
	if _, err := s.RedeemCode(c.Value, MiniProgramCode, tCorp1, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("second redeem: %v, want ErrCodeInvalid", err)
	}
	if _, err := s.RedeemCode("", MiniProgramCode, tCorp1, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("empty code: %v", err)
	}
	if _, err := s.RedeemCode("never-minted", MiniProgramCode, tCorp1, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("unknown code: %v", err)
	}
}

// A code of one mini program is refused to an app bound to another (or to
// none) and stays unspent; an app of either corp bound to it redeems it
// (https://developer.work.weixin.qq.com/document/path/91507).
func TestCodeOtherAppRefusedAndKept(t *testing.T) {
	w := fixtures.Default()
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{AgentID: 1000005, Name: "other", Secret: "s-other", MiniProgram: &fixtures.MiniProgram{AppID: "wxother"}})
	w.Corps[1].Apps = append(w.Corps[1].Apps, fixtures.App{AgentID: 1000006, Name: "none", Secret: "s-none"})
	s := frozenStore(t, w)
	c := mintMP(t, s, tCorp2, tAgent, "zhaoliu")
	for _, app := range []struct {
		corp  string
		agent int
	}{{tCorp1, 1000005}, {tCorp2, 1000006}, {tCorp2, 42}, {"wwnope", tAgent}} {
		if _, err := s.RedeemCode(c.Value, MiniProgramCode, app.corp, app.agent); !errors.Is(err, ErrCodeOtherApp) {
			t.Errorf("redeem by %s/%d: %v, want ErrCodeOtherApp", app.corp, app.agent, err)
		}
	}
	// Corp 1's app shares the mini program: it redeems corp 2's code.
	got, err := s.RedeemCode(c.Value, MiniProgramCode, tCorp1, tAgent)
	if err != nil || got.CorpID != tCorp2 || got.UserID != "zhaoliu" || got.SessionUserID != "zhaoliu" || got.AppID != "wxmockminiprogram1" {
		t.Errorf("another corp's app of the same mini program after refusals: %+v, %v", got, err)
	}
	if _, err := s.RedeemCode(c.Value, MiniProgramCode, tCorp2, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("the code's own corp after it was spent: %v, want ErrCodeInvalid", err)
	}
}

func TestCodeKindMustMatch(t *testing.T) {
	s := frozenStore(t, nil)
	c := mintMP(t, s, tCorp1, tAgent, "zhangsan")
	if _, err := s.RedeemCode(c.Value, CodeKind("other"), tCorp1, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("wrong kind: %v", err)
	}
	if _, err := s.RedeemCode(c.Value, MiniProgramCode, tCorp1, tAgent); err != nil {
		t.Errorf("a wrong-kind attempt spent the code: %v", err)
	}
}

func TestCodeExpiry(t *testing.T) {
	s := frozenStore(t, nil)
	a := mintMP(t, s, tCorp1, tAgent, "zhangsan")
	b := mintMP(t, s, tCorp1, tAgent, "zhangsan")
	if a.Value == b.Value {
		t.Fatal("two mints gave the same code")
	}
	s.Clock().Advance(CodeTTL - time.Second)
	if _, err := s.RedeemCode(a.Value, MiniProgramCode, tCorp1, tAgent); err != nil {
		t.Errorf("at 299 s: %v", err)
	}
	s.Clock().Advance(time.Second)
	if _, err := s.RedeemCode(b.Value, MiniProgramCode, tCorp1, tAgent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("at 300 s: %v, want ErrCodeInvalid", err)
	}
	if c := s.RuntimeCounts(); c.Codes != 0 {
		t.Errorf("an expired redeemed code is still stored: %+v", c)
	}
}

func TestCodeCounts(t *testing.T) {
	s := frozenStore(t, nil)
	mintMP(t, s, tCorp1, tAgent, "zhangsan")
	mintMP(t, s, tCorp1, tAgent, "lisi")
	if c := s.RuntimeCounts(); c.Codes != 2 || c.UnexpiredCodes != 2 {
		t.Errorf("counts %+v", c)
	}
	s.Clock().Advance(CodeTTL)
	if c := s.RuntimeCounts(); c.Codes != 2 || c.UnexpiredCodes != 0 {
		t.Errorf("counts after expiry %+v", c)
	}
	s.Reset()
	if c := s.RuntimeCounts(); c.Codes != 0 {
		t.Errorf("counts after Reset %+v", c)
	}
}

func TestSessionKey(t *testing.T) {
	s := frozenStore(t, nil)
	seen := map[string]bool{}
	for range 200 {
		k := s.SessionKey()
		raw, err := base64.StdEncoding.Strict().DecodeString(k)
		if err != nil || len(raw) != 16 {
			t.Fatalf("session_key %q: %d bytes, %v; want 16 bytes of standard base64", k, len(raw), err)
		}
		if seen[k] {
			t.Fatalf("session_key %q repeated", k)
		}
		seen[k] = true
	}
}
