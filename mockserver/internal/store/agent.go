package store

import (
	"slices"
	"strconv"
	"strings"
)

// An app's details as agent/get reports them and agent/set changes them
// (https://developer.work.weixin.qq.com/document/path/90227,
// https://developer.work.weixin.qq.com/document/path/90228).

// AgentKind is who built an app: the corp itself, a third-party vendor, or
// a vendor for this corp only (代开发).
type AgentKind int

// The kinds of app.
const (
	AgentSelfBuilt AgentKind = iota
	AgentThirdParty
	AgentCustomized
)

// AgentSettings are an app's fields that agent/set may change.
type AgentSettings struct {
	Name          string
	Description   string
	SquareLogoURL string
	// RedirectDomain is the app's 可信域名: the first of its trusted
	// domains, which OAuth redirects are checked against.
	RedirectDomain     string
	HomeURL            string
	ReportLocationFlag int
	IsReportEnter      int
}

// AgentUpdate is an agent/set call: nil fields stay as they are.
// LogoMediaID, if set, is an image upload of the corp already checked by
// the caller.
type AgentUpdate struct {
	Name, Description, RedirectDomain, HomeURL, LogoMediaID *string
	ReportLocationFlag, IsReportEnter                       *int
}

// AgentDetail is an app with its settings and its live visible range.
type AgentDetail struct {
	AgentID int
	Kind    AgentKind
	AgentSettings
	// Users are the userids listed in the visible range (renames
	// followed), Departments and Tags the ids, each sorted.
	Users       []string
	Departments []int
	Tags        []int
}

// AgentBrief is an app as agent/list lists it.
type AgentBrief struct {
	AgentID       int
	Name          string
	SquareLogoURL string
}

// squareLogoURL is the logo URL the mock gives an app: a stable address
// under WeCom's image host, changed by each agent/set logo_mediaid.
func squareLogoURL(agentID int, mediaID string) string {
	u := "https://wework.qpic.cn/wwhead/mock-app-" + strconv.Itoa(agentID)
	if mediaID != "" {
		u += "-" + mediaID
	}
	return u + "/0"
}

// settingsOf is the app's current settings: agent/set's, else the
// fixture's.
func (a *app) settingsOf() AgentSettings {
	if a.settings != nil {
		return *a.settings
	}
	st := AgentSettings{Name: a.Name, SquareLogoURL: squareLogoURL(a.AgentID, "")}
	if len(a.TrustedDomains) > 0 {
		st.RedirectDomain = a.TrustedDomains[0]
	}
	return st
}

// kindOf is who built the app.
func (s *Store) kindOf(a *app) AgentKind {
	su := s.suites.byID[a.suiteID]
	switch {
	case su == nil:
		return AgentSelfBuilt
	case su.fx.Customized():
		return AgentCustomized
	default:
		return AgentThirdParty
	}
}

// lookupApp finds an app of a corp: ErrCorpNotFound, ErrAppNotFound.
func (s *Store) lookupApp(corpID string, agentID int) (*corp, *app, error) {
	c, ok := s.corps[corpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return nil, nil, ErrAppNotFound
	}
	return c, a, nil
}

// AgentKindOf is who built app agentID of corpID.
func (s *Store) AgentKindOf(corpID string, agentID int) (AgentKind, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return 0, err
	}
	return s.kindOf(a), nil
}

// Agent is app agentID's details with its visible range as it is now.
func (s *Store) Agent(corpID string, agentID int) (AgentDetail, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return AgentDetail{}, err
	}
	d := AgentDetail{AgentID: a.AgentID, Kind: s.kindOf(a), AgentSettings: a.settingsOf()}
	for key := range a.users {
		if m := c.members[key]; m != nil {
			d.Users = append(d.Users, m.UserID)
		} else {
			d.Users = append(d.Users, key)
		}
	}
	for id := range a.depts {
		d.Departments = append(d.Departments, id)
	}
	for id := range a.tags {
		d.Tags = append(d.Tags, id)
	}
	slices.Sort(d.Users)
	slices.Sort(d.Departments)
	slices.Sort(d.Tags)
	return d, nil
}

// AgentBriefOf is app agentID as agent/list lists it.
func (s *Store) AgentBriefOf(corpID string, agentID int) (AgentBrief, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return AgentBrief{}, err
	}
	st := a.settingsOf()
	return AgentBrief{AgentID: a.AgentID, Name: st.Name, SquareLogoURL: st.SquareLogoURL}, nil
}

// SetAgent applies an agent/set call. A new redirect_domain replaces the
// app's first trusted domain, so OAuth redirects to it pass. The caller has
// checked every field's form and length, which bounds what an app keeps.
func (s *Store) SetAgent(corpID string, agentID int, u AgentUpdate) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return err
	}
	st := a.settingsOf()
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&st.Name, u.Name)
	set(&st.Description, u.Description)
	set(&st.HomeURL, u.HomeURL)
	if u.LogoMediaID != nil {
		st.SquareLogoURL = squareLogoURL(a.AgentID, *u.LogoMediaID)
	}
	if u.ReportLocationFlag != nil {
		st.ReportLocationFlag = *u.ReportLocationFlag
	}
	if u.IsReportEnter != nil {
		st.IsReportEnter = *u.IsReportEnter
	}
	if u.RedirectDomain != nil && *u.RedirectDomain != "" {
		// The new domain takes the first place; the others stay, so the
		// list never grows past the fixture's length plus one.
		st.RedirectDomain = *u.RedirectDomain
		domains := []string{st.RedirectDomain}
		for i, d := range a.TrustedDomains {
			if i > 0 && !strings.EqualFold(d, st.RedirectDomain) {
				domains = append(domains, d)
			}
		}
		a.TrustedDomains = domains
	}
	a.Name = st.Name // the login pages show the app by this name too
	a.settings = &st
	return nil
}
