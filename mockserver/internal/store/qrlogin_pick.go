package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// What the login pages (OAuth authorize, QR login) show: the app being
// logged in to and the members one may log in as.

// LoginApp names the app a login page is for.
type LoginApp struct {
	CorpID         string
	CorpName       string
	AgentID        int
	AppName        string
	TrustedDomains []string
	// LoginDomains are the QR login's callback domains (TrustedDomains when
	// the fixture sets none).
	LoginDomains []string
}

// LoginApp returns the corp's and app's names and the app's trusted and
// login domains.
func (s *Store) LoginApp(corpID string, agentID int) (LoginApp, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return LoginApp{}, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return LoginApp{}, ErrAppNotFound
	}
	out := LoginApp{CorpID: corpID, AgentID: agentID, AppName: a.Name,
		TrustedDomains: slices.Clone(a.TrustedDomains), LoginDomains: slices.Clone(a.QRLoginDomains())}
	if fc := s.fixtureCorpLocked(corpID); fc != nil {
		out.CorpName = fc.Name
	}
	return out, nil
}

// AppsTrusting returns the agentids of the corp's apps whose trusted domains
// cover redirectURI, in agentid order: the apps an authorize URL without
// agentid could be for.
func (s *Store) AppsTrusting(corpID, redirectURI string) ([]int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	var out []int
	for id, a := range c.apps {
		if RedirectTrusted(a.TrustedDomains, redirectURI) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

// LoginCandidate is a member as a login page lists them.
type LoginCandidate struct {
	UserID      string
	Name        string
	Alias       string
	Position    string
	Departments []string
	// Visible reports whether the member is inside the app's visible range
	// (only they get a user_ticket from a snsapi_privateinfo login).
	Visible bool
}

// LoginCandidates returns up to limit members of the corp matching query
// (case-insensitive, in userid, name, alias, position or a department name;
// empty matches all), in fixture order, and how many matched in all.
func (s *Store) LoginCandidates(corpID string, agentID int, query string, limit int) ([]LoginCandidate, int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, 0, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return nil, 0, ErrAppNotFound
	}
	fc := s.fixtureCorpLocked(corpID)
	if fc == nil {
		return nil, 0, nil
	}
	out, total := c.candidatesLocked(fc, a, strings.ToLower(strings.TrimSpace(query)), limit)
	return out, total, nil
}

// candidatesLocked is LoginCandidates for a lower-cased, trimmed query.
func (c *corp) candidatesLocked(fc *fixtures.Corp, a *app, query string, limit int) ([]LoginCandidate, int) {
	out := []LoginCandidate{}
	total := 0
	for i := range fc.Members {
		m := c.memberLocked(fc.Members[i].UserID)
		if m == nil {
			continue
		}
		cand := c.candidateLocked(a, m.UserID)
		if query != "" && !cand.matches(query) {
			continue
		}
		total++
		if len(out) < limit {
			out = append(out, cand)
		}
	}
	return out, total
}

// LoginCandidate returns one member of the corp as a login page shows them.
func (s *Store) LoginCandidate(corpID string, agentID int, userID string) (LoginCandidate, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return LoginCandidate{}, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return LoginCandidate{}, ErrAppNotFound
	}
	if c.memberLocked(userID) == nil {
		return LoginCandidate{}, ErrMemberNotFound
	}
	return c.candidateLocked(a, userID), nil
}

func (c *corp) candidateLocked(a *app, userID string) LoginCandidate {
	m := c.memberLocked(userID)
	cand := LoginCandidate{
		UserID:   m.UserID,
		Name:     m.Name,
		Alias:    m.Alias,
		Position: m.Position,
		Visible:  a != nil && c.visibleTo(a, m),
	}
	for _, d := range m.Department {
		if dept, ok := c.depts[d]; ok {
			cand.Departments = append(cand.Departments, dept.Name)
		}
	}
	return cand
}

func (cand LoginCandidate) matches(lowerQuery string) bool {
	for _, f := range append([]string{cand.UserID, cand.Name, cand.Alias, cand.Position}, cand.Departments...) {
		if strings.Contains(strings.ToLower(f), lowerQuery) {
			return true
		}
	}
	return false
}
