package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// LoadFixtures replaces the world with w, validating it first; on error the
// old world stays. Tokens, codes, media and sent messages of the old world
// are dropped.
func (s *Server) LoadFixtures(w *fixtures.World) error {
	if w == nil {
		return errors.New("mockserver: nil world")
	}
	if err := w.Validate(); err != nil {
		return err
	}
	s.store.Load(w)
	s.userBodies.clear()
	return nil
}

// Fixtures returns the loaded world. Treat it as read-only.
func (s *Server) Fixtures() *fixtures.World { return s.store.Fixtures() }

// Reset returns the server to the loaded fixtures: tokens, codes, media, the
// message inbox, journal and faults are cleared and the clock loses every
// Advance (a frozen clock goes back to its start time).
func (s *Server) Reset() {
	s.store.Reset()
	s.userBodies.clear()
	s.journal.clear()
	s.faults.clear()
	// Only the Advances go: a ticking clock started with WithClockStart keeps
	// ticking from that start instead of jumping to the real time.
	s.store.Clock().Rewind()
}

// Now is the server's virtual time.
func (s *Server) Now() time.Time { return s.store.Now() }

// Advance moves the virtual clock forward by d and returns the new time.
// Tokens, codes and every other expiring thing see the jump at once.
func (s *Server) Advance(d time.Duration) time.Time { return s.store.Clock().Advance(d) }

// CodeRequest asks for a login code, as the WeCom client would obtain one.
type CodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login; the default) or "oauth" (the
	// code the OAuth2 web login or QR login appends to redirect_uri,
	// redeemed at auth/getuserinfo).
	Kind    string `json:"kind"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// UserID is the member who logs in. An oauth code may leave it empty
	// for a non-member visitor (auth/getuserinfo answers an openid).
	UserID string `json:"userid"`

	// The fields below are for oauth codes only.

	// Scope is "snsapi_base" (the default) or "snsapi_privateinfo"; the
	// latter gives a member inside the app's visible range a user_ticket.
	Scope string `json:"scope,omitempty"`
	// RedirectURI, if given, is the absolute http(s) URL the code is issued
	// for. Its host[:port] is checked against the app's trusted_domains when
	// the code is exchanged, as real WeCom does: an untrusted one answers
	// 50001 there. Matching is exact: an entry "host:port" matches only that
	// port, an entry "host" only the scheme's default port (80/443) and no
	// subdomain — except loopback entries (localhost, 127.0.0.1, ::1), which
	// match any port so local dev servers work with the default fixtures.
	RedirectURI string `json:"redirect_uri,omitempty"`
	// OpenID is a visitor's openid (UserID empty); empty means the mock's
	// stable default visitor of the corp.
	OpenID string `json:"openid,omitempty"`
	// DeviceID is what the old user/getuserinfo reports as DeviceId.
	DeviceID string `json:"deviceid,omitempty"`
}

// Code is a minted login code.
type Code struct {
	Code      string `json:"code"`
	ExpiresIn int    `json:"expires_in"`
}

// MintError says why a code could not be minted.
type MintError struct {
	Reason string
	// NotFound reports that a named corp, app or member does not exist
	// (as opposed to a malformed request).
	NotFound bool
}

func (e *MintError) Error() string { return e.Reason }

func (e *MintError) status() int {
	if e.NotFound {
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// MintCode issues a single-use login code valid for 5 minutes of virtual
// time, bound to the app (corp, agentid) it is minted through.
func (s *Server) MintCode(req CodeRequest) (Code, error) {
	if req.Kind == "" {
		req.Kind = string(store.MiniProgramCode)
	}
	switch {
	case req.CorpID == "":
		return Code{}, &MintError{Reason: `"corpid" is required`}
	case req.AgentID == 0:
		return Code{}, &MintError{Reason: `"agentid" is required`}
	case req.UserID == "" && req.Kind != string(store.OAuthCode):
		return Code{}, &MintError{Reason: `"userid" is required (only an oauth code may omit it, for a non-member visitor)`}
	}
	code, err := s.store.MintCode(store.MintRequest{
		Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, AgentID: req.AgentID, UserID: req.UserID,
		Scope: req.Scope, RedirectURI: req.RedirectURI, OpenID: req.OpenID, DeviceID: req.DeviceID,
	})
	switch {
	case errors.Is(err, store.ErrBadCodeKind):
		return Code{}, &MintError{Reason: fmt.Sprintf("unknown code kind %q (supported: miniprogram, oauth)", req.Kind)}
	case errors.Is(err, store.ErrCorpNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q not found", req.CorpID), NotFound: true}
	case errors.Is(err, store.ErrAppNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q has no app with agentid %d", req.CorpID, req.AgentID), NotFound: true}
	case errors.Is(err, store.ErrNoMiniProgram):
		return Code{}, &MintError{Reason: fmt.Sprintf("app %d of corp %q has no bound mini program (add miniprogram: {appid: ...} to its fixture)", req.AgentID, req.CorpID)}
	case errors.Is(err, store.ErrMemberNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q has no member %q", req.CorpID, req.UserID), NotFound: true}
	case errors.Is(err, store.ErrBadScope):
		return Code{}, &MintError{Reason: fmt.Sprintf(`unknown scope %q (supported: snsapi_base, snsapi_privateinfo)`, req.Scope)}
	case errors.Is(err, store.ErrBadRedirectURI):
		return Code{}, &MintError{Reason: fmt.Sprintf(`"redirect_uri" %q is not an absolute http(s) URL`, req.RedirectURI)}
	case errors.Is(err, store.ErrOpenIDForMember):
		return Code{}, &MintError{Reason: `"openid" is only for a non-member visitor: leave "userid" empty`}
	case err != nil:
		return Code{}, err
	}
	return Code{Code: code.Value, ExpiresIn: int(store.CodeTTL.Seconds())}, nil
}

// State is a snapshot of the server for the control API and the dashboard.
type State struct {
	Now      time.Time       `json:"now"`
	Frozen   bool            `json:"frozen_clock"`
	Counts   fixtures.Counts `json:"counts"`
	Runtime  RuntimeCounts   `json:"runtime"`
	Faults   int             `json:"faults"`
	Journal  int             `json:"journal"`
	Fixtures *fixtures.World `json:"world"`
}

// RuntimeCounts counts issued tokens and minted codes.
type RuntimeCounts struct {
	Tokens         int `json:"tokens"`
	ValidTokens    int `json:"valid_tokens"`
	Codes          int `json:"codes"`
	UnexpiredCodes int `json:"unexpired_codes"`
}

// State returns the world and runtime counts.
func (s *Server) State() State {
	w := s.store.Fixtures()
	kept, _ := s.journal.count()
	return State{
		Now:      s.Now(),
		Frozen:   s.store.Clock().Frozen(),
		Counts:   w.Count(),
		Runtime:  RuntimeCounts(s.store.RuntimeCounts()),
		Faults:   len(s.faults.list()),
		Journal:  kept,
		Fixtures: w,
	}
}
