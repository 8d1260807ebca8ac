package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Giving customer groups a new owner: groupchat/transfer for the groups of
// members who left (离职继承, https://developer.work.weixin.qq.com/document/path/92127)
// and groupchat/onjob_transfer for those of members still in the corp (在职继承,
// https://developer.work.weixin.qq.com/document/path/95703). A transfer
// completes at once (status 3, never 2 "being inherited"); the new owner
// joins the group if they were not in it, and every receiver gets
// change_external_chat update/change_owner. The daily quota (300 groups of
// one owner) and the twice-in-90-days rule of on-the-job transfers are not
// modelled.

// MaxGroupTransfer bounds chat_id_list.
const MaxGroupTransfer = 100

// FailedChat is a group a transfer left as it was, and why.
type FailedChat struct {
	ChatID string
	Code   errcode.Code
}

// GroupTransfer is what a transfer did: the groups it could not move and
// the change_owner events of those it moved.
type GroupTransfer struct {
	Failed []FailedChat
	Events []ExternalEvent
}

// TransferGroupChats moves the groups in chatIDs to member newOwner.
// resigned is groupchat/transfer: each owner must have left (90500; 90508
// once inherited); otherwise onjob_transfer: each owner must still be a
// member (90502). A chat id that names no group is 90501, a group whose
// owner the app does not see 60011, one already owned by newOwner 90504.
// newOwner's errors (60111, 60011, 84074) fail the whole call.
func (s *Store) TransferGroupChats(tok Token, chatIDs []string, newOwner string, resigned bool) (GroupTransfer, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupTransfer{}, err
	}
	m, err := cl.member(newOwner)
	if err != nil {
		return GroupTransfer{}, err
	}
	out := GroupTransfer{Failed: []FailedChat{}}
	for _, id := range chatIDs {
		g, code := cl.transferable(id, m, resigned)
		if code != errcode.OK {
			out.Failed = append(out.Failed, FailedChat{ChatID: id, Code: code})
			continue
		}
		g.setOwner(m.UserID, now.Unix())
		if resigned {
			g.inherited = true
		}
		out.Events = append(out.Events, s.groupUpdateEventLocked(cl.c, g, "change_owner"))
	}
	return out, nil
}

// transferable checks one group of a transfer.
func (cl ecCaller) transferable(chatID string, newOwner *fixtures.Member, resigned bool) (*customerGroup, errcode.Code) {
	g := cl.w.groups.byID[chatID]
	if g == nil {
		return nil, errcode.NotCustomerGroup
	}
	if !cl.seesGroup(g) {
		return nil, errcode.NoPrivilege
	}
	left := cl.c.memberLocked(g.Owner) == nil
	switch {
	case resigned && !left && g.inherited:
		return nil, errcode.ChatAlreadyTransferred
	case resigned && !left:
		return nil, errcode.ChatOwnerNotResigned
	case !resigned && left:
		return nil, errcode.ChatOwnerResigned
	case strings.EqualFold(g.Owner, newOwner.UserID):
		return nil, errcode.ChatOwnerUnchanged
	}
	return g, errcode.OK
}

// setOwner makes userID the owner: they join the group when not in it
// (a member change: member_version moves) and leave the admin list.
func (g *customerGroup) setOwner(userID string, now int64) {
	g.Owner = userID
	if g.memberIndex(userID) < 0 {
		g.Members = append(g.Members, fixtures.GroupMember{
			UserID: userID, Type: fixtures.GroupMemberInternal, JoinTime: now, JoinScene: 1,
		})
		g.memVer++
	}
	g.Admins = slices.DeleteFunc(g.Admins, func(a string) bool { return strings.EqualFold(a, userID) })
}
