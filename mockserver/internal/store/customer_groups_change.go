package store

import (
	"errors"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// What happens to customer groups in the WeCom and WeChat clients, played
// through the control API: a member creates a group, people join and leave,
// the owner hands it over, renames it, posts a notice or dismisses it. Each
// returns the change_external_chat event WeCom sends
// (https://developer.work.weixin.qq.com/document/path/92130): create,
// update with UpdateDetail, dismiss.

// Errors of the customer's side of groups that no WeCom API answers.
var (
	ErrGroupChatNotFound = errors.New("store: no customer group has this chat_id")
	ErrGroupChatExists   = errors.New("store: a customer group with this chat_id or opengid exists")
	ErrTooManyGroupChats = errors.New("store: the corp has as many customer groups as the mock keeps")
	ErrGroupFull         = errors.New("store: a customer group holds at most 500 members")
	ErrAlreadyInGroup    = errors.New("store: already a member of the group")
	ErrNotInGroup        = errors.New("store: not a member of the group")
	ErrOwnerLeaves       = errors.New("store: the owner cannot leave the group; hand it over or dismiss it")
	ErrBadGroupMember    = errors.New("store: a group member needs a userid, or a name for a WeChat user who is not a customer")
	ErrNoGroupChange     = errors.New("store: nothing to change")
)

// GroupJoiner is someone joining a group. Type 1 is a member (UserID is
// their userid), type 2 someone external: a customer (UserID their
// external_userid in the corp's form) or a WeChat user who is no one's
// customer (Name set; UserID generated when empty). Type 0 is 1 for a
// member's userid, else 2.
type GroupJoiner struct {
	UserID        string
	Type          int
	Name          string
	UnionID       string
	GroupNickname string
}

// GroupChatCreate is a member creating a customer group. ChatID and
// OpenGID are generated when empty; the owner joins first.
type GroupChatCreate struct {
	CorpID, ChatID, OpenGID string
	Name, Owner, Notice     string
	Members                 []GroupJoiner
	Admins                  []string
}

// GroupChatEdit is a change to an existing group; which fields count
// depends on the change.
type GroupChatEdit struct {
	CorpID, ChatID string
	// Members join (add_member) with JoinScene (1 invited directly, 2
	// through a link, 3 scanned the group QR code; default 1) and Invitor
	// (a member; default the owner unless they scanned the QR code).
	Members   []GroupJoiner
	JoinScene int
	Invitor   string
	// UserIDs leave (del_member); QuitScene is 0 they left, 1 the owner
	// or an admin removed them.
	UserIDs   []string
	QuitScene int
	// NewOwner (change_owner) is a member in the group.
	NewOwner string
	// Text is the new name (change_name) or notice (change_notice).
	Text string
}

// GroupChatChanged is what a change did.
type GroupChatChanged struct {
	ChatID        string
	OpenGID       string
	MemberVersion string
	Event         ExternalEvent
}

// CreateGroupChat creates a group owned by a member configured for
// 客户联系 and returns change_external_chat create.
func (s *Store) CreateGroupChat(req GroupChatCreate) (GroupChatChanged, error) {
	now := s.Now().Unix()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[req.CorpID]
	if !ok {
		return GroupChatChanged{}, ErrCorpNotFound
	}
	cl := ecCaller{c: c, w: c.customers}
	owner, err := cl.member(req.Owner)
	if err != nil {
		return GroupChatChanged{}, err
	}
	t := &cl.w.groups
	if len(t.order) >= MaxCustomerGroups {
		return GroupChatChanged{}, ErrTooManyGroupChats
	}
	if req.ChatID == "" {
		req.ChatID = "wr" + s.randomString(30)
	}
	if req.OpenGID == "" {
		req.OpenGID = "oAAA" + s.randomString(24)
	}
	if t.byID[req.ChatID] != nil || t.byOpenGID[req.OpenGID] != nil {
		return GroupChatChanged{}, ErrGroupChatExists
	}
	g := &customerGroup{CustomerGroup: fixtures.CustomerGroup{
		ChatID: req.ChatID, Name: req.Name, Owner: owner.UserID, OpenGID: req.OpenGID,
		CreateTime: now, Notice: req.Notice,
		Members: []fixtures.GroupMember{{UserID: owner.UserID, Type: fixtures.GroupMemberInternal, JoinTime: now, JoinScene: 1}},
	}}
	joined, err := s.joinLocked(cl, g, req.Members, 1, owner.UserID, now)
	if err != nil {
		return GroupChatChanged{}, err
	}
	g.Members = append(g.Members, joined...)
	for _, a := range req.Admins {
		i := g.memberIndex(a)
		if i < 0 || g.Members[i].Type != fixtures.GroupMemberInternal {
			return GroupChatChanged{}, ErrNotInGroup
		}
		if u := g.Members[i].UserID; u != owner.UserID && !containsFold(g.Admins, u) {
			g.Admins = append(g.Admins, u)
		}
	}
	t.insert(g)
	ev := s.groupEventLocked(c, g, "create")
	return GroupChatChanged{ChatID: g.ChatID, OpenGID: g.OpenGID, MemberVersion: g.memberVersion(), Event: ev}, nil
}

// joinLocked resolves the people joining g; none may be in it already
// (nor twice), and the group stays within MaxGroupMembers.
func (s *Store) joinLocked(cl ecCaller, g *customerGroup, joiners []GroupJoiner, scene int, invitor string, now int64) ([]fixtures.GroupMember, error) {
	if len(g.Members)+len(joiners) > MaxGroupMembers {
		return nil, ErrGroupFull
	}
	out := make([]fixtures.GroupMember, 0, len(joiners))
	for _, j := range joiners {
		m, err := s.joinerLocked(cl, j)
		if err != nil {
			return nil, err
		}
		m.JoinTime, m.JoinScene = now, scene
		if scene != 3 {
			m.Invitor = invitor
		}
		probe := customerGroup{CustomerGroup: fixtures.CustomerGroup{Members: out}}
		if g.memberIndex(m.UserID) >= 0 || probe.memberIndex(m.UserID) >= 0 {
			return nil, ErrAlreadyInGroup
		}
		out = append(out, m)
	}
	return out, nil
}

// joinerLocked is a joiner as a group member.
func (s *Store) joinerLocked(cl ecCaller, j GroupJoiner) (fixtures.GroupMember, error) {
	member := cl.c.memberLocked(j.UserID)
	if j.Type == fixtures.GroupMemberInternal || j.Type == 0 && member != nil {
		if member == nil {
			return fixtures.GroupMember{}, errcode.UserIDNotFound
		}
		return fixtures.GroupMember{UserID: member.UserID, Type: fixtures.GroupMemberInternal, GroupNickname: j.GroupNickname}, nil
	}
	if j.Type != 0 && j.Type != fixtures.GroupMemberExternal {
		return fixtures.GroupMember{}, ErrBadGroupMember
	}
	out := fixtures.GroupMember{UserID: j.UserID, Type: fixtures.GroupMemberExternal, GroupNickname: j.GroupNickname}
	if c := cl.w.customers[j.UserID]; c != nil && j.UserID != "" {
		if c.info.Type == fixtures.CustomerWeChat {
			out.UnionID = c.info.UnionID
		}
		return out, nil
	}
	switch {
	case j.Name == "" && j.UserID == "":
		return fixtures.GroupMember{}, ErrBadGroupMember
	case j.Name == "":
		return fixtures.GroupMember{}, errcode.InvalidExternalUserID
	case j.UserID == "":
		out.UserID = "wm" + s.randomString(30)
	}
	out.Name, out.UnionID = j.Name, j.UnionID
	return out, nil
}

// AddGroupMembers has people join a group: update/add_member.
func (s *Store) AddGroupMembers(req GroupChatEdit) (GroupChatChanged, error) {
	now := s.Now().Unix()
	return s.editGroup(req, func(cl ecCaller, g *customerGroup) ([]EventField, error) {
		if len(req.Members) == 0 {
			return nil, ErrNoGroupChange
		}
		scene, invitor := req.JoinScene, g.Owner
		if scene == 0 {
			scene = 1
		}
		if scene < 1 || scene > 3 {
			return nil, ErrBadGroupMember
		}
		if req.Invitor != "" {
			i := g.memberIndex(req.Invitor)
			if i < 0 || g.Members[i].Type != fixtures.GroupMemberInternal {
				return nil, ErrNotInGroup
			}
			invitor = g.Members[i].UserID
		}
		joined, err := s.joinLocked(cl, g, req.Members, scene, invitor, now)
		if err != nil {
			return nil, err
		}
		last := g.memberVersion()
		g.Members = append(g.Members, joined...)
		g.memVer++
		// The event's JoinScene: 0 invited (directly or by link), 3 QR code.
		eventScene := int64(0)
		if scene == 3 {
			eventScene = 3
		}
		return memberChangeFields("add_member", NumField("JoinScene", eventScene), joined, last, g.memberVersion()), nil
	})
}

// RemoveGroupMembers has people leave a group: update/del_member. The
// owner cannot leave.
func (s *Store) RemoveGroupMembers(req GroupChatEdit) (GroupChatChanged, error) {
	return s.editGroup(req, func(_ ecCaller, g *customerGroup) ([]EventField, error) {
		if len(req.UserIDs) == 0 {
			return nil, ErrNoGroupChange
		}
		if req.QuitScene != 0 && req.QuitScene != 1 {
			return nil, ErrBadGroupMember
		}
		kept := append([]fixtures.GroupMember(nil), g.Members...)
		var left []fixtures.GroupMember
		for _, u := range req.UserIDs {
			probe := customerGroup{CustomerGroup: fixtures.CustomerGroup{Members: kept}}
			i := probe.memberIndex(u)
			if i < 0 {
				return nil, ErrNotInGroup
			}
			if kept[i].Type == fixtures.GroupMemberInternal && strings.EqualFold(kept[i].UserID, g.Owner) {
				return nil, ErrOwnerLeaves
			}
			left = append(left, kept[i])
			kept = append(kept[:i:i], kept[i+1:]...)
		}
		last := g.memberVersion()
		g.Members = kept
		for _, m := range left {
			if m.Type == fixtures.GroupMemberInternal {
				g.Admins = deleteFold(g.Admins, m.UserID)
			}
		}
		g.memVer++
		return memberChangeFields("del_member", NumField("QuitScene", int64(req.QuitScene)), left, last, g.memberVersion()), nil
	})
}

// ChangeGroupOwner has the owner hand the group to a member in it (who
// must be configured for 客户联系): update/change_owner.
func (s *Store) ChangeGroupOwner(req GroupChatEdit) (GroupChatChanged, error) {
	return s.editGroup(req, func(cl ecCaller, g *customerGroup) ([]EventField, error) {
		m, err := cl.member(req.NewOwner)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(m.UserID, g.Owner) {
			return nil, errcode.ChatOwnerUnchanged
		}
		if g.memberIndex(m.UserID) < 0 {
			return nil, ErrNotInGroup
		}
		g.setOwner(m.UserID, 0)
		return []EventField{TextField("UpdateDetail", "change_owner")}, nil
	})
}

// RenameGroupChat is update/change_name.
func (s *Store) RenameGroupChat(req GroupChatEdit) (GroupChatChanged, error) {
	return s.editGroup(req, func(_ ecCaller, g *customerGroup) ([]EventField, error) {
		g.Name = req.Text
		return []EventField{TextField("UpdateDetail", "change_name")}, nil
	})
}

// SetGroupNotice is update/change_notice.
func (s *Store) SetGroupNotice(req GroupChatEdit) (GroupChatChanged, error) {
	return s.editGroup(req, func(_ ecCaller, g *customerGroup) ([]EventField, error) {
		g.Notice = req.Text
		return []EventField{TextField("UpdateDetail", "change_notice")}, nil
	})
}

// DismissGroupChat has the owner dismiss the group: dismiss. It is gone
// from every API afterwards.
func (s *Store) DismissGroupChat(req GroupChatEdit) (GroupChatChanged, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, g, err := s.groupLocked(req.CorpID, req.ChatID)
	if err != nil {
		return GroupChatChanged{}, err
	}
	cl.w.groups.remove(g)
	ev := s.groupEventLocked(cl.c, g, "dismiss")
	return GroupChatChanged{ChatID: g.ChatID, OpenGID: g.OpenGID, Event: ev}, nil
}

// editGroup applies change to the group req names and builds the update
// event from the fields change returns (after ChatId).
func (s *Store) editGroup(req GroupChatEdit, change func(ecCaller, *customerGroup) ([]EventField, error)) (GroupChatChanged, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, g, err := s.groupLocked(req.CorpID, req.ChatID)
	if err != nil {
		return GroupChatChanged{}, err
	}
	fields, err := change(cl, g)
	if err != nil {
		return GroupChatChanged{}, err
	}
	ev := s.externalEventLocked(cl.c, EventExternalChat, "update", g.Owner, func(rcv ecCaller) []EventField {
		return append([]EventField{TextField("ChatId", g.ChatID)}, rcv.outFields(fields)...)
	})
	return GroupChatChanged{ChatID: g.ChatID, OpenGID: g.OpenGID, MemberVersion: g.memberVersion(), Event: ev}, nil
}

// groupLocked resolves a group of the customer's side.
func (s *Store) groupLocked(corpID, chatID string) (ecCaller, *customerGroup, error) {
	c, ok := s.corps[corpID]
	if !ok {
		return ecCaller{}, nil, ErrCorpNotFound
	}
	cl := ecCaller{c: c, w: c.customers}
	g := cl.w.groups.byID[chatID]
	if g == nil {
		return ecCaller{}, nil, ErrGroupChatNotFound
	}
	return cl, g, nil
}

// groupEventLocked is a change_external_chat event carrying only ChatId
// (create, dismiss), for the receivers that see the group's owner.
func (s *Store) groupEventLocked(c *corp, g *customerGroup, changeType string) ExternalEvent {
	return s.externalEventLocked(c, EventExternalChat, changeType, g.Owner, func(ecCaller) []EventField {
		return []EventField{TextField("ChatId", g.ChatID)}
	})
}

// groupUpdateEventLocked is update with an UpdateDetail and no more.
func (s *Store) groupUpdateEventLocked(c *corp, g *customerGroup, detail string) ExternalEvent {
	return s.externalEventLocked(c, EventExternalChat, "update", g.Owner, func(ecCaller) []EventField {
		return []EventField{TextField("ChatId", g.ChatID), TextField("UpdateDetail", detail)}
	})
}

// memberChangeFields are the fields of add_member and del_member: the
// scene, how many changed and who (a receiver sees customers in its own
// form: see outFields), the member versions before and after.
func memberChangeFields(detail string, scene EventField, changed []fixtures.GroupMember, last, cur string) []EventField {
	ids := make([]string, len(changed))
	for i, m := range changed {
		ids[i] = m.UserID
	}
	return []EventField{
		TextField("UpdateDetail", detail),
		scene,
		NumField("MemChangeCnt", int64(len(changed))),
		ItemsField("MemChangeList", ids),
		TextField("LastMemVer", last),
		TextField("CurMemVer", cur),
	}
}

// outFields is fields with the customers of MemChangeList in the
// receiver's form.
func (cl ecCaller) outFields(fields []EventField) []EventField {
	out := make([]EventField, len(fields))
	for i, f := range fields {
		if f.Name == "MemChangeList" {
			items := make([]string, len(f.Items))
			for j, id := range f.Items {
				items[j] = cl.outID(id)
			}
			f.Items = items
		}
		out[i] = f
	}
	return out
}

// containsFold reports whether list holds userID (any case).
func containsFold(list []string, userID string) bool {
	return slices.ContainsFunc(list, func(u string) bool { return strings.EqualFold(u, userID) })
}

// deleteFold is list without userID (any case), as a new slice.
func deleteFold(list []string, userID string) []string {
	out := make([]string, 0, len(list))
	for _, u := range list {
		if !strings.EqualFold(u, userID) {
			out = append(out, u)
		}
	}
	return out
}
