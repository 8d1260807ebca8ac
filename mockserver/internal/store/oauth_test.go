package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRedirectTrusted(t *testing.T) {
	domains := []string{"app.example.com", "api.example.com:8443", "localhost", "127.0.0.1", "[::1]", "dev.example.com:80"}
	tests := []struct {
		uri  string
		want bool
	}{
		{"https://app.example.com/cb?x=1", true},
		{"http://app.example.com/cb", true},
		{"https://app.example.com:443/cb", true},
		{"http://app.example.com:80/cb", true},
		{"https://APP.Example.COM/cb", true},
		{"https://app.example.com:8443/cb", false}, // no port in the entry: default port only
		{"http://app.example.com:443/cb", false},   // 443 is not http's default
		{"https://sub.app.example.com/cb", false},
		{"https://example.com/cb", false},
		{"https://api.example.com:8443/cb", true},
		{"https://api.example.com/cb", false},
		{"https://api.example.com:9443/cb", false},
		{"http://dev.example.com/", true},
		{"https://dev.example.com/", false}, // entry says :80
		{"http://localhost:3000/callback", true},
		{"http://localhost/callback", true},
		{"https://localhost:8443/", true},
		{"http://127.0.0.1:8080/", true},
		{"http://[::1]:9000/", true},
		{"http://127.0.0.2:8080/", false},
		{"ftp://app.example.com/", false},
		{"app.example.com/cb", false},
		{"//app.example.com/cb", false},
		{"", false},
		{"http://", false},
		{"https://evil.example.net/?r=https://app.example.com/", false},
	}
	for _, tt := range tests {
		if got := RedirectTrusted(domains, tt.uri); got != tt.want {
			t.Errorf("RedirectTrusted(%q) = %v, want %v", tt.uri, got, tt.want)
		}
	}
	if RedirectTrusted(nil, "http://localhost:3000/") {
		t.Error("an app without trusted domains trusts nothing")
	}
}

func TestVisitorOpenID(t *testing.T) {
	a, b := VisitorOpenID("wwa"), VisitorOpenID("wwb")
	if a != VisitorOpenID("wwa") {
		t.Error("not stable")
	}
	if a == b {
		t.Error("same openid for two corps")
	}
	if len(a) != 28 || !strings.HasPrefix(a, "o") {
		t.Errorf("openid %q: want o + 27 characters", a)
	}
}

func TestMintOAuthCodeValidation(t *testing.T) {
	s := ourTestStore(t, nil)
	base := MintRequest{Kind: OAuthCode, CorpID: "wwmockcorp000001", AgentID: 1000002}
	tests := []struct {
		name   string
		modify func(*MintRequest)
		want   error
	}{
		{"bad scope", func(r *MintRequest) { r.Scope = "snsapi_userinfo" }, ErrBadScope},
		{"relative redirect", func(r *MintRequest) { r.RedirectURI = "/cb" }, ErrBadRedirectURI},
		{"ftp redirect", func(r *MintRequest) { r.RedirectURI = "ftp://localhost/" }, ErrBadRedirectURI},
		{"openid for member", func(r *MintRequest) { r.UserID, r.OpenID = "lisi", "oX" }, ErrOpenIDForMember},
		{"unknown member", func(r *MintRequest) { r.UserID = "nobody" }, ErrMemberNotFound},
		{"unknown corp", func(r *MintRequest) { r.CorpID = "nope" }, ErrCorpNotFound},
		{"unknown app", func(r *MintRequest) { r.AgentID = 1 }, ErrAppNotFound},
	}
	for _, tt := range tests {
		req := base
		tt.modify(&req)
		if _, err := s.MintCode(req); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	c, err := s.MintCode(base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Scope != ScopeBase || c.UserID != "" || c.OpenID != VisitorOpenID(base.CorpID) {
		t.Errorf("visitor code %+v", c)
	}
	m := base
	m.UserID = "ZhangSan"
	c, err = s.MintCode(m)
	if err != nil || c.UserID != "zhangsan" || c.OpenID != "" {
		t.Errorf("member code %+v, %v; want the stored userid", c, err)
	}
}

func TestRedeemOAuthCode(t *testing.T) {
	s := ourTestStore(t, nil)
	const corp, agent = "wwmockcorp000001", 1000002
	mint := func(userID, scope, redirect string) string {
		t.Helper()
		c, err := s.MintCode(MintRequest{Kind: OAuthCode, CorpID: corp, AgentID: agent, UserID: userID, Scope: scope, RedirectURI: redirect})
		if err != nil {
			t.Fatal(err)
		}
		return c.Value
	}

	code := mint("zhangsan", ScopePrivateInfo, "http://localhost:8080/cb")
	if _, err := s.RedeemOAuthCode(code, "wwmockcorp000002", agent); !errors.Is(err, ErrCodeOtherApp) {
		t.Errorf("other corp: %v", err)
	}
	login, err := s.RedeemOAuthCode(code, corp, agent)
	if err != nil || login.UserID != "zhangsan" || login.Ticket == nil {
		t.Fatalf("login %+v, %v; want zhangsan with a user ticket", login, err)
	}
	if _, err := s.RedeemOAuthCode(code, corp, agent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("second use: %v", err)
	}

	untrusted := mint("lisi", "", "https://evil.example.net/cb")
	for range 2 {
		if _, err := s.RedeemOAuthCode(untrusted, corp, agent); !errors.Is(err, ErrRedirectUntrusted) {
			t.Errorf("untrusted redirect: %v", err)
		}
	}

	outside := mint("wangwu", ScopePrivateInfo, "")
	if login, err := s.RedeemOAuthCode(outside, corp, agent); err != nil || login.Ticket != nil {
		t.Errorf("member outside the range: %+v, %v; want no ticket", login, err)
	}

	mp, err := s.MintCode(MintRequest{Kind: MiniProgramCode, CorpID: corp, AgentID: agent, UserID: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemOAuthCode(mp.Value, corp, agent); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("mini program code: %v", err)
	}

	// The user ticket: 1800 s, its app only.
	tk := login.Ticket.Value
	if m, err := s.UserDetail(tk, corp, agent); err != nil || m.UserID != "zhangsan" {
		t.Errorf("UserDetail = %v, %v", m.UserID, err)
	}
	if _, err := s.UserDetail(tk, "wwmockcorp000002", agent); !errors.Is(err, ErrUserTicketOther) {
		t.Errorf("other corp: %v", err)
	}
	s.Clock().Advance(UserTicketTTL - time.Second)
	if _, err := s.UserDetail(tk, corp, agent); err != nil {
		t.Errorf("just before expiry: %v", err)
	}
	s.Clock().Advance(time.Second)
	if _, err := s.UserDetail(tk, corp, agent); !errors.Is(err, ErrUserTicketInvalid) {
		t.Errorf("after 1800 s: %v", err)
	}
}
