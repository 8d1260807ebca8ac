package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Reading customer groups: groupchat/list, groupchat/get and
// opengid_to_chatid (https://developer.work.weixin.qq.com/document/path/92120,
// 92122, 94822).

// Limits of the group reads.
const (
	// MaxGroupListLimit bounds groupchat/list's limit.
	MaxGroupListLimit = 1000
	// MaxOwnerFilter bounds owner_filter.userid_list.
	MaxOwnerFilter = 100
	// maxUnfilteredOwners is how many members a caller may see before a
	// call without owner_filter answers 81017.
	maxUnfilteredOwners = 1000
)

// GroupChatFilter is the query of groupchat/list.
type GroupChatFilter struct {
	// Status is status_filter: 0 every group, else only groups of that
	// status (GroupStatus*).
	Status int
	// Owners is owner_filter.userid_list; empty means every owner the
	// caller sees.
	Owners []string
	Cursor string
	Limit  int
}

// GroupChatSummary is one entry of groupchat/list.
type GroupChatSummary struct {
	ChatID string
	Status int
}

// GroupChatPage is one page of groupchat/list.
type GroupChatPage struct {
	Chats      []GroupChatSummary
	NextCursor string
}

// ListGroupChats is groupchat/list: the groups the caller sees, in creation
// order, filtered by status and owner, Limit a page. Without owners, a
// caller who sees more than 1000 members gets 81017, as documented.
func (s *Store) ListGroupChats(tok Token, f GroupChatFilter) (GroupChatPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupChatPage{}, err
	}
	var owners map[string]bool
	if len(f.Owners) > 0 {
		if owners, err = cl.groupOwners(f.Owners); err != nil {
			return GroupChatPage{}, err
		}
	} else if cl.visibleMemberCount() > maxUnfilteredOwners {
		return GroupChatPage{}, errcode.RequestCountLimit
	}
	var hits []GroupChatSummary
	for _, g := range cl.w.groups.order {
		if !cl.seesGroup(g) || owners != nil && !owners[strings.ToLower(g.Owner)] {
			continue
		}
		status := cl.c.groupStatus(g)
		if f.Status != 0 && status != f.Status {
			continue
		}
		hits = append(hits, GroupChatSummary{ChatID: g.ChatID, Status: status})
	}
	from, to, next, err := page(len(hits), f.Cursor, max(1, min(f.Limit, MaxGroupListLimit)))
	if err != nil {
		return GroupChatPage{}, err
	}
	return GroupChatPage{Chats: slices.Clone(hits[from:to]), NextCursor: next}, nil
}

// groupOwners resolves an owner filter to the lower-cased userids of the
// members it names. A userid that is not a member (one who left included)
// or that the app does not see matches nothing; when no userid is left the
// error is the first one: 40003 for a userid that is not a member (what
// WeCom was seen to answer for a member who left), 60011 outside the app's
// range.
func (cl ecCaller) groupOwners(userIDs []string) (map[string]bool, error) {
	out := make(map[string]bool, len(userIDs))
	var first error
	for _, u := range userIDs {
		m := cl.c.memberLocked(u)
		switch {
		case m == nil:
			first = cmpErr(first, errcode.InvalidUserID)
		case cl.app != nil && !cl.c.visibleTo(cl.app, m):
			first = cmpErr(first, errcode.NoPrivilege)
		default:
			out[strings.ToLower(m.UserID)] = true
		}
	}
	if len(out) == 0 {
		return nil, first
	}
	return out, nil
}

// visibleMemberCount is how many members the caller sees.
func (cl ecCaller) visibleMemberCount() int {
	if cl.app == nil {
		return len(cl.c.members)
	}
	n := 0
	for _, m := range cl.c.members {
		if cl.c.visibleTo(cl.app, m) {
			n++
		}
	}
	return n
}

// GroupChat is a customer group as one caller sees it: customers'
// external_userids in the caller's form, names when asked for, unionids
// for WeChat customers (never to a third-party app, as documented).
type GroupChat struct {
	fixtures.CustomerGroup
	MemberVersion string
}

// GetGroupChat is groupchat/get. 90501 for a chat id that names no
// customer group (dismissed ones included), 60011 for a group whose owner
// the app does not see.
func (s *Store) GetGroupChat(tok Token, chatID string, needName bool) (GroupChat, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupChat{}, err
	}
	g, err := cl.group(chatID)
	if err != nil {
		return GroupChat{}, err
	}
	return cl.groupView(g, needName), nil
}

// group resolves a chat id the caller asks about.
func (cl ecCaller) group(chatID string) (*customerGroup, error) {
	g := cl.w.groups.byID[chatID]
	if g == nil {
		return nil, errcode.NotCustomerGroup
	}
	if !cl.seesGroup(g) {
		return nil, errcode.NoPrivilege
	}
	return g, nil
}

// groupView copies g as the caller sees it.
func (cl ecCaller) groupView(g *customerGroup, needName bool) GroupChat {
	out := GroupChat{CustomerGroup: g.CustomerGroup, MemberVersion: g.memberVersion()}
	out.Admins = slices.Clone(g.Admins)
	out.Members = make([]fixtures.GroupMember, len(g.Members))
	for i, m := range g.Members {
		v := m
		v.Name, v.UnionID = "", ""
		if m.Type == fixtures.GroupMemberExternal {
			v.UserID = cl.outID(m.UserID)
			v.UnionID = cl.groupUnionID(m)
		}
		if needName {
			v.Name = cl.groupMemberName(m)
		}
		out.Members[i] = v
	}
	return out
}

// groupMemberName is need_name's name: a member's from contacts, a
// customer's from the customer world, anyone else's as they joined.
func (cl ecCaller) groupMemberName(m fixtures.GroupMember) string {
	if m.Type == fixtures.GroupMemberInternal {
		if mem := cl.c.memberLocked(m.UserID); mem != nil {
			return mem.Name
		}
		return m.Name
	}
	if c := cl.w.customers[m.UserID]; c != nil {
		return c.info.Name
	}
	return m.Name
}

// groupUnionID is a customer member's unionid: only WeChat users have one,
// and third-party apps never get it (the mock withholds it from 代开发 apps
// too, as they also see derived external_userids).
func (cl ecCaller) groupUnionID(m fixtures.GroupMember) string {
	if cl.suiteID != "" {
		return ""
	}
	if c := cl.w.customers[m.UserID]; c != nil {
		if c.info.Type != fixtures.CustomerWeChat {
			return ""
		}
		return c.info.UnionID
	}
	return m.UnionID
}

// OpenGIDToChatID is opengid_to_chatid: the chat id of the customer group
// a mini program saw as opengid. 90511 when no group has it, 60011 for a
// group whose owner the app does not see.
func (s *Store) OpenGIDToChatID(tok Token, openGID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return "", err
	}
	g := cl.w.groups.byOpenGID[openGID]
	if g == nil || openGID == "" {
		return "", errcode.InvalidOpenGID
	}
	if !cl.seesGroup(g) {
		return "", errcode.NoPrivilege
	}
	return g.ChatID, nil
}
