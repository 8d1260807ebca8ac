package store

import (
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Reading customers: get_follow_user_list, list, get, batch/get_by_user
// (https://developer.work.weixin.qq.com/document/path/92571, 92113, 92114,
// 92994).

// Limits of the customer reads.
const (
	// FollowUsersPerPage is how many follow-users externalcontact/get
	// returns before paging with cursor.
	FollowUsersPerPage = 500
	// MaxBatchUsers bounds batch/get_by_user's userid_list.
	MaxBatchUsers = 100
	// MaxBatchLimit bounds its limit; DefaultBatchLimit is the default.
	MaxBatchLimit     = 100
	DefaultBatchLimit = 50
)

// FollowUserList is get_follow_user_list: the members configured for
// 客户联系 that the caller sees.
func (s *Store) FollowUserList(tok Token) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, u := range cl.w.followOrder {
		if m := cl.c.memberLocked(u); m != nil && cl.seesMember(u) {
			out = append(out, m.UserID)
		}
	}
	return out, nil
}

// ListCustomers is externalcontact/list: the external_userids member userID
// follows. A member without customers is 84061, as on the real host.
func (s *Store) ListCustomers(tok Token, userID string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	m, err := cl.member(userID)
	if err != nil {
		return nil, err
	}
	list := cl.w.customersOf(m.UserID)
	if len(list) == 0 {
		return nil, errcode.NotExternalContact
	}
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = cl.outID(c.info.ExternalUserID)
	}
	return out, nil
}

// CustomerPage is a customer with one page of their follow-users.
type CustomerPage struct {
	Customer   Customer
	NextCursor string
}

// GetCustomer is externalcontact/get: the customer with the follow-users
// the caller sees, FollowUsersPerPage at a time. 40096 for an unknown
// external_userid, 84061 when no member the caller sees follows them.
func (s *Store) GetCustomer(tok Token, externalUserID, cursor string) (CustomerPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return CustomerPage{}, err
	}
	c, err := cl.customer(externalUserID)
	if err != nil {
		return CustomerPage{}, err
	}
	var follows []*fixtures.FollowUser
	for _, f := range c.follows {
		if cl.seesMember(f.UserID) {
			follows = append(follows, f)
		}
	}
	if len(follows) == 0 {
		return CustomerPage{}, errcode.NotExternalContact
	}
	from, to, next, err := page(len(follows), cursor, FollowUsersPerPage)
	if err != nil {
		return CustomerPage{}, err
	}
	return CustomerPage{Customer: cl.view(c, follows[from:to]), NextCursor: next}, nil
}

// view is customer c as the caller sees them, with the given follow-users.
func (cl ecCaller) view(c *customer, follows []*fixtures.FollowUser) Customer {
	out := Customer{Customer: c.info}
	out.ExternalUserID = cl.outID(c.info.ExternalUserID)
	out.FollowUsers = make([]fixtures.FollowUser, len(follows))
	out.FollowTags = make([][]CustomerTag, len(follows))
	for i, f := range follows {
		out.FollowUsers[i] = *cloneFollow(f)
		if strings.HasPrefix(f.OperUserID, "wm") || strings.HasPrefix(f.OperUserID, "wo") {
			out.FollowUsers[i].OperUserID = cl.outID(f.OperUserID)
		}
		out.FollowTags[i] = cl.w.tags.customerTags(f.Tags)
		out.FollowUsers[i].Tags = make([]string, len(out.FollowTags[i]))
		for j, t := range out.FollowTags[i] {
			out.FollowUsers[i].Tags[j] = t.TagID
		}
	}
	return out
}

// BatchPage is one page of batch/get_by_user: a customer and one member's
// relationship with them per entry.
type BatchPage struct {
	Entries    []Customer // each with exactly one follow-user
	NextCursor string
	// FailUsers are the userids that are unknown, not visible or not
	// configured for 客户联系.
	FailUsers []string
}

// BatchGetByUser is batch/get_by_user: the customers of the members in
// userIDs, limit entries a page. Members the caller may not read are
// reported in FailUsers; if none can be read the error is theirs.
func (s *Store) BatchGetByUser(tok Token, userIDs []string, cursor string, limit int) (BatchPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return BatchPage{}, err
	}
	type pair struct {
		c *customer
		f *fixtures.FollowUser
	}
	var (
		pairs    []pair
		fails    []string
		firstErr error
	)
	for _, u := range userIDs {
		m, err := cl.member(u)
		if err != nil {
			fails = append(fails, u)
			firstErr = cmpErr(firstErr, err)
			continue
		}
		for _, c := range cl.w.customersOf(m.UserID) {
			pairs = append(pairs, pair{c, c.follow(m.UserID)})
		}
	}
	if len(fails) == len(userIDs) && firstErr != nil {
		return BatchPage{}, firstErr
	}
	from, to, next, err := page(len(pairs), cursor, limit)
	if err != nil {
		return BatchPage{}, err
	}
	out := BatchPage{NextCursor: next, FailUsers: fails, Entries: make([]Customer, 0, to-from)}
	for _, p := range pairs[from:to] {
		out.Entries = append(out.Entries, cl.view(p.c, []*fixtures.FollowUser{p.f}))
	}
	return out, nil
}

// cmpErr keeps the first error.
func cmpErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// Remark is the follow-user fields externalcontact/remark changes; nil
// fields stay as they are.
type Remark struct {
	Remark         *string
	Description    *string
	RemarkCorpName *string
	RemarkMobiles  *[]string
}

// SetRemark is externalcontact/remark: member userID's remark on customer
// externalUserID. 84061 when the member does not follow them.
func (s *Store) SetRemark(tok Token, userID, externalUserID string, r Remark) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	m, c, f, err := cl.relation(userID, externalUserID)
	if err != nil {
		return err
	}
	if f == nil {
		return errcode.NotExternalContact
	}
	cl.w.setFollow(c, m.UserID, applyRemark(f, r, c.info.Type))
	return nil
}
