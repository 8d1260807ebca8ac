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
// old world stays. Tokens and codes of the old world are dropped.
func (s *Server) LoadFixtures(w *fixtures.World) error {
	if w == nil {
		return errors.New("mockserver: nil world")
	}
	if err := w.Validate(); err != nil {
		return err
	}
	s.store.Load(w)
	return nil
}

// Fixtures returns the loaded world. Treat it as read-only.
func (s *Server) Fixtures() *fixtures.World { return s.store.Fixtures() }

// Reset returns the server to the loaded fixtures: tokens, codes, journal and
// faults are cleared and the clock loses every Advance (a frozen clock goes
// back to its start time).
func (s *Server) Reset() {
	s.store.Reset()
	s.journal.clear()
	s.faults.clear()
	start := s.cfg.start
	if !s.store.Clock().Frozen() {
		start = s.cfg.realNow()
	}
	s.store.Clock().Restart(start)
}

// Now is the server's virtual time.
func (s *Server) Now() time.Time { return s.store.Now() }

// Advance moves the virtual clock forward by d and returns the new time.
// Tokens, codes and every other expiring thing see the jump at once.
func (s *Server) Advance(d time.Duration) time.Time { return s.store.Clock().Advance(d) }

// CodeRequest asks for a login code, as the WeCom client would obtain one.
type CodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login); it is the default.
	Kind    string `json:"kind"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	UserID  string `json:"userid"`
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
	case req.UserID == "":
		return Code{}, &MintError{Reason: `"userid" is required`}
	}
	code, err := s.store.MintCode(store.MintRequest{
		Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, AgentID: req.AgentID, UserID: req.UserID,
	})
	switch {
	case errors.Is(err, store.ErrBadCodeKind):
		return Code{}, &MintError{Reason: fmt.Sprintf("unknown code kind %q (supported: miniprogram)", req.Kind)}
	case errors.Is(err, store.ErrCorpNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q not found", req.CorpID), NotFound: true}
	case errors.Is(err, store.ErrAppNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q has no app with agentid %d", req.CorpID, req.AgentID), NotFound: true}
	case errors.Is(err, store.ErrNoMiniProgram):
		return Code{}, &MintError{Reason: fmt.Sprintf("app %d of corp %q has no bound mini program (add miniprogram: {appid: ...} to its fixture)", req.AgentID, req.CorpID)}
	case errors.Is(err, store.ErrMemberNotFound):
		return Code{}, &MintError{Reason: fmt.Sprintf("corp %q has no member %q", req.CorpID, req.UserID), NotFound: true}
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
