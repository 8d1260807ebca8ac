package store

import (
	"errors"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// oneCorpMiniProgram is the default world with corp 2's app bound to
// another mini program: wxmockminiprogram1 is then bound in corp 1 only.
func oneCorpMiniProgram(t *testing.T) *Store {
	t.Helper()
	w := fixtures.Default()
	w.Corps[1].Apps[0].MiniProgram = &fixtures.MiniProgram{AppID: "wxcorp2only"}
	return frozenStore(t, w)
}

func TestMintMiniProgramCodeByAppID(t *testing.T) {
	s := oneCorpMiniProgram(t)
	// Corp 1 has bound it: the code is that of its app.
	c, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AppID: "wxmockminiprogram1", UserID: "ZhangSan"})
	if err != nil || c.AgentID != tAgent || c.AppID != "wxmockminiprogram1" || c.UserID != "zhangsan" {
		t.Fatalf("bound corp: %+v, %v", c, err)
	}
	// Corp 2 has not: an unbound-corp code, agentid 0.
	u, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: tCorp2, AppID: "wxmockminiprogram1", UserID: "zhaoliu"})
	if err != nil || u.AgentID != 0 || u.AppID != "wxmockminiprogram1" || u.CorpID != tCorp2 {
		t.Fatalf("unbound corp: %+v, %v", u, err)
	}
	// Both agentid and appid: they must agree.
	if _, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AgentID: tAgent, AppID: "wxmockminiprogram1", UserID: "lisi"}); err != nil {
		t.Errorf("agreeing agentid and appid: %v", err)
	}
	tests := []struct {
		name string
		req  MintRequest
		want error
	}{
		{"appid bound nowhere", MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, AppID: "wxnowhere", UserID: "zhangsan"}, ErrMiniProgramNotFound},
		{"neither agentid nor appid", MintRequest{Kind: MiniProgramCode, CorpID: tCorp1, UserID: "zhangsan"}, ErrMiniProgramNotFound},
		{"agentid of another mini program", MintRequest{Kind: MiniProgramCode, CorpID: tCorp2, AgentID: tAgent, AppID: "wxmockminiprogram1", UserID: "zhaoliu"}, ErrMiniProgramMismatch},
		{"unknown corp", MintRequest{Kind: MiniProgramCode, CorpID: "wwnope", AppID: "wxmockminiprogram1", UserID: "zhaoliu"}, ErrCorpNotFound},
		{"member of another corp", MintRequest{Kind: MiniProgramCode, CorpID: tCorp2, AppID: "wxmockminiprogram1", UserID: "zhangsan"}, ErrMemberNotFound},
	}
	for _, tt := range tests {
		if _, err := s.MintCode(tt.req); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

var encryptedUserIDRe = regexp.MustCompile(`^wo[0-9a-f]{30}$`)

// A member of a corp that has not bound the mini program gets an encrypted
// userid (https://developer.work.weixin.qq.com/document/path/91507), stable
// and distinct per mini program, corp and member.
func TestMiniProgramCodeOfUnboundCorp(t *testing.T) {
	s := oneCorpMiniProgram(t)
	u, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: tCorp2, AppID: "wxmockminiprogram1", UserID: "zhaoliu"})
	if err != nil {
		t.Fatal(err)
	}
	// Corp 2's app is bound to another mini program: not its code.
	if _, err := s.RedeemCode(u.Value, MiniProgramCode, tCorp2, tAgent); !errors.Is(err, ErrCodeOtherApp) {
		t.Errorf("corp 2's app: %v, want ErrCodeOtherApp", err)
	}
	got, err := s.RedeemCode(u.Value, MiniProgramCode, tCorp1, tAgent)
	if err != nil || got.CorpID != tCorp2 || got.UserID != "zhaoliu" {
		t.Fatalf("redeem: %+v, %v", got, err)
	}
	want := EncryptedMiniProgramUserID("wxmockminiprogram1", tCorp2, "zhaoliu")
	if got.SessionUserID != want || !encryptedUserIDRe.MatchString(want) {
		t.Errorf("session userid %q, want %q shaped wo+30 hex", got.SessionUserID, want)
	}
	for _, other := range []string{
		EncryptedMiniProgramUserID("wxother", tCorp2, "zhaoliu"),
		EncryptedMiniProgramUserID("wxmockminiprogram1", tCorp1, "zhaoliu"),
		EncryptedMiniProgramUserID("wxmockminiprogram1", tCorp2, "zhangsan"),
	} {
		if other == want {
			t.Errorf("encrypted userid %q shared by another mini program, corp or member", want)
		}
	}
}

// Exactly one of many concurrent redeems, by apps of two corps bound to the
// same mini program, spends a code.
func TestMiniProgramCodeOnceAcrossCorps(t *testing.T) {
	s := frozenStore(t, nil)
	for range 20 {
		c := mintMP(t, s, tCorp2, tAgent, "zhaoliu")
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			corp := []string{tCorp1, tCorp2}[i%2]
			wg.Go(func() {
				if _, err := s.RedeemCode(c.Value, MiniProgramCode, corp, tAgent); err == nil {
					wins.Add(1)
				} else if !errors.Is(err, ErrCodeInvalid) {
					t.Errorf("loser: %v, want ErrCodeInvalid", err)
				}
			})
		}
		testwait.Group(t, &wg)
		if n := wins.Load(); n != 1 {
			t.Fatalf("%d redeems succeeded, want 1", n)
		}
	}
}
