package store

import (
	"errors"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The customer's side of a relationship, played through the control API:
// a customer adds a member (directly or through a contact way), deletes
// them, or a member edits or deletes a customer in the WeCom client. Each
// returns the change_external_contact event WeCom sends.

// Errors of the customer's side that no WeCom API answers (the control API
// turns them into 4xx).
var (
	// ErrAlreadyFollowing: the member already has this customer.
	ErrAlreadyFollowing = errors.New("store: the member already follows this customer")
	// ErrCustomerExists: a new customer's external_userid is taken.
	ErrCustomerExists = errors.New("store: a customer with this external_userid exists")
	// ErrBadCustomer: a new customer's profile is incomplete or wrong.
	ErrBadCustomer = errors.New("store: the customer needs a name and type 1 or 2")
	// ErrNotInContactWay: the member is not one of the contact way's.
	ErrNotInContactWay = errors.New("store: the member is not in the contact way")
)

// Add ways (add_way) the mock sets itself.
const (
	AddWayQRCode   = 1   // scanned a QR code (a contact way of scene 2)
	AddWayAssigned = 202 // assigned by the admin (a transfer)
)

// CustomerAdd is a customer adding member UserID.
type CustomerAdd struct {
	CorpID string
	UserID string
	// ExternalUserID names an existing customer; Customer describes a new
	// one (its FollowUsers are ignored). Exactly one is set.
	ExternalUserID string
	Customer       *fixtures.Customer
	// ConfigID is the contact way used, if any; State defaults to its
	// state.
	ConfigID string
	State    string
	// AddWay defaults to 1 (QR code).
	AddWay int
}

// CustomerAdded is what a customer's add did.
type CustomerAdded struct {
	ExternalUserID string // the corp's form
	WelcomeCode    string
	State          string
	Event          ExternalEvent
}

// AddCustomer makes the relationship, issues a welcome code and returns the
// add_external_contact event. Errors: ErrCorpNotFound, 60111 / 84074 for
// the member, 40096 for an unknown ExternalUserID, 41044 for an unknown
// config_id, the Err* above, and through a temporary contact way
// ErrContactWayExpired, ErrContactWayUsed and ErrContactWayUnionID.
func (s *Store) AddCustomer(req CustomerAdd) (CustomerAdded, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[req.CorpID]
	if !ok {
		return CustomerAdded{}, ErrCorpNotFound
	}
	cl := ecCaller{c: c, w: c.customers}
	m, err := cl.member(req.UserID)
	if err != nil {
		return CustomerAdded{}, err
	}
	state, addWay := req.State, req.AddWay
	var way *contactWay
	if req.ConfigID != "" {
		way = cl.w.ways.byID[req.ConfigID]
		if way == nil {
			return CustomerAdded{}, errcode.InvalidConfigID
		}
		if err := way.admits(now); err != nil {
			return CustomerAdded{}, err
		}
		if !c.inContactWay(&way.ContactWay, m) {
			return CustomerAdded{}, ErrNotInContactWay
		}
		if state == "" {
			state = way.State
		}
	}
	if addWay == 0 {
		addWay = AddWayQRCode
	}
	cust, err := s.customerToAddLocked(cl, req)
	if err != nil {
		return CustomerAdded{}, err
	}
	if cust.follow(m.UserID) != nil {
		return CustomerAdded{}, ErrAlreadyFollowing
	}
	if way != nil {
		if err := way.admitsCustomer(cust); err != nil {
			return CustomerAdded{}, err
		}
	}
	if cl.w.customers[cust.info.ExternalUserID] == nil {
		cl.w.insertCustomer(cust)
	}
	id := cust.info.ExternalUserID
	cl.w.setFollow(cust, m.UserID, &fixtures.FollowUser{
		UserID: m.UserID, CreateTime: now.Unix(), AddWay: addWay, OperUserID: id, State: state,
	})
	if way != nil {
		cl.w.ways.redeem(way, m.UserID, id, now)
	}
	code := s.randomString(43)
	cl.w.welcome.issue(&welcomeCode{code: code, userID: m.UserID, customer: id, expiresAt: now.Add(WelcomeCodeTTL)}, now)
	var extra []EventField
	if state != "" {
		extra = append(extra, TextField("State", state))
	}
	extra = append(extra, TextField("WelcomeCode", code))
	ev := s.contactEventLocked(c, "add_external_contact", m.UserID, id, extra...)
	return CustomerAdded{ExternalUserID: id, WelcomeCode: code, State: state, Event: ev}, nil
}

// customerToAddLocked is the existing customer req names, or a new one.
func (s *Store) customerToAddLocked(cl ecCaller, req CustomerAdd) (*customer, error) {
	if req.Customer == nil {
		c, ok := cl.w.customers[req.ExternalUserID]
		if !ok {
			return nil, errcode.InvalidExternalUserID
		}
		return c, nil
	}
	info := *req.Customer
	info.FollowUsers = nil
	if info.Type == 0 {
		info.Type = fixtures.CustomerWeChat
	}
	if info.Name == "" || (info.Type != fixtures.CustomerWeChat && info.Type != fixtures.CustomerWeCom) {
		return nil, ErrBadCustomer
	}
	if info.ExternalUserID == "" {
		info.ExternalUserID = "wm" + s.randomString(30)
	}
	if cl.w.customers[info.ExternalUserID] != nil {
		return nil, ErrCustomerExists
	}
	if info.UnionID != "" && cl.w.byUnionID[info.UnionID] != nil {
		return nil, ErrCustomerExists
	}
	return &customer{info: info}, nil
}

// inContactWay reports whether member m is one of way's members, directly
// or through a department subtree.
func (c *corp) inContactWay(way *fixtures.ContactWay, m *fixtures.Member) bool {
	if slices.ContainsFunc(way.Users, func(u string) bool { return strings.EqualFold(u, m.UserID) }) {
		return true
	}
	roots := make(map[int]bool, len(way.Parties))
	for _, p := range way.Parties {
		roots[p] = true
	}
	for _, d := range m.Department {
		if c.inSubtree(d, roots) {
			return true
		}
	}
	return false
}

// relationLocked resolves a (member, customer) pair that must be related:
// 84061 when it is not.
func (s *Store) relationLocked(corpID, userID, externalUserID string) (ecCaller, *customer, *fixtures.FollowUser, error) {
	c, ok := s.corps[corpID]
	if !ok {
		return ecCaller{}, nil, nil, ErrCorpNotFound
	}
	cl := ecCaller{c: c, w: c.customers}
	cust, err := cl.customer(externalUserID)
	if err != nil {
		return ecCaller{}, nil, nil, err
	}
	f := cust.follow(userID)
	if f == nil {
		return ecCaller{}, nil, nil, errcode.NotExternalContact
	}
	return cl, cust, f, nil
}

// RemoveRelation ends member userID's relationship with a customer: the
// customer deleted the member (byCustomer: del_follow_user) or the member
// deleted the customer (del_external_contact).
func (s *Store) RemoveRelation(corpID, userID, externalUserID string, byCustomer bool) (ExternalEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, cust, f, err := s.relationLocked(corpID, userID, externalUserID)
	if err != nil {
		return ExternalEvent{}, err
	}
	cl.w.setFollow(cust, f.UserID, nil)
	kind := "del_external_contact"
	if byCustomer {
		kind = "del_follow_user"
	}
	return s.contactEventLocked(cl.c, kind, f.UserID, cust.info.ExternalUserID), nil
}

// EditRelation is a member editing a customer in the WeCom client: the
// remark fields change (nil ones stay) and edit_external_contact is sent.
func (s *Store) EditRelation(corpID, userID, externalUserID string, r Remark) (ExternalEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, cust, f, err := s.relationLocked(corpID, userID, externalUserID)
	if err != nil {
		return ExternalEvent{}, err
	}
	cl.w.setFollow(cust, f.UserID, applyRemark(f, r, cust.info.Type))
	return s.contactEventLocked(cl.c, "edit_external_contact", f.UserID, cust.info.ExternalUserID), nil
}

// applyRemark returns f with r's fields set; remark_corp_name only applies
// to a WeCom customer (type 2), as the docs say.
func applyRemark(f *fixtures.FollowUser, r Remark, customerType int) *fixtures.FollowUser {
	next := cloneFollow(f)
	if r.Remark != nil {
		next.Remark = *r.Remark
	}
	if r.Description != nil {
		next.Description = *r.Description
	}
	if r.RemarkCorpName != nil && customerType == fixtures.CustomerWeCom {
		next.RemarkCorpName = *r.RemarkCorpName
	}
	if r.RemarkMobiles != nil {
		next.RemarkMobiles = append([]string{}, (*r.RemarkMobiles)...)
	}
	return next
}
