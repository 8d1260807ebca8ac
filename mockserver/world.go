package mockserver

import (
	"errors"
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
	s.contacts.ClearUserBodies()
	s.suites.Reloaded()
	return nil
}

// Fixtures returns the loaded world. Treat it as read-only: servers built
// without WithFixtures share one default world.
func (s *Server) Fixtures() *fixtures.World { return s.store.Fixtures() }

// Reset returns the server to the loaded fixtures: tokens, codes, media, the
// message inbox, journal and faults are cleared, contact changes and
// callback configurations undone, pending callback deliveries canceled and
// their journal emptied, and the clock loses every Advance (a frozen clock
// goes back to its start time).
func (s *Server) Reset() {
	s.store.Reset()
	s.contacts.ClearUserBodies()
	s.journal.clear()
	s.faults.clear()
	s.stubs.Clear()
	s.cb.Reset()
	// Only the Advances go: a ticking clock started with WithClockStart keeps
	// ticking from that start instead of jumping to the real time.
	s.store.Clock().Rewind()
	s.suites.Reloaded()
}

// MaxAdvance is the most the virtual clock may be advanced in all since the
// server started or was reset: about 200 years.
const MaxAdvance = store.MaxAdvance

// Now is the server's virtual time.
func (s *Server) Now() time.Time { return s.store.Now() }

// Advance moves the virtual clock forward by d and returns the new time.
// Tokens, codes and every other expiring thing see the jump at once.
// Due suite_ticket pushes are made at once (internal/suites), and customer
// transfers whose 24 hours are over settle with their events.
//
// The advances since the server started (or was reset) add up to
// MaxAdvance at most, so the time stays representable: an Advance past it
// stops the clock at the limit (Advance never fails; compare the time it
// returns). POST /_mock/clock/advance refuses such a jump with a 400.
func (s *Server) Advance(d time.Duration) time.Time {
	now := s.store.Clock().Advance(d)
	s.suites.Observe()
	s.settleTransfers()
	s.batch.Settle()
	return now
}

// MintCode issues a single-use login code valid for 5 minutes of virtual
// time, bound to the app (corp, agentid) it is minted through — or, a mini
// program code, to the mini program (appid) of that app: any app of any
// corp bound to it redeems the code. A mini program code may name the
// appid instead of the agentid, also for a corp with no app bound to it.
func (s *Server) MintCode(req CodeRequest) (Code, error) {
	if req.Kind == "" {
		req.Kind = string(store.MiniProgramCode)
	}
	switch {
	case req.CorpID == "":
		return Code{}, badRequest(`"corpid" is required`)
	case req.AppID != "" && req.Kind != string(store.MiniProgramCode):
		return Code{}, badRequest(`"appid" (a mini program's) is only for a miniprogram code: give "agentid"`)
	case req.AgentID == 0 && req.AppID == "" && req.Kind == string(store.MiniProgramCode):
		return Code{}, badRequest(`"agentid" is required (or, for a miniprogram code, the mini program's "appid")`)
	case req.AgentID == 0 && req.AppID == "":
		return Code{}, badRequest(`"agentid" is required`)
	case req.UserID == "" && req.Kind != string(store.OAuthCode) && req.Kind != string(store.QRCode):
		return Code{}, badRequest(`"userid" is required (only an oauth or qrcode code may omit it, for a non-member visitor)`)
	}
	code, err := s.store.MintCode(store.MintRequest{
		Kind: store.CodeKind(req.Kind), CorpID: req.CorpID, AgentID: req.AgentID, UserID: req.UserID, AppID: req.AppID,
		Scope: req.Scope, RedirectURI: req.RedirectURI, OpenID: req.OpenID, DeviceID: req.DeviceID,
	})
	if err != nil {
		return Code{}, storeError(err, subject{
			terms: codeTerms, corpID: req.CorpID, agentID: req.AgentID, userID: req.UserID,
			kind: req.Kind, scope: req.Scope, redirectURI: req.RedirectURI, appID: req.AppID,
		})
	}
	return Code{Code: code.Value, ExpiresIn: int(store.CodeTTL.Seconds())}, nil
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
