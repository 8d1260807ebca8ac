package mockserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/defaultworld"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// recordingT records a Fatalf instead of ending the test.
type recordingT struct {
	testing.TB
	fatal string
}

func (r *recordingT) Helper() {}
func (r *recordingT) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
}

// Each Must helper passes on success and fails the test, saying why, when
// the call it wraps fails.
func TestMustHelpersFailTheTest(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	member := fixtures.Member{UserID: "mustuser", Name: "M", Mobile: "13800000098", Department: []int{1}}
	cases := []struct {
		name string
		ok   func(testing.TB)
		bad  func(testing.TB)
		want string
	}{
		{"MustMintCode",
			func(r testing.TB) {
				if srv.MustMintCode(r, mockserver.CodeRequest{CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID, UserID: defaultworld.UserZhangsan}) == "" {
					t.Error("MustMintCode gave no code")
				}
			},
			func(r testing.TB) {
				srv.MustMintCode(r, mockserver.CodeRequest{Kind: "bogus", CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID, UserID: defaultworld.UserZhangsan})
			}, "MintCode(bogus"},
		{"MustCreateUser",
			func(r testing.TB) { srv.MustCreateUser(r, defaultworld.CorpID, member) },
			func(r testing.TB) { srv.MustCreateUser(r, defaultworld.CorpID, member) }, // now a duplicate
			`CreateUser(wwmockcorp000001, "mustuser")`},
		{"MustNextLogin",
			func(r testing.TB) { srv.MustNextLogin(r, mockserver.LoginAs{UserID: defaultworld.UserLisi}) },
			func(r testing.TB) { srv.MustNextLogin(r, mockserver.LoginAs{UserID: defaultworld.NoSuchUser}) }, "NextLogin("},
		{"MustAddFault",
			func(r testing.TB) {
				if f := srv.MustAddFault(r, mockserver.Fault{Path: "/cgi-bin/user/get", ErrCode: 45009, Times: 1}); f.ID == "" {
					t.Error("MustAddFault gave no id")
				}
			},
			func(r testing.TB) { srv.MustAddFault(r, mockserver.Fault{Path: "/cgi-bin/user/get"}) }, "AddFault(/cgi-bin/user/get)"},
	}
	for _, c := range cases {
		ok := &recordingT{TB: t}
		c.ok(ok)
		if ok.fatal != "" {
			t.Errorf("%s failed on success: %s", c.name, ok.fatal)
		}
		bad := &recordingT{TB: t}
		c.bad(bad)
		if !strings.Contains(bad.fatal, c.want) {
			t.Errorf("%s on error: Fatalf %q, want it to name %q", c.name, bad.fatal, c.want)
		}
	}
}
