package store

import (
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The 客户联系 (external contact) world of each corp: customers and the
// members who follow them (this file), and in the customer_*.go files the
// corp's customer tags, contact ways, customer groups, mass messages,
// welcome codes and transfers. The 客户联系 APIs answer with errcode.Code
// errors, which the kernel writes as they are.

// customerWorld is one corp's 客户联系 state, built from its fixtures and
// changed by the APIs and the control API.
type customerWorld struct {
	// followUsers maps the lower-cased userids configured for 客户联系 to
	// their spelling; followOrder keeps the configured order.
	followUsers map[string]string
	followOrder []string
	apps        map[int]bool // agentids of the 可调用应用

	customers map[string]*customer // by the corp's own external_userid
	custOrder []*customer          // fixture order, then additions
	byUnionID map[string]*customer
	// byMember lists, per lower-cased userid, the customers the member
	// follows in the order they were added.
	byMember map[string][]*customer
	// aliases maps, per suite, the external_userid that suite's apps see
	// to the corp's own one (filled on first use, see customerIDs).
	aliases map[string]map[string]string

	tags      corpTagTable    // customer_tags.go
	ways      contactWayTable // customer_ways.go
	groups    groupChatTable  // customer_groups.go
	groupMsgs groupMsgTable   // customer_groupmsg.go
	transfers transferTable   // customer_transfer.go
	welcome   welcomeTable    // customer_welcome.go
}

// customer is one external contact: their profile and the members who
// follow them. Records are replaced on change, never modified, so a value
// handed out under the lock stays valid.
type customer struct {
	info    fixtures.Customer      // FollowUsers is nil; see follows
	follows []*fixtures.FollowUser // in the order they were added
}

// follow returns the member's relationship with c, or nil.
func (c *customer) follow(userID string) *fixtures.FollowUser {
	for _, f := range c.follows {
		if strings.EqualFold(f.UserID, userID) {
			return f
		}
	}
	return nil
}

// buildCustomerWorld indexes a corp's 客户联系 fixtures, loaded at now. A
// corp without them gets an empty world: its APIs answer, with nobody
// configured.
func buildCustomerWorld(fc *fixtures.Corp, now time.Time) *customerWorld {
	w := &customerWorld{
		followUsers: map[string]string{},
		apps:        map[int]bool{},
		customers:   map[string]*customer{},
		byUnionID:   map[string]*customer{},
		byMember:    map[string][]*customer{},
		aliases:     map[string]map[string]string{},
	}
	ec := fc.ExternalContact
	if ec == nil {
		ec = &fixtures.ExternalContact{}
	}
	for _, u := range ec.FollowUsers {
		w.addFollowUser(u)
	}
	for _, id := range ec.Apps {
		w.apps[id] = true
	}
	for i := range ec.Customers {
		fx := ec.Customers[i]
		c := &customer{info: fx}
		c.info.FollowUsers = nil
		w.insertCustomer(c)
		for j := range fx.FollowUsers {
			w.setFollow(c, fx.FollowUsers[j].UserID, cloneFollow(&fx.FollowUsers[j]))
		}
	}
	w.tags = buildCorpTags(ec)
	w.ways = buildContactWays(ec, now)
	w.groups = buildGroupChats(ec)
	w.groupMsgs = newGroupMsgTable()
	w.transfers = newTransferTable()
	w.welcome = newWelcomeTable()
	return w
}

// addFollowUser configures member userID for 客户联系.
func (w *customerWorld) addFollowUser(userID string) {
	key := strings.ToLower(userID)
	if _, ok := w.followUsers[key]; ok {
		return
	}
	w.followUsers[key] = userID
	w.followOrder = append(w.followOrder, userID)
}

// insertCustomer adds a new customer to the indexes.
func (w *customerWorld) insertCustomer(c *customer) {
	w.customers[c.info.ExternalUserID] = c
	w.custOrder = append(w.custOrder, c)
	if c.info.UnionID != "" {
		w.byUnionID[c.info.UnionID] = c
	}
	for suiteID, m := range w.aliases {
		m[suiteAlias(suiteID, c.info.ExternalUserID)] = c.info.ExternalUserID
	}
}

// setFollow sets (f non-nil) or removes (nil) member userID's
// relationship with c, replacing c's follows slice and keeping byMember.
func (w *customerWorld) setFollow(c *customer, userID string, f *fixtures.FollowUser) {
	key := strings.ToLower(userID)
	i := slices.IndexFunc(c.follows, func(x *fixtures.FollowUser) bool { return strings.EqualFold(x.UserID, userID) })
	next := slices.Clone(c.follows)
	switch {
	case i >= 0 && f != nil:
		next[i] = f
	case i >= 0:
		next = slices.Delete(next, i, i+1)
		list := w.byMember[key]
		if j := slices.Index(list, c); j >= 0 {
			w.byMember[key] = slices.Delete(slices.Clone(list), j, j+1)
		}
	case f != nil:
		next = append(next, f)
		w.byMember[key] = append(w.byMember[key], c)
	}
	c.follows = next
}

// customersOf returns the customers member userID follows, in the order
// the relationships were made. Callers must not modify the slice.
func (w *customerWorld) customersOf(userID string) []*customer {
	return w.byMember[strings.ToLower(userID)]
}

// renameMember follows a member's userid change: the 客户联系
// configuration, every relationship of the member and their places in
// customer groups, contact ways, transfers and mass messages.
func (w *customerWorld) renameMember(from, to string) {
	fromKey, toKey := strings.ToLower(from), strings.ToLower(to)
	if spelled, ok := w.followUsers[fromKey]; ok {
		delete(w.followUsers, fromKey)
		w.followUsers[toKey] = to
		if i := slices.Index(w.followOrder, spelled); i >= 0 {
			w.followOrder = slices.Clone(w.followOrder)
			w.followOrder[i] = to
		}
	}
	list := w.byMember[fromKey]
	delete(w.byMember, fromKey)
	w.byMember[toKey] = list
	for _, c := range list {
		f := cloneFollow(c.follow(from))
		f.UserID = to
		i := slices.IndexFunc(c.follows, func(x *fixtures.FollowUser) bool { return strings.EqualFold(x.UserID, from) })
		next := slices.Clone(c.follows)
		next[i] = f
		c.follows = next
	}
	w.groups.renameMember(from, to)
	w.ways.renameMember(from, to)
	w.transfers.renameMember(from, to)
	w.groupMsgs.renameMember(from, to)
}

func cloneFollow(f *fixtures.FollowUser) *fixtures.FollowUser {
	out := *f
	out.Tags = slices.Clone(f.Tags)
	out.RemarkMobiles = slices.Clone(f.RemarkMobiles)
	return &out
}

// Customer is a customer as one caller sees them: external ids in the
// caller's form, only the follow-users the caller may see.
type Customer struct {
	fixtures.Customer
	// FollowTags are the tags of each follow-user (same order as
	// FollowUsers), resolved to their groups.
	FollowTags [][]CustomerTag
}

// CustomerTag is a corp tag as externalcontact/get shows it on a
// follow-user.
type CustomerTag struct {
	GroupName string
	TagName   string
	TagID     string
	Type      int // 1 corp tag (the only kind the mock keeps)
}
