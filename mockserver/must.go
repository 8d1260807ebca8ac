package mockserver

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The Must helpers are the calls tests make most, for a test's own setup:
// each fails t (t.Fatal) on error instead of returning it.

// MustMintCode mints a login code (MintCode) and returns its value.
func (s *Server) MustMintCode(t testing.TB, req CodeRequest) string {
	t.Helper()
	code, err := s.MintCode(req)
	if err != nil {
		t.Fatalf("mockserver: MintCode(%s %s/%d %q): %v", req.Kind, req.CorpID, req.AgentID, req.UserID, err)
	}
	return code.Code
}

// MustCreateUser adds a member to corpID (CreateUser), as an administrator
// would in the admin console.
func (s *Server) MustCreateUser(t testing.TB, corpID string, m fixtures.Member) ContactResult {
	t.Helper()
	res, err := s.CreateUser(corpID, m)
	if err != nil {
		t.Fatalf("mockserver: CreateUser(%s, %q): %v", corpID, m.UserID, err)
	}
	return res
}

// MustNextLogin queues who the next login page logs in (NextLogin).
func (s *Server) MustNextLogin(t testing.TB, who LoginAs) {
	t.Helper()
	if err := s.NextLogin(who); err != nil {
		t.Fatalf("mockserver: NextLogin(%+v): %v", who, err)
	}
}

// MustAddFault adds a fault (AddFault) and returns it with its id.
func (s *Server) MustAddFault(t testing.TB, f Fault) Fault {
	t.Helper()
	added, err := s.AddFault(f)
	if err != nil {
		t.Fatalf("mockserver: AddFault(%s): %v", f.Path, err)
	}
	return added
}
