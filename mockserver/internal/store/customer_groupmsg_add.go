package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Creating mass messages: add_msg_template
// (https://developer.work.weixin.qq.com/document/path/92135).

// GroupMsgRequest is one add_msg_template call. ExternalUserIDs are in
// the caller's form.
type GroupMsgRequest struct {
	ChatType        string // GroupMsgSingle or GroupMsgGroup ("" is single)
	ExternalUserIDs []string
	ChatIDs         []string
	// TagGroups is tag_filter.group_list: a customer matches when, for
	// every group, the follow-user's tags hold one of its tags.
	TagGroups   [][]string
	Sender      string
	AllowSelect bool
	Message     CustomerMessage
	// Attachments is the attachments array as sent (nil: none), what
	// get_groupmsg_list_v2 shows again.
	Attachments []byte
}

// GroupMsgCreated is the new message: its msgid and the ids sent that
// cannot receive it (external_userids as sent, or chat ids).
type GroupMsgCreated struct {
	MsgID    string
	FailList []string
}

// AddGroupMsg is add_msg_template: a message with one unsent task per
// member and one unsent result per customer or group.
//
// To customers: the customers named (or, without any, every customer of
// the sender, or with only a tag filter every customer), each sent by the
// sender, or without one by the last member who added them that the caller
// sees ("仅会推送给最后跟客户进行聊天互动的企业成员"; the mock knows no
// chats); those matching the tag filter. A customer nobody may send to is
// in the fail list. To groups: the sender (required, 40058 without: the
// mock's choice) sends to the groups named that they own, or to all they
// own. Errors: 60111/60011/84074 for the sender, 40096 when every
// external_userid named is unknown, 41048 when nobody is left to send to.
//
// Each task's message is recorded in the inbox at once, addressed to the
// task's customers or groups: the inbox holds what the app sent; whether a
// customer received it is the task's result.
func (s *Store) AddGroupMsg(tok Token, req GroupMsgRequest) (GroupMsgCreated, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupMsgCreated{}, err
	}
	sender := ""
	if req.Sender != "" {
		m, err := cl.member(req.Sender)
		if err != nil {
			return GroupMsgCreated{}, err
		}
		sender = m.UserID
	}
	var plan groupMsgPlan
	if req.ChatType == GroupMsgGroup {
		if sender == "" {
			return GroupMsgCreated{}, errcode.InvalidParameter
		}
		plan = cl.planGroups(sender, req.ChatIDs)
	} else {
		if plan, err = cl.planCustomers(sender, req.ExternalUserIDs, req.TagGroups); err != nil {
			return GroupMsgCreated{}, err
		}
	}
	if len(plan.tasks) == 0 {
		return GroupMsgCreated{}, errcode.NoCustomerToSend
	}
	msg := &groupMsg{
		id: cl.w.groupMsgs.newID(s), chatType: GroupMsgSingle, createdAt: now,
		content: req.Message.Content, attachments: slices.Clone(req.Attachments),
		allowSelect: req.AllowSelect, tasks: plan.tasks,
	}
	if req.ChatType == GroupMsgGroup {
		msg.chatType = GroupMsgGroup
	}
	cl.w.groupMsgs.add(msg)
	for _, t := range msg.tasks {
		var customers, chats []string
		for _, r := range t.results {
			if r.chatID != "" {
				chats = append(chats, r.chatID)
			} else {
				customers = append(customers, r.customer)
			}
		}
		s.deliverCustomerMessageLocked(cl, req.Message, t.userID, customers, chats)
	}
	return GroupMsgCreated{MsgID: msg.id, FailList: plan.fail}, nil
}

// newID is a msgid no message of the table has: "msg" and 27 characters,
// as WeCom's.
func (t *groupMsgTable) newID(s *Store) string {
	for {
		id := "msg" + s.randomString(27)
		if _, taken := t.byID[id]; !taken {
			return id
		}
	}
}

// groupMsgPlan is who sends to whom, and the ids that cannot be sent to.
type groupMsgPlan struct {
	tasks []*groupMsgTask
	fail  []string
}

// to adds a result to member userID's task.
func (p *groupMsgPlan) to(userID string, r groupMsgResult) {
	i := slices.IndexFunc(p.tasks, func(t *groupMsgTask) bool { return strings.EqualFold(t.userID, userID) })
	if i < 0 {
		p.tasks = append(p.tasks, &groupMsgTask{userID: userID})
		i = len(p.tasks) - 1
	}
	p.tasks[i].results = append(p.tasks[i].results, r)
}

// planCustomers resolves a mass message to customers.
func (cl ecCaller) planCustomers(sender string, ids []string, tagGroups [][]string) (groupMsgPlan, error) {
	var plan groupMsgPlan
	switch {
	case len(ids) > 0:
		unknown, seen := 0, map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := cl.customer(id)
			if err != nil {
				unknown++
				plan.fail = append(plan.fail, id)
				continue
			}
			f, reachable := cl.groupMsgFollow(c, sender, tagGroups)
			switch {
			case !reachable:
				plan.fail = append(plan.fail, id)
			case f != nil:
				plan.to(f.UserID, groupMsgResult{customer: c.info.ExternalUserID})
			}
		}
		if unknown == len(seen) {
			return groupMsgPlan{}, errcode.InvalidExternalUserID
		}
	case sender != "":
		for _, c := range cl.w.customersOf(sender) {
			if f, _ := cl.groupMsgFollow(c, sender, tagGroups); f != nil {
				plan.to(f.UserID, groupMsgResult{customer: c.info.ExternalUserID})
			}
		}
	case len(tagGroups) > 0:
		for _, c := range cl.w.custOrder {
			if f, _ := cl.groupMsgFollow(c, "", tagGroups); f != nil {
				plan.to(f.UserID, groupMsgResult{customer: c.info.ExternalUserID})
			}
		}
	default:
		// external_userid and sender may not both be empty (92135).
		return groupMsgPlan{}, errcode.InvalidParameter
	}
	return plan, nil
}

// groupMsgFollow picks who sends to customer c: sender if they follow c,
// else (no sender) the last follow-user the caller sees; reachable is
// false when nobody may. f is nil when the pick's tags miss the filter.
func (cl ecCaller) groupMsgFollow(c *customer, sender string, tagGroups [][]string) (f *fixtures.FollowUser, reachable bool) {
	for i := len(c.follows) - 1; i >= 0; i-- {
		x := c.follows[i]
		if sender != "" && !strings.EqualFold(x.UserID, sender) {
			continue
		}
		if cl.c.memberLocked(x.UserID) == nil || !cl.seesMember(x.UserID) {
			continue
		}
		reachable = true
		if tagsMatch(x.Tags, tagGroups) {
			return x, true
		}
	}
	return nil, reachable
}

// tagsMatch applies a tag filter: one tag of every group (empty groups
// ask nothing).
func tagsMatch(tags []string, groups [][]string) bool {
	for _, g := range groups {
		if len(g) > 0 && !slices.ContainsFunc(g, func(id string) bool { return slices.Contains(tags, id) }) {
			return false
		}
	}
	return true
}

// planGroups resolves a mass message to the sender's groups: those named,
// or all they own. A group that is unknown, not the sender's or not seen
// by the caller is in the fail list.
func (cl ecCaller) planGroups(sender string, chatIDs []string) groupMsgPlan {
	var plan groupMsgPlan
	owns := func(g *customerGroup) bool {
		return g != nil && strings.EqualFold(g.Owner, sender) && cl.seesGroup(g)
	}
	if len(chatIDs) == 0 {
		for _, g := range cl.w.groups.order {
			if owns(g) {
				plan.to(sender, groupMsgResult{chatID: g.ChatID})
			}
		}
		return plan
	}
	seen := map[string]bool{}
	for _, id := range chatIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if g := cl.w.groups.byID[id]; owns(g) {
			plan.to(sender, groupMsgResult{chatID: g.ChatID})
		} else {
			plan.fail = append(plan.fail, id)
		}
	}
	return plan
}
