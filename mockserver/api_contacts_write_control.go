package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/contacts"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Control API of contact changes (/_mock/contacts/...): what an
// administrator does in the admin console. The bodies inside are those of
// the WeCom write APIs, checked the same way; every change reaches every
// receiver of change_contact, the contact-sync assistant included.

// decodeInner decodes the API body of a control request strictly, so a
// misspelt field is reported.
func decodeInner(raw json.RawMessage, what string, v any) error {
	if kernel.RawJSONEmpty(raw) {
		return badRequest("%q is required", what)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("invalid %q: %v", what, err)
	}
	return nil
}

// POST /_mock/contacts/users {"corpid","action":"create|update|delete","user":{...user/create or user/update JSON...}}
func (s *Server) ctlContactsUsers(r *http.Request) (any, error) {
	var req mockctl.UserChange
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if err := s.corpOrErr(req.CorpID); err != nil {
		return nil, err
	}
	var b contacts.UserBody
	if err := decodeInner(req.User, "user", &b); err != nil {
		return nil, err
	}
	var (
		ch  store.ContactChange
		ids []string
		err error
	)
	switch req.Action {
	case "create":
		ch, ids, err = s.contacts.CreateUserFromBody(req.CorpID, &b, store.OriginConsole)
	case "update":
		ch, ids, err = s.contacts.UpdateUserFromBody(req.CorpID, &b, store.OriginConsole)
	case "delete":
		userID := ""
		if b.UserID != nil {
			userID = *b.UserID
		}
		ch, ids, err = s.contacts.DeleteUser(req.CorpID, userID, store.OriginConsole)
	default:
		return nil, badRequest(`"action" must be create, update or delete, got %q`, req.Action)
	}
	if err != nil {
		return nil, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// POST /_mock/contacts/departments {"corpid","action":"create|update|delete","department":{...department/create or update JSON...}}
func (s *Server) ctlContactsDepartments(r *http.Request) (any, error) {
	var req mockctl.DepartmentChange
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if err := s.corpOrErr(req.CorpID); err != nil {
		return nil, err
	}
	var b contacts.DepartmentBody
	if err := decodeInner(req.Department, "department", &b); err != nil {
		return nil, err
	}
	var (
		ch  store.ContactChange
		ids []string
		err error
	)
	switch req.Action {
	case "create":
		ch, ids, err = s.contacts.CreateDepartmentFromBody(req.CorpID, &b, store.OriginConsole)
	case "update":
		ch, ids, err = s.contacts.UpdateDepartmentFromBody(req.CorpID, &b, store.OriginConsole)
	case "delete":
		if b.ID == nil || !b.ID.OK {
			return nil, badRequest(`"department.id" is required`)
		}
		ch, ids, err = s.contacts.DeleteDepartment(req.CorpID, int(b.ID.N), store.OriginConsole)
	default:
		return nil, badRequest(`"action" must be create, update or delete, got %q`, req.Action)
	}
	if err != nil {
		return nil, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// POST /_mock/contacts/tags {"corpid","action":"add|delete","tagid","userlist":[...],"partylist":[...]}
func (s *Server) ctlContactsTags(r *http.Request) (any, error) {
	var req mockctl.TagChange
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if req.TagID == nil {
		return nil, badRequest(`"tagid" is required`)
	}
	var add bool
	switch req.Action {
	case "add":
		add = true
	case "delete":
	default:
		return nil, badRequest(`"action" must be add or delete, got %q`, req.Action)
	}
	res, err := s.goTagChange(req.CorpID, *req.TagID, req.UserList, req.PartyList, add)
	if err != nil {
		return nil, err
	}
	return res, nil
}
