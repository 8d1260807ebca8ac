package store

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The corp's customer groups (客户群): external group chats owned by members
// configured for 客户联系 (https://developer.work.weixin.qq.com/document/path/92120,
// 92122). The reads are in customer_groups_read.go, the statistics in
// customer_groups_stats.go, the transfers in customer_groups_transfer.go and
// what happens in the WeCom and WeChat clients in customer_groups_change.go.

// Limits of customer groups.
const (
	// MaxGroupMembers is how many members a customer group holds, as in
	// the WeCom client (500, members and customers together).
	MaxGroupMembers = 500
	// MaxCustomerGroups bounds the groups a corp keeps; creating one more
	// is refused.
	MaxCustomerGroups = 10_000
)

// Group statuses of groupchat/list: the follow-up state of 离职继承.
const (
	GroupStatusNormal     = 0 // the owner is a member
	GroupStatusResigned   = 1 // the owner left; waiting for groupchat/transfer
	GroupStatusInheriting = 2 // being inherited (never reported: transfers complete at once)
	GroupStatusInherited  = 3 // inherited through groupchat/transfer
)

// groupChatTable holds a corp's customer groups.
type groupChatTable struct {
	byID      map[string]*customerGroup
	order     []*customerGroup // creation order
	byOpenGID map[string]*customerGroup
}

// customerGroup is one group. Its fields change in place under the store's
// write lock; readers copy what they hand out.
type customerGroup struct {
	fixtures.CustomerGroup
	// inherited marks a group given to a new owner by groupchat/transfer:
	// status 3 while that owner is a member.
	inherited bool
	// memVer counts member changes; member_version is derived from it.
	memVer int
}

func buildGroupChats(ec *fixtures.ExternalContact) groupChatTable {
	t := groupChatTable{byID: map[string]*customerGroup{}, byOpenGID: map[string]*customerGroup{}}
	for i := range ec.CustomerGroups {
		fx := ec.CustomerGroups[i]
		if _, dup := t.byID[fx.ChatID]; dup || fx.ChatID == "" {
			continue
		}
		g := &customerGroup{CustomerGroup: fx}
		g.Members = slices.Clone(fx.Members)
		g.Admins = slices.Clone(fx.Admins)
		t.insert(g)
	}
	return t
}

// insert adds a new group to the indexes.
func (t *groupChatTable) insert(g *customerGroup) {
	t.byID[g.ChatID] = g
	t.order = append(t.order, g)
	if g.OpenGID != "" {
		t.byOpenGID[g.OpenGID] = g
	}
}

// remove drops a dismissed group.
func (t *groupChatTable) remove(g *customerGroup) {
	delete(t.byID, g.ChatID)
	if g.OpenGID != "" && t.byOpenGID[g.OpenGID] == g {
		delete(t.byOpenGID, g.OpenGID)
	}
	if i := slices.Index(t.order, g); i >= 0 {
		t.order = slices.Delete(t.order, i, i+1)
	}
}

// memberIndex is the position of userID in g's member list, or -1.
// Members' userids compare without case, customers' exactly.
func (g *customerGroup) memberIndex(userID string) int {
	return slices.IndexFunc(g.Members, func(m fixtures.GroupMember) bool {
		if m.Type == fixtures.GroupMemberInternal {
			return strings.EqualFold(m.UserID, userID)
		}
		return m.UserID == userID
	})
}

// memberVersion is the group's member_version: 32 hex digits that change
// with every member change, as WeCom's do.
func (g *customerGroup) memberVersion() string {
	sum := sha256.Sum256([]byte("member_version\x00" + g.ChatID + "\x00" + strconv.Itoa(g.memVer)))
	return hex.EncodeToString(sum[:16])
}

// groupStatus is g's status for groupchat/list: 1 once its owner has left
// the corp (deleted from contacts) until it is transferred, 3 after a
// transfer, else 0.
func (c *corp) groupStatus(g *customerGroup) int {
	switch {
	case c.memberLocked(g.Owner) == nil:
		return GroupStatusResigned
	case g.inherited:
		return GroupStatusInherited
	}
	return GroupStatusNormal
}

// seesGroup reports whether the caller may read g: the 客户联系 secret sees
// every group, an app the groups whose owner is in its visible range
// (https://developer.work.weixin.qq.com/document/path/92122). A group whose
// owner left is seen by every caller, as 离职继承 is what apps list them for.
func (cl ecCaller) seesGroup(g *customerGroup) bool {
	if cl.app == nil {
		return true
	}
	m := cl.c.memberLocked(g.Owner)
	return m == nil || cl.c.visibleTo(cl.app, m)
}

// renameMember follows a member's userid change in every group: owner,
// members, invitors and admins.
func (t *groupChatTable) renameMember(from, to string) {
	for _, g := range t.order {
		if strings.EqualFold(g.Owner, from) {
			g.Owner = to
		}
		for i := range g.Members {
			m := &g.Members[i]
			if m.Type == fixtures.GroupMemberInternal && strings.EqualFold(m.UserID, from) {
				m.UserID = to
			}
			if strings.EqualFold(m.Invitor, from) {
				m.Invitor = to
			}
		}
		for i, a := range g.Admins {
			if strings.EqualFold(a, from) {
				g.Admins[i] = to
			}
		}
	}
}
