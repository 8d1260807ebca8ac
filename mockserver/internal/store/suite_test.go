package store

import (
	"errors"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

const (
	tSuite      = "wwmocksuite000001"
	tSuiteSec   = "mock-suite-secret"
	tTemplate   = "dkmocktemplate0001"
	tPermanent  = "mock-permanent-code"
	tDKAgent    = 1000010
	tSuiteCount = 2
)

func TestSuiteScheduleFirstTicketAtFirstObservation(t *testing.T) {
	s := frozenStore(t, nil)
	if !s.SuiteTicketsDue(s.Now()) {
		t.Fatal("a freshly loaded world has no ticket due")
	}
	if _, ok, _ := s.LatestSuiteTicket(tSuite); ok {
		t.Fatal("a ticket exists before the first observation")
	}
	due := s.DueSuiteTickets()
	if len(due) != tSuiteCount {
		t.Fatalf("first observation pushed %d tickets, want one per suite (%d)", len(due), tSuiteCount)
	}
	for _, tk := range due {
		if !tk.IssuedAt.Equal(clockStart) || !tk.ExpiresAt.Equal(clockStart.Add(30*time.Minute)) {
			t.Errorf("ticket %+v: want issued now, valid 30 min", tk)
		}
	}
	if got := s.DueSuiteTickets(); len(got) != 0 {
		t.Errorf("second observation at the same instant pushed %d tickets", len(got))
	}
	next, ok := s.NextSuiteTicketAt()
	if !ok || !next.Equal(clockStart.Add(10*time.Minute)) {
		t.Errorf("next push at %v (%v), want start+10m", next, ok)
	}
}

func TestSuiteScheduleEveryTenMinutes(t *testing.T) {
	s := frozenStore(t, nil)
	s.DueSuiteTickets()
	s.Clock().Advance(10*time.Minute - time.Second)
	if got := s.DueSuiteTickets(); len(got) != 0 {
		t.Fatalf("pushed %d tickets before 10 minutes", len(got))
	}
	s.Clock().Advance(time.Second)
	got := s.DueSuiteTickets()
	if len(got) != tSuiteCount {
		t.Fatalf("pushed %d tickets at 10 minutes, want %d", len(got), tSuiteCount)
	}
	if want := clockStart.Add(10 * time.Minute); !got[0].IssuedAt.Equal(want) {
		t.Errorf("issued at %v, want %v", got[0].IssuedAt, want)
	}
}

// A jump far ahead pushes only the latest due ticket, dated at its due
// time, and the schedule continues from there.
func TestSuiteScheduleJumpPushesOnlyTheLatest(t *testing.T) {
	s := frozenStore(t, nil)
	s.DueSuiteTickets()
	s.Clock().Advance(3*time.Hour + 7*time.Minute)
	got := s.DueSuiteTickets()
	if len(got) != tSuiteCount {
		t.Fatalf("pushed %d tickets, want one per suite", len(got))
	}
	want := clockStart.Add(3 * time.Hour)
	for _, tk := range got {
		if !tk.IssuedAt.Equal(want) {
			t.Errorf("ticket dated %v, want the latest due time %v", tk.IssuedAt, want)
		}
	}
	next, _ := s.NextSuiteTicketAt()
	if !next.Equal(want.Add(10 * time.Minute)) {
		t.Errorf("next push %v, want %v", next, want.Add(10*time.Minute))
	}
}

func TestSuiteTicketValidity(t *testing.T) {
	s := frozenStore(t, nil)
	first := ticketOf(t, s.DueSuiteTickets(), tSuite)
	s.Clock().Advance(10 * time.Minute)
	second := ticketOf(t, s.DueSuiteTickets(), tSuite)
	if first.Value == second.Value {
		t.Fatal("the second push repeated the ticket")
	}
	// Both are accepted while younger than 30 minutes.
	for _, tk := range []SuiteTicket{first, second} {
		if _, err := s.IssueSuiteToken(tSuite, tSuiteSec, tk.Value); err != nil {
			t.Errorf("ticket %s at +10m: %v", tk.Value, err)
		}
	}
	s.Clock().Advance(20 * time.Minute) // first is now 30 min old
	if _, err := s.IssueSuiteToken(tSuite, tSuiteSec, first.Value); !errors.Is(err, ErrSuiteTicketInvalid) {
		t.Errorf("30-minute-old ticket: %v, want ErrSuiteTicketInvalid", err)
	}
	if _, err := s.IssueSuiteToken(tSuite, tSuiteSec, second.Value); err != nil {
		t.Errorf("20-minute-old ticket: %v", err)
	}
	latest, ok, err := s.LatestSuiteTicket(tSuite)
	if err != nil || !ok || latest.Value != second.Value {
		t.Errorf("LatestSuiteTicket = %+v %v %v, want the second (no observation since)", latest, ok, err)
	}
}

func ticketOf(t *testing.T, ts []SuiteTicket, suiteID string) SuiteTicket {
	t.Helper()
	for _, tk := range ts {
		if tk.SuiteID == suiteID {
			return tk
		}
	}
	t.Fatalf("no ticket for %s in %+v", suiteID, ts)
	return SuiteTicket{}
}

func TestSuiteTokenReuseAndExpiry(t *testing.T) {
	s := frozenStore(t, nil)
	tk := ticketOf(t, s.DueSuiteTickets(), tSuite)
	a, err := s.IssueSuiteToken(tSuite, tSuiteSec, tk.Value)
	if err != nil {
		t.Fatal(err)
	}
	s.Clock().Advance(time.Hour)
	tk2 := ticketOf(t, s.DueSuiteTickets(), tSuite)
	b, err := s.IssueSuiteToken(tSuite, tSuiteSec, tk2.Value)
	if err != nil || b.Value != a.Value {
		t.Fatalf("within 7200 s: %v, token %q, want the same %q", err, b.Value, a.Value)
	}
	s.Clock().Advance(time.Hour)
	if _, err := s.LookupSuiteToken(a.Value); !errors.Is(err, ErrSuiteTokenExpired) {
		t.Fatalf("after 7200 s: %v, want ErrSuiteTokenExpired", err)
	}
	tk3 := ticketOf(t, s.DueSuiteTickets(), tSuite)
	c, err := s.IssueSuiteToken(tSuite, tSuiteSec, tk3.Value)
	if err != nil || c.Value == a.Value {
		t.Fatalf("after expiry: %v, token %q, want a new one", err, c.Value)
	}
	if _, err := s.LookupSuiteToken("nope"); !errors.Is(err, ErrSuiteTokenUnknown) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestSuiteTokenErrors(t *testing.T) {
	s := frozenStore(t, nil)
	tk := ticketOf(t, s.DueSuiteTickets(), tSuite)
	dk := ticketOf(t, latestTickets(t, s), tTemplate)
	tests := []struct {
		suite, secret, ticket string
		want                  error
	}{
		{"nosuch", tSuiteSec, tk.Value, ErrSuiteNotFound},
		{tSuite, "wrong", tk.Value, ErrSuiteSecretMismatch},
		{tSuite, tSuiteSec, "wrong", ErrSuiteTicketInvalid},
		{tSuite, tSuiteSec, dk.Value, ErrSuiteTicketInvalid}, // another suite's ticket
	}
	for _, tt := range tests {
		if _, err := s.IssueSuiteToken(tt.suite, tt.secret, tt.ticket); !errors.Is(err, tt.want) {
			t.Errorf("IssueSuiteToken(%s, %s, %s) = %v, want %v", tt.suite, tt.secret, tt.ticket, err, tt.want)
		}
	}
}

// latestTickets returns the newest ticket of each default suite.
func latestTickets(t *testing.T, s *Store) []SuiteTicket {
	t.Helper()
	var out []SuiteTicket
	for _, id := range []string{tSuite, tTemplate} {
		tk, ok, err := s.LatestSuiteTicket(id)
		if err != nil || !ok {
			t.Fatalf("LatestSuiteTicket(%s): %v %v", id, ok, err)
		}
		out = append(out, tk)
	}
	return out
}

func TestPreinstalledCustomizedApp(t *testing.T) {
	s := frozenStore(t, nil)
	tok, err := s.IssueToken(tCorp1, tPermanent)
	if err != nil {
		t.Fatalf("gettoken with the 代开发 permanent code: %v", err)
	}
	if tok.Kind != AppToken || tok.AgentID != tDKAgent {
		t.Fatalf("token %+v, want an app token of agent %d", tok, tDKAgent)
	}
	// Privilege allow_party [2]: 研发部 and its subtree.
	if _, err := s.MemberFor(tok, "lisi"); err != nil {
		t.Errorf("lisi (平台组, under 研发部): %v", err)
	}
	if _, err := s.MemberFor(tok, "wangwu"); !errors.Is(err, ErrNotVisible) {
		t.Errorf("wangwu (市场部): %v, want ErrNotVisible", err)
	}
	if _, err := s.IssueToken(tCorp2, tPermanent); !errors.Is(err, ErrSecretOfOther) {
		t.Errorf("the permanent code at corp 2: %v, want ErrSecretOfOther", err)
	}
	a, err := s.SuiteAuthorization(tTemplate, tCorp1, tPermanent)
	if err != nil || !a.Customized || a.AuthUser == nil || a.AuthUser.UserID != "zhangsan" || a.CorpName == "" {
		t.Errorf("SuiteAuthorization = %+v, %v", a, err)
	}
}

func TestInstallExchangeAndCorpToken(t *testing.T) {
	s := frozenStore(t, nil)
	pre, err := s.IssuePreAuthCode(tSuite)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSessionInfo(tSuite, pre.Value, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSessionInfo(tTemplate, pre.Value, 1); !errors.Is(err, ErrPreAuthCodeInvalid) {
		t.Errorf("another suite's pre_auth_code: %v", err)
	}
	a, code, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1, UserID: "ZhangSan", PreAuthCode: pre.Value, State: "st"})
	if err != nil {
		t.Fatal(err)
	}
	if a.AgentID != tDKAgent+1 || a.AuthType != 1 || a.State != "st" || a.AuthUser.UserID != "zhangsan" {
		t.Errorf("install %+v: want the next free agentid, test authorization, state, canonical userid", a)
	}
	if a.Privilege.AllowParty[0] != 1 {
		t.Errorf("privilege %+v, want the whole corp by default", a.Privilege)
	}
	if _, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp2, PreAuthCode: pre.Value}); !errors.Is(err, ErrPreAuthCodeInvalid) {
		t.Errorf("the spent pre_auth_code again: %v", err)
	}
	if _, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1}); !errors.Is(err, ErrAlreadyAuthorized) {
		t.Errorf("second install: %v", err)
	}
	if _, err := s.ExchangeAuthCode(tTemplate, code.Value); !errors.Is(err, ErrAuthCodeInvalid) {
		t.Errorf("another suite's auth_code: %v", err)
	}
	got, err := s.ExchangeAuthCode(tSuite, code.Value)
	if err != nil || got.PermanentCode != a.PermanentCode {
		t.Fatalf("exchange: %+v %v", got, err)
	}
	if _, err := s.ExchangeAuthCode(tSuite, code.Value); !errors.Is(err, ErrAuthCodeInvalid) {
		t.Errorf("auth_code twice: %v", err)
	}
	// A third-party permanent code is no corpsecret.
	if _, err := s.IssueToken(tCorp1, a.PermanentCode); err == nil {
		t.Error("gettoken accepted a third-party permanent code")
	}
	tok, err := s.IssueSuiteCorpToken(tSuite, tCorp1, a.PermanentCode)
	if err != nil || tok.AgentID != a.AgentID || tok.Kind != AppToken {
		t.Fatalf("corp token %+v %v", tok, err)
	}
	again, _ := s.IssueSuiteCorpToken(tSuite, tCorp1, a.PermanentCode)
	if again.Value != tok.Value {
		t.Error("corp token not reused within its validity")
	}
	if _, err := s.MemberFor(tok, "wangwu"); err != nil {
		t.Errorf("whole-corp install cannot read wangwu: %v", err)
	}
	if _, err := s.IssueSuiteCorpToken(tTemplate, tCorp1, tPermanent); !errors.Is(err, ErrCustomized) {
		t.Errorf("get_corp_token for a 代开发 template: %v", err)
	}
	if _, err := s.IssueSuiteCorpToken(tSuite, tCorp2, a.PermanentCode); !errors.Is(err, ErrPermanentCodeInvalid) {
		t.Errorf("permanent code at another corp: %v", err)
	}
}

func TestAuthCodeExpires(t *testing.T) {
	s := frozenStore(t, nil)
	_, code, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1})
	if err != nil {
		t.Fatal(err)
	}
	s.Clock().Advance(AuthCodeTTL)
	if _, err := s.ExchangeAuthCode(tSuite, code.Value); !errors.Is(err, ErrAuthCodeInvalid) {
		t.Errorf("auth_code after 10 minutes: %v", err)
	}
	pre, _ := s.IssuePreAuthCode(tSuite)
	s.Clock().Advance(PreAuthCodeTTL)
	if err := s.SetSessionInfo(tSuite, pre.Value, 0); !errors.Is(err, ErrPreAuthCodeExpired) {
		t.Errorf("pre_auth_code after 1200 s: %v", err)
	}
}

func TestInstallPrivilege(t *testing.T) {
	s := frozenStore(t, nil)
	_, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1,
		Privilege: &fixtures.SuitePrivilege{AllowUser: []string{"ghost"}, AllowParty: []int{99}}})
	if !errors.Is(err, ErrBadPrivilege) {
		t.Fatalf("unknown ids: %v, want ErrBadPrivilege", err)
	}
	a, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1,
		Privilege: &fixtures.SuitePrivilege{AllowUser: []string{"WANGWU"}}})
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := s.IssueSuiteCorpToken(tSuite, tCorp1, a.PermanentCode)
	if _, err := s.MemberFor(tok, "wangwu"); err != nil {
		t.Errorf("allow_user wangwu: %v", err)
	}
	if _, err := s.MemberFor(tok, "zhangsan"); !errors.Is(err, ErrNotVisible) {
		t.Errorf("zhangsan outside allow_user: %v", err)
	}
	// change_auth: the same token sees the new range at once.
	if _, err := s.ChangeAuthorization(tSuite, tCorp1, &fixtures.SuitePrivilege{AllowParty: []int{2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MemberFor(tok, "zhangsan"); err != nil {
		t.Errorf("after change_auth zhangsan: %v", err)
	}
	if _, err := s.MemberFor(tok, "wangwu"); !errors.Is(err, ErrNotVisible) {
		t.Errorf("after change_auth wangwu: %v", err)
	}
}

func TestCancelAuthorization(t *testing.T) {
	s := frozenStore(t, nil)
	tok, err := s.IssueToken(tCorp1, tPermanent)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelAuthorization(tTemplate, tCorp1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LookupToken(tok.Value); !errors.Is(err, ErrTokenUnknown) {
		t.Errorf("token after cancel_auth: %v, want unknown", err)
	}
	if _, err := s.IssueToken(tCorp1, tPermanent); !errors.Is(err, ErrSecretMismatch) {
		t.Errorf("gettoken after cancel_auth: %v", err)
	}
	if _, err := s.SuiteAuthorization(tTemplate, tCorp1, tPermanent); !errors.Is(err, ErrPermanentCodeInvalid) {
		t.Errorf("get_auth_info after cancel_auth: %v", err)
	}
	if _, err := s.CancelAuthorization(tTemplate, tCorp1); !errors.Is(err, ErrNotAuthorized) {
		t.Errorf("second cancel: %v", err)
	}
	// It can be installed again, with a new permanent code.
	a, _, err := s.Install(InstallRequest{SuiteID: tTemplate, CorpID: tCorp1})
	if err != nil || a.PermanentCode == tPermanent {
		t.Fatalf("reinstall: %+v %v", a, err)
	}
}

func TestResetPermanentCode(t *testing.T) {
	s := frozenStore(t, nil)
	old, err := s.IssueToken(tCorp1, tPermanent)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ResetPermanentCode(tSuite, tCorp1); !errors.Is(err, ErrNotCustomized) {
		t.Errorf("reset of a third-party install: %v", err)
	}
	a, code, err := s.ResetPermanentCode(tTemplate, tCorp1)
	if err != nil {
		t.Fatal(err)
	}
	if a.PermanentCode == tPermanent {
		t.Fatal("the permanent code did not change")
	}
	if _, err := s.IssueToken(tCorp1, tPermanent); !errors.Is(err, ErrSecretMismatch) {
		t.Errorf("old permanent code at gettoken: %v", err)
	}
	if _, err := s.LookupToken(old.Value); err != nil {
		t.Errorf("a token of the old secret stops before its 7200 s: %v", err)
	}
	got, err := s.ExchangeAuthCode(tTemplate, code.Value)
	if err != nil || got.PermanentCode != a.PermanentCode {
		t.Fatalf("exchange after reset: %+v %v", got, err)
	}
	tok, err := s.IssueToken(tCorp1, a.PermanentCode)
	if err != nil || tok.AgentID != tDKAgent || tok.Value == old.Value {
		t.Fatalf("gettoken with the new code: %+v %v", tok, err)
	}
}

func TestResetMakesPendingAuthCodeWorthless(t *testing.T) {
	s := frozenStore(t, nil)
	_, first, err := s.ResetPermanentCode(tTemplate, tCorp1)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ResetPermanentCode(tTemplate, tCorp1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ExchangeAuthCode(tTemplate, first.Value); !errors.Is(err, ErrAuthCodeInvalid) {
		t.Errorf("auth_code of a superseded reset: %v", err)
	}
}

func TestSuiteLoginCodes(t *testing.T) {
	s := frozenStore(t, nil)
	if _, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1,
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}}}); err != nil {
		t.Fatal(err)
	}
	mint := func(req SuiteCodeRequest) SuiteCode {
		t.Helper()
		c, err := s.MintSuiteCode(req)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := mint(SuiteCodeRequest{SuiteID: tSuite, Kind: OAuthCode, CorpID: tCorp1, UserID: "zhangsan", Scope: ScopePrivateInfo})
	if _, err := s.RedeemSuiteCode(c.Value, OAuthCode, tTemplate); !errors.Is(err, ErrCodeOtherApp) {
		t.Errorf("another suite: %v", err)
	}
	if _, err := s.RedeemSuiteCode(c.Value, MiniProgramCode, tSuite); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("wrong kind: %v", err)
	}
	login, err := s.RedeemSuiteCode(c.Value, OAuthCode, tSuite)
	if err != nil || !login.Installed || login.Ticket == nil || login.Member.UserID != "zhangsan" {
		t.Fatalf("redeem: %+v %v", login, err)
	}
	if _, err := s.RedeemSuiteCode(c.Value, OAuthCode, tSuite); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("second redeem: %v", err)
	}
	_, m, err := s.SuiteUserDetail(login.Ticket.Value, tSuite)
	if err != nil || m.UserID != "zhangsan" {
		t.Errorf("SuiteUserDetail: %v %v", m, err)
	}
	if _, _, err := s.SuiteUserDetail(login.Ticket.Value, tTemplate); !errors.Is(err, ErrUserTicketOther) {
		t.Errorf("ticket at another suite: %v", err)
	}
	// wangwu is outside the install's range: no user_ticket.
	c = mint(SuiteCodeRequest{SuiteID: tSuite, Kind: OAuthCode, CorpID: tCorp1, UserID: "wangwu", Scope: ScopePrivateInfo})
	if login, _ := s.RedeemSuiteCode(c.Value, OAuthCode, tSuite); login.Ticket != nil {
		t.Error("user_ticket for a member outside the visible range")
	}
	// Corp 2 has not installed the suite.
	c = mint(SuiteCodeRequest{SuiteID: tSuite, Kind: MiniProgramCode, CorpID: tCorp2, UserID: "zhaoliu"})
	if login, _ := s.RedeemSuiteCode(c.Value, MiniProgramCode, tSuite); login.Installed {
		t.Error("corp 2 reported as installed")
	}
	c = mint(SuiteCodeRequest{SuiteID: tSuite, Kind: OAuthCode, CorpID: tCorp1})
	s.Clock().Advance(CodeTTL)
	if _, err := s.RedeemSuiteCode(c.Value, OAuthCode, tSuite); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("code after 5 minutes: %v", err)
	}
	for _, bad := range []SuiteCodeRequest{
		{SuiteID: tSuite, Kind: "sms", CorpID: tCorp1, UserID: "zhangsan"},
		{SuiteID: tSuite, Kind: MiniProgramCode, CorpID: tCorp1, UserID: "zhangsan", Scope: ScopeBase},
		{SuiteID: tSuite, Kind: OAuthCode, CorpID: tCorp1, UserID: "zhangsan", Scope: "snsapi_userinfo"},
		{SuiteID: "nosuch", Kind: OAuthCode, CorpID: tCorp1},
		{SuiteID: tSuite, Kind: OAuthCode, CorpID: "nosuch"},
		{SuiteID: tSuite, Kind: OAuthCode, CorpID: tCorp1, UserID: "ghost"},
		{SuiteID: tSuite, Kind: MiniProgramCode, CorpID: tCorp1},
	} {
		if _, err := s.MintSuiteCode(bad); err == nil {
			t.Errorf("MintSuiteCode(%+v) succeeded", bad)
		}
	}
}

func TestOpenUserIDPerProvider(t *testing.T) {
	s := frozenStore(t, nil)
	m := &fixtures.Member{UserID: "someone"}
	first := s.providers.first
	if first == "" {
		t.Fatal("the default world has no provider")
	}
	a, b := s.openUserIDLocked(first, tCorp1, m), s.openUserIDLocked(first, tCorp1, m)
	if a != b || len(a) != 32 || a[:2] != "wo" {
		t.Errorf("open_userid = %q, %q", a, b)
	}
	if s.openUserIDLocked(first, tCorp2, m) == a {
		t.Error("open_userid is the same in two corps")
	}
	if s.openUserIDLocked("wwotherprovider", tCorp1, m) == a {
		t.Error("open_userid is the same for two providers")
	}
	fixed := &fixtures.Member{UserID: "x", OpenUserID: "fixed"}
	if got := s.openUserIDLocked(first, tCorp1, fixed); got != "fixed" {
		t.Errorf("fixture open_userid ignored for the first provider: %q", got)
	}
	if got := s.openUserIDLocked("wwotherprovider", tCorp1, fixed); got == "fixed" {
		t.Error("another provider reads the fixture's open_userid")
	}
}

func TestResetRestoresFixtureAuthorizations(t *testing.T) {
	s := frozenStore(t, nil)
	if _, err := s.CancelAuthorization(tTemplate, tCorp1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Install(InstallRequest{SuiteID: tSuite, CorpID: tCorp1}); err != nil {
		t.Fatal(err)
	}
	s.Reset()
	if _, err := s.IssueToken(tCorp1, tPermanent); err != nil {
		t.Errorf("fixture authorization after Reset: %v", err)
	}
	auths, _ := s.Authorizations(tSuite)
	if len(auths) != 0 {
		t.Errorf("runtime install survived Reset: %+v", auths)
	}
	if !s.SuiteTicketsDue(s.Now()) {
		t.Error("no ticket due after Reset")
	}
}

// An install picking the next free agentid never takes one a later fixture
// entry names.
func TestFixtureAgentIDsExplicitFirst(t *testing.T) {
	w := fixtures.Default()
	w.Suites[0].Authorizations = []fixtures.SuiteAuthorization{{CorpID: tCorp2, PermanentCode: "auto"}}
	w.Suites[1].Authorizations = []fixtures.SuiteAuthorization{{CorpID: tCorp2, AgentID: 1000003, PermanentCode: "explicit"}}
	s := frozenStore(t, w)
	a, err := s.SuiteAuthorization(tSuite, tCorp2, "auto")
	if err != nil || a.AgentID != 1000004 {
		t.Errorf("auto install %+v %v, want agentid 1000004", a, err)
	}
	tok, err := s.IssueToken(tCorp2, "explicit")
	if err != nil || tok.AgentID != 1000003 {
		t.Errorf("explicit install token %+v %v", tok, err)
	}
}
