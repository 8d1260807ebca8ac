package mockserver

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Customer groups as they change in the WeCom and WeChat clients, as Go
// methods and the control API (POST /_mock/externalcontact/groupchats):
// each change delivers change_external_chat (create, update with its
// UpdateDetail, dismiss) to the 客户联系 apps that see the group's owner.

// Customer group control types, spelled mockserver.X in the Go API.
type (
	CustomerGroupChange  = mockctl.CustomerGroupChange
	CustomerGroupJoiner  = mockctl.CustomerGroupJoiner
	CustomerGroupChanged = mockctl.CustomerGroupChanged
)

func (s *Server) groupChatControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/externalcontact/groupchats", s.ctlChangeCustomerGroup, http.MethodPost)
}

// customerGroupActions are the store's operation behind each action.
func (s *Server) customerGroupActions() map[string]func(store.GroupChatEdit) (store.GroupChatChanged, error) {
	return map[string]func(store.GroupChatEdit) (store.GroupChatChanged, error){
		mockctl.GroupAddMember:    s.store.AddGroupMembers,
		mockctl.GroupDelMember:    s.store.RemoveGroupMembers,
		mockctl.GroupChangeOwner:  s.store.ChangeGroupOwner,
		mockctl.GroupChangeName:   s.store.RenameGroupChat,
		mockctl.GroupChangeNotice: s.store.SetGroupNotice,
		mockctl.GroupDismiss:      s.store.DismissGroupChat,
	}
}

// ChangeCustomerGroup performs req.Action (see mockctl.CustomerGroupChange)
// and delivers its change_external_chat event.
func (s *Server) ChangeCustomerGroup(req CustomerGroupChange) (CustomerGroupChanged, error) {
	var (
		res store.GroupChatChanged
		err error
	)
	if req.Action == mockctl.GroupCreate {
		res, err = s.store.CreateGroupChat(store.GroupChatCreate{
			CorpID: req.CorpID, ChatID: req.ChatID, OpenGID: req.OpenGID, Name: req.Name, Owner: req.Owner,
			Notice: req.Notice, Members: groupJoiners(req.Members), Admins: req.AdminList,
		})
	} else {
		act, ok := s.customerGroupActions()[req.Action]
		if !ok {
			return CustomerGroupChanged{}, badRequest("action %q is not one of create, add_member, del_member, change_owner, change_name, change_notice, dismiss", req.Action)
		}
		if req.ChatID == "" {
			return CustomerGroupChanged{}, badRequest(`%s needs "chat_id"`, req.Action)
		}
		text := req.Name
		if req.Action == mockctl.GroupChangeNotice {
			text = req.Notice
		}
		res, err = act(store.GroupChatEdit{
			CorpID: req.CorpID, ChatID: req.ChatID, Members: groupJoiners(req.Members), JoinScene: req.JoinScene,
			Invitor: req.Invitor, UserIDs: req.UserIDs, QuitScene: req.QuitScene, NewOwner: req.NewOwner, Text: text,
		})
	}
	if err != nil {
		return CustomerGroupChanged{}, groupChatErr(err)
	}
	out := CustomerGroupChanged{
		ChatID: res.ChatID, OpenGID: res.OpenGID, MemberVersion: res.MemberVersion,
		Event: res.Event.Event, ChangeType: res.Event.ChangeType, Deliveries: s.cb.PublishExternalEvent(res.Event),
	}
	if res.Event.ChangeType == "update" {
		out.UpdateDetail = req.Action
	}
	return out, nil
}

// CreateCustomerGroup has member req.Owner create a customer group
// (change_external_chat create).
func (s *Server) CreateCustomerGroup(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupCreate
	return s.ChangeCustomerGroup(req)
}

// AddCustomerGroupMembers has req.Members join group req.ChatID
// (update/add_member).
func (s *Server) AddCustomerGroupMembers(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupAddMember
	return s.ChangeCustomerGroup(req)
}

// RemoveCustomerGroupMembers has req.UserIDs leave group req.ChatID
// (update/del_member).
func (s *Server) RemoveCustomerGroupMembers(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupDelMember
	return s.ChangeCustomerGroup(req)
}

// ChangeCustomerGroupOwner has the owner hand group req.ChatID to
// req.NewOwner (update/change_owner).
func (s *Server) ChangeCustomerGroupOwner(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupChangeOwner
	return s.ChangeCustomerGroup(req)
}

// RenameCustomerGroup names group req.ChatID req.Name (update/change_name).
func (s *Server) RenameCustomerGroup(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupChangeName
	return s.ChangeCustomerGroup(req)
}

// SetCustomerGroupNotice posts req.Notice in group req.ChatID
// (update/change_notice).
func (s *Server) SetCustomerGroupNotice(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupChangeNotice
	return s.ChangeCustomerGroup(req)
}

// DismissCustomerGroup has the owner dismiss group req.ChatID (dismiss).
func (s *Server) DismissCustomerGroup(req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = mockctl.GroupDismiss
	return s.ChangeCustomerGroup(req)
}

func groupJoiners(in []CustomerGroupJoiner) []store.GroupJoiner {
	out := make([]store.GroupJoiner, len(in))
	for i, j := range in {
		out[i] = store.GroupJoiner{UserID: j.UserID, Type: j.Type, Name: j.Name, UnionID: j.UnionID, GroupNickname: j.GroupNickname}
	}
	return out
}

// groupChatErr is a store error of a customer group action for the Go and
// control APIs.
func groupChatErr(err error) error {
	switch {
	case errors.Is(err, store.ErrGroupChatNotFound), errors.Is(err, store.ErrNotInGroup):
		return notFoundErr("%s", plainWords(err))
	case errors.Is(err, store.ErrGroupChatExists), errors.Is(err, store.ErrAlreadyInGroup),
		errors.Is(err, store.ErrGroupFull), errors.Is(err, store.ErrTooManyGroupChats):
		return conflictErr("%s", plainWords(err))
	case errors.Is(err, store.ErrOwnerLeaves), errors.Is(err, store.ErrBadGroupMember), errors.Is(err, store.ErrNoGroupChange):
		return badRequest("%s", plainWords(err))
	}
	return customerErr(err)
}

// POST /_mock/externalcontact/groupchats
func (s *Server) ctlChangeCustomerGroup(r *http.Request) (any, error) {
	var req CustomerGroupChange
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	req.Action = strings.TrimSpace(req.Action)
	return controlAnswer(s.ChangeCustomerGroup(req))
}
