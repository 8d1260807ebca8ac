package store

import (
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// corp is the indexed form of a fixtures.Corp.
type corp struct {
	id             string
	contactsSecret string
	secrets        map[string]TokenKind // the other secrets (fixtures.Corp.Secrets)
	apps           map[int]*app         // by agentid
	appsBySecret   map[string]*app      // by secret
	depts          map[int]*fixtures.Department
	members        map[string]*fixtures.Member // by lower-cased userid
	memberOrder    []*fixtures.Member          // list order (fixture order, then creation)
	memberTags     map[string][]int            // lower-cased userid → tagids
	tags           map[int]*fixtures.Tag
	tagOwners      map[int]int    // tagid → the agentid that created it (contacts_tags.go)
	customers      *customerWorld // 客户联系 (customers.go)
}

// app is the indexed form of a fixtures.App.
type app struct {
	fixtures.App
	users map[string]bool // lower-cased userids
	depts map[int]bool
	tags  map[int]bool
	// suiteID is the suite of a third-party or 代开发 app, "" for a
	// self-built one.
	suiteID string
	// settings are what agent/set changed (nil: the fixture's); menu is
	// the app's 自定义菜单 (nil: none). Both live until Reset (agent.go).
	settings *AgentSettings
	menu     *Menu
}

func buildCorps(w *fixtures.World, now time.Time) map[string]*corp {
	corps := make(map[string]*corp, len(w.Corps))
	for i := range w.Corps {
		fc := &w.Corps[i]
		c := &corp{
			id:             fc.CorpID,
			contactsSecret: fc.ContactsSecret,
			secrets:        make(map[string]TokenKind, len(fc.Secrets)),
			apps:           make(map[int]*app, len(fc.Apps)),
			appsBySecret:   make(map[string]*app, len(fc.Apps)),
			depts:          make(map[int]*fixtures.Department, len(fc.Departments)),
			members:        make(map[string]*fixtures.Member, len(fc.Members)),
			memberTags:     map[string][]int{},
			tags:           make(map[int]*fixtures.Tag, len(fc.Tags)),
			customers:      buildCustomerWorld(fc, now),
		}
		for name, secret := range fc.Secrets {
			if kind, ok := secretKind(name); ok {
				c.secrets[secret] = kind
			}
		}
		for j := range fc.Departments {
			c.depts[fc.Departments[j].ID] = &fc.Departments[j]
		}
		c.memberOrder = make([]*fixtures.Member, len(fc.Members))
		for j := range fc.Members {
			c.members[strings.ToLower(fc.Members[j].UserID)] = &fc.Members[j]
			c.memberOrder[j] = &fc.Members[j]
		}
		for j := range fc.Tags {
			t := &fc.Tags[j]
			c.tags[t.TagID] = t
			for _, u := range t.Users {
				key := strings.ToLower(u)
				c.memberTags[key] = append(c.memberTags[key], t.TagID)
			}
		}
		for j := range fc.Apps {
			a := &app{App: fc.Apps[j], users: map[string]bool{}, depts: map[int]bool{}, tags: map[int]bool{}}
			for _, u := range a.Visible.Users {
				a.users[strings.ToLower(u)] = true
			}
			for _, d := range a.Visible.Departments {
				a.depts[d] = true
			}
			for _, t := range a.Visible.Tags {
				a.tags[t] = true
			}
			c.apps[a.AgentID] = a
			c.appsBySecret[a.Secret] = a
		}
		corps[c.id] = c
	}
	return corps
}

// inSubtree reports whether dept is one of roots or below one of them.
func (c *corp) inSubtree(dept int, roots map[int]bool) bool {
	for level := 0; dept != 0 && level <= 16; level++ {
		if roots[dept] {
			return true
		}
		d, ok := c.depts[dept]
		if !ok {
			return false
		}
		dept = d.ParentID
	}
	return false
}

// visibleTo reports whether member m is inside app a's visible range: listed
// by userid, in a visible department's subtree, or reached through a visible
// tag (its users or its departments' subtrees).
func (c *corp) visibleTo(a *app, m *fixtures.Member) bool {
	key := strings.ToLower(m.UserID)
	if a.users[key] {
		return true
	}
	for _, d := range m.Department {
		if c.inSubtree(d, a.depts) {
			return true
		}
	}
	if len(a.tags) == 0 {
		return false
	}
	for _, t := range c.memberTags[key] {
		if a.tags[t] {
			return true
		}
	}
	for tagID := range a.tags {
		tag := c.tags[tagID]
		if tag == nil || len(tag.Departments) == 0 {
			continue
		}
		roots := make(map[int]bool, len(tag.Departments))
		for _, d := range tag.Departments {
			roots[d] = true
		}
		for _, d := range m.Department {
			if c.inSubtree(d, roots) {
				return true
			}
		}
	}
	return false
}

// CorpExists reports whether corpID is in the world.
func (s *Store) CorpExists(corpID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.corps[corpID]
	return ok
}

// App returns the fixture of an app.
func (s *Store) App(corpID string, agentID int) (fixtures.App, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return fixtures.App{}, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return fixtures.App{}, ErrAppNotFound
	}
	return a.App, nil
}

// MemberView is a member as seen through one token.
type MemberView struct {
	// Member is the world's own record: read it, never modify it. The store
	// replaces a member's record on change instead of mutating it, so a
	// pointer also identifies one version of a member.
	Member *fixtures.Member
	// Sensitive reports whether the token may see avatar, gender, mobile,
	// email, biz_mail, qr_code and address.
	Sensitive bool
	// ThirdParty reports whether the token is a third-party app's, which
	// reads neither the name (the userid stands in) nor the fields only
	// contacts apps get (https://developer.work.weixin.qq.com/document/path/96269).
	ThirdParty bool
	// OpenUserID is the member's open_userid as the provider of a
	// third-party or 代开发 app's token reads it; "" for other tokens.
	OpenUserID string
}

// MemberFor returns the member userID as seen by tok: ErrMemberNotFound if
// there is no such member, ErrNotVisible if the token's app cannot see them.
func (s *Store) MemberFor(tok Token, userID string) (MemberView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return MemberView{}, ErrCorpNotFound
	}
	m, ok := c.members[strings.ToLower(userID)]
	if !ok {
		return MemberView{}, ErrMemberNotFound
	}
	if tok.Kind == ContactsToken {
		return MemberView{Member: m, Sensitive: true}, nil
	}
	a, ok := c.apps[tok.AgentID]
	if !ok {
		return MemberView{}, ErrAppNotFound
	}
	if !c.visibleTo(a, m) {
		return MemberView{}, ErrNotVisible
	}
	return MemberView{Member: m, Sensitive: a.SensitiveFields, ThirdParty: s.kindOf(a) == AgentThirdParty, OpenUserID: s.appOpenUserIDLocked(c, a, m)}, nil
}

// HasMember reports whether the corp has a member with this userid.
func (s *Store) HasMember(corpID, userID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return false
	}
	_, ok = c.members[strings.ToLower(userID)]
	return ok
}
