package store

import (
	"errors"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Tags (通讯录标签) as the tag APIs see them: who may create, rename,
// delete, read and list which tag
// (https://developer.work.weixin.qq.com/document/path/90210 to 90216).
//
//   - the contacts-sync secret manages and reads every tag;
//   - an app owns the tags it creates (创建的标签属于该应用): it renames,
//     deletes and changes the members of those only;
//   - a self-built or 代开发 app reads any tag, but tag/get lists only the
//     members and departments inside its visible range, and tag/list lists
//     every tag;
//   - a third-party app reads its own tags and the tags of its visible range,
//     lists only its own, and gets no member names.
//
// The world's tags belong to no app (the admin made them).

// MaxTags is the number of tags a corp may hold (标签总数不能超过3000个,
// https://developer.work.weixin.qq.com/document/path/90210).
const MaxTags = 3000

// MaxTagID is the largest tagid (a 32-bit signed integer).
const MaxTagID = 1<<31 - 1

// OriginAppAPI is an app's own API call: every receiver gets the event,
// the contact-sync assistant included.
const OriginAppAPI = OriginContactsAPI + 1

// Errors of the tag APIs, beyond ErrTagNotFound.
var (
	ErrTagNameExists = errors.New("store: another tag has this name")
	ErrTagIDExists   = errors.New("store: tagid already exists")
	ErrTagLimit      = errors.New("store: the corp holds the most tags it may")
	ErrNotTagOwner   = errors.New("store: the app did not create this tag")
)

// TagSummary is one entry of tag/list.
type TagSummary struct {
	ID   int
	Name string
}

// TagUser is a member of a tag as tag/get lists them; Name is "" when the
// caller may not see names (third-party apps).
type TagUser struct {
	UserID string
	Name   string
}

// TagMembers is a tag as one caller sees it through tag/get.
type TagMembers struct {
	Name    string
	Users   []TagUser
	Parties []int
}

// tagCaller is who calls a tag API: app nil for the contacts-sync secret.
type tagCaller struct {
	app        *app
	thirdParty bool
}

func (s *Store) tagCallerLocked(c *corp, tok Token) (tagCaller, error) {
	if tok.Kind == ContactsToken {
		return tagCaller{}, nil
	}
	a, ok := c.apps[tok.AgentID]
	if tok.Kind != AppToken || !ok {
		return tagCaller{}, ErrAppNotFound
	}
	cl := tagCaller{app: a}
	if a.suiteID != "" {
		su := s.suites.byID[a.suiteID]
		cl.thirdParty = su == nil || !su.fx.Customized()
	}
	return cl, nil
}

// owns reports whether the caller may change tag id.
func (cl tagCaller) owns(c *corp, id int) bool {
	return cl.app == nil || (c.tagOwners[id] != 0 && c.tagOwners[id] == cl.app.AgentID)
}

// tagNamedLocked returns the id of the tag called name, 0 for none.
func (c *corp) tagNamedLocked(name string) int {
	for id, t := range c.tags {
		if t.TagName == name {
			return id
		}
	}
	return 0
}

// CreateTag makes tag name with id (0: one more than the largest) for tok;
// an app's token makes the app its owner. Errors: ErrTagNameExists,
// ErrTagIDExists, ErrTagLimit, ErrAppNotFound.
func (s *Store) CreateTag(tok Token, name string, id int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return 0, ErrCorpNotFound
	}
	cl, err := s.tagCallerLocked(c, tok)
	if err != nil {
		return 0, err
	}
	switch {
	case c.tagNamedLocked(name) != 0:
		return 0, ErrTagNameExists
	case id != 0 && c.tags[id] != nil:
		return 0, ErrTagIDExists
	case len(c.tags) >= MaxTags:
		return 0, ErrTagLimit
	}
	if id == 0 {
		for existing := range c.tags {
			id = max(id, existing)
		}
		if id++; id > MaxTagID {
			return 0, ErrTagIDExists
		}
	}
	c.tags[id] = &fixtures.Tag{TagID: id, TagName: name}
	if cl.app != nil {
		if c.tagOwners == nil {
			c.tagOwners = map[int]int{}
		}
		c.tagOwners[id] = cl.app.AgentID
	}
	return id, nil
}

// RenameTag gives tag id the name name. Errors: ErrTagNotFound,
// ErrNotTagOwner, ErrTagNameExists.
func (s *Store) RenameTag(tok Token, id int, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, t, err := s.ownedTagLocked(tok, id)
	if err != nil {
		return err
	}
	if other := c.tagNamedLocked(name); other != 0 && other != id {
		return ErrTagNameExists
	}
	next := cloneTag(t)
	next.TagName = name
	c.tags[id] = next
	return nil
}

// DeleteTag removes tag id with its member list; apps whose visible range
// named it forget it. Errors: ErrTagNotFound, ErrNotTagOwner.
func (s *Store) DeleteTag(tok Token, id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, t, err := s.ownedTagLocked(tok, id)
	if err != nil {
		return err
	}
	delete(c.tags, id)
	delete(c.tagOwners, id)
	for _, u := range t.Users {
		key := strings.ToLower(u)
		tags := slices.DeleteFunc(slices.Clone(c.memberTags[key]), func(x int) bool { return x == id })
		if len(tags) == 0 {
			delete(c.memberTags, key)
		} else {
			c.memberTags[key] = tags
		}
	}
	for _, a := range c.apps {
		delete(a.tags, id)
	}
	return nil
}

// ownedTagLocked returns tag id if tok may change it.
func (s *Store) ownedTagLocked(tok Token, id int) (*corp, *fixtures.Tag, error) {
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	cl, err := s.tagCallerLocked(c, tok)
	if err != nil {
		return nil, nil, err
	}
	t, ok := c.tags[id]
	switch {
	case !ok:
		return nil, nil, ErrTagNotFound
	case !cl.owns(c, id):
		return nil, nil, ErrNotTagOwner
	}
	return c, t, nil
}

// TagFor returns tag id as tok sees it: an app gets only the members and
// departments inside its visible range, a third-party app only its own tags
// and the tags of its range (else ErrNotTagOwner), without names.
func (s *Store) TagFor(tok Token, id int) (TagMembers, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return TagMembers{}, ErrCorpNotFound
	}
	cl, err := s.tagCallerLocked(c, tok)
	if err != nil {
		return TagMembers{}, err
	}
	t, ok := c.tags[id]
	if !ok {
		return TagMembers{}, ErrTagNotFound
	}
	if cl.thirdParty && !cl.owns(c, id) && !cl.app.tags[id] {
		return TagMembers{}, ErrNotTagOwner
	}
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return TagMembers{}, err
	}
	out := TagMembers{Name: t.TagName, Users: []TagUser{}, Parties: []int{}}
	for _, u := range t.Users {
		m := c.memberLocked(u)
		if m == nil || (cl.app != nil && !c.visibleTo(cl.app, m)) {
			continue
		}
		tu := TagUser{UserID: m.UserID}
		if !cl.thirdParty {
			tu.Name = m.Name
		}
		out.Users = append(out.Users, tu)
	}
	for _, d := range t.Departments {
		if _, ok := c.depts[d]; ok && c.deptVisible(d, roots) {
			out.Parties = append(out.Parties, d)
		}
	}
	return out, nil
}

// TagsFor lists the tags tok may list, by tagid: every tag, or a
// third-party app's own.
func (s *Store) TagsFor(tok Token) ([]TagSummary, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	cl, err := s.tagCallerLocked(c, tok)
	if err != nil {
		return nil, err
	}
	out := make([]TagSummary, 0, len(c.tags))
	for id, t := range c.tags {
		if cl.thirdParty && !cl.owns(c, id) {
			continue
		}
		out = append(out, TagSummary{ID: id, Name: t.TagName})
	}
	slices.SortFunc(out, func(a, b TagSummary) int { return a.ID - b.ID })
	return out, nil
}

// ChangeTagMembersAs is ChangeTagMembers called with tok: an app changes
// only its own tags (ErrNotTagOwner), and members and departments outside
// its visible range count as invalid.
func (s *Store) ChangeTagMembersAs(tok Token, tagID int, add bool, userIDs []string, partyIDs []int) (TagResult, ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, err := s.ownedTagLocked(tok, tagID)
	if err != nil {
		return TagResult{}, ContactChange{}, err
	}
	if tok.Kind == ContactsToken {
		return s.changeTagMembersLocked(c, tagID, add, userIDs, partyIDs, OriginContactsAPI, nil)
	}
	a := c.apps[tok.AgentID]
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return TagResult{}, ContactChange{}, err
	}
	inRange := tagScope{
		member: func(m *fixtures.Member) bool { return c.visibleTo(a, m) },
		dept:   func(d int) bool { return c.deptVisible(d, roots) },
	}
	return s.changeTagMembersLocked(c, tagID, add, userIDs, partyIDs, OriginAppAPI, &inRange)
}

// tagScope limits a tag member change to an app's visible range.
type tagScope struct {
	member func(*fixtures.Member) bool
	dept   func(int) bool
}
