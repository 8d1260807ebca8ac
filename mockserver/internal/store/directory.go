package store

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The directory's lookups: a member by mobile, email or openid, and what a
// token may invite. Each answers as the token sees the corp: a contacts-sync
// token the whole of it, an app token its visible range.

// ErrOpenIDNotFound means no member of the corp has the openid.
var ErrOpenIDNotFound = errors.New("store: no member has this openid")

// MemberOpenID is the openid of member userID of corpID as
// user/convert_to_openid gives it: "o" and 27 characters, like real
// openids, derived from the corp and the lower-cased userid so it stays
// the same for the member's life in the corp. The salt keeps it apart from
// the visitors' openids (VisitorOpenID) and the customers'.
func MemberOpenID(corpID, userID string) string {
	sum := sha256.Sum256([]byte("wecom-mock member openid\x00" + corpID + "\x00" + strings.ToLower(userID)))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}

// seesMemberLocked reports whether tok may see m: ErrAppNotFound for the
// token of an app that is gone.
func (c *corp) seesMemberLocked(tok Token, m *fixtures.Member) (bool, error) {
	if tok.Kind == ContactsToken {
		return true, nil
	}
	a, ok := c.apps[tok.AgentID]
	if !ok {
		return false, ErrAppNotFound
	}
	return c.visibleTo(a, m), nil
}

// findMember returns the userid of the first member, in list order, that
// match accepts: ErrMemberNotFound if none does, ErrNotVisible if the one
// found is outside tok's range.
func (s *Store) findMember(tok Token, match func(*fixtures.Member) bool) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return "", ErrCorpNotFound
	}
	for _, m := range c.memberOrder {
		if !match(m) {
			continue
		}
		sees, err := c.seesMemberLocked(tok, m)
		if err != nil {
			return "", err
		}
		if !sees {
			return "", ErrNotVisible
		}
		return m.UserID, nil
	}
	return "", ErrMemberNotFound
}

// UserIDByMobile is user/getuserid: the member whose mobile is mobile.
// Errors: ErrMemberNotFound, ErrNotVisible, ErrAppNotFound, ErrCorpNotFound.
func (s *Store) UserIDByMobile(tok Token, mobile string) (string, error) {
	return s.findMember(tok, func(m *fixtures.Member) bool { return m.Mobile == mobile })
}

// UserIDByEmail is user/get_userid_by_email: the member whose company
// email (biz_mail, biz true) or personal email is email, compared without
// case. Errors as UserIDByMobile.
func (s *Store) UserIDByEmail(tok Token, email string, biz bool) (string, error) {
	return s.findMember(tok, func(m *fixtures.Member) bool {
		if biz {
			return m.BizMail != "" && strings.EqualFold(m.BizMail, email)
		}
		return m.Email != "" && strings.EqualFold(m.Email, email)
	})
}

// UserIDByOpenID is user/convert_to_userid: the member whose MemberOpenID
// is openID. Errors: ErrOpenIDNotFound, ErrNotVisible, ErrAppNotFound,
// ErrCorpNotFound.
func (s *Store) UserIDByOpenID(tok Token, openID string) (string, error) {
	id, err := s.findMember(tok, func(m *fixtures.Member) bool { return MemberOpenID(tok.CorpID, m.UserID) == openID })
	if errors.Is(err, ErrMemberNotFound) {
		return "", ErrOpenIDNotFound
	}
	return id, err
}

// Uninvitable is what batch/invite leaves out: the userids, departments
// and tags that do not exist or that the token may not see.
type Uninvitable struct {
	Users   []string
	Parties []int
	Tags    []int
}

// Uninvitable sorts batch/invite's targets: those tok may not invite, in
// the order given.
func (s *Store) Uninvitable(tok Token, users []string, parties, tags []int) (Uninvitable, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return Uninvitable{}, ErrCorpNotFound
	}
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return Uninvitable{}, err
	}
	var out Uninvitable
	for _, id := range users {
		m := c.memberLocked(id)
		if m == nil {
			out.Users = append(out.Users, id)
			continue
		}
		if sees, err := c.seesMemberLocked(tok, m); err != nil {
			return Uninvitable{}, err
		} else if !sees {
			out.Users = append(out.Users, id)
		}
	}
	for _, id := range parties {
		if _, ok := c.depts[id]; !ok || !c.deptVisible(id, roots) {
			out.Parties = append(out.Parties, id)
		}
	}
	for _, id := range tags {
		if _, exists := c.tags[id]; !exists || !c.seesTagLocked(tok, id) {
			out.Tags = append(out.Tags, id)
		}
	}
	return out, nil
}

// seesTagLocked reports whether tok may invite through tag id: the
// contacts-sync token any tag, an app the tags of its visible range and
// those it created.
func (c *corp) seesTagLocked(tok Token, id int) bool {
	if tok.Kind == ContactsToken {
		return true
	}
	a := c.apps[tok.AgentID]
	return a != nil && (a.tags[id] || c.tagOwners[id] == a.AgentID)
}

// ActiveCandidates is the number of the corp's members who could be
// active on a day: enabled and activated (status 1), or without a status.
func (s *Store) ActiveCandidates(corpID string) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return 0, ErrCorpNotFound
	}
	n := 0
	for _, m := range c.memberOrder {
		if (m.Enable == nil || *m.Enable == 1) && (m.Status == 0 || m.Status == 1) {
			n++
		}
	}
	return n, nil
}
