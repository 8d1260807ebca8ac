package mockserver

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The customer's side of 客户联系, as Go methods and the control API
// (/_mock/externalcontact/...): what customers do in WeChat and members in
// the WeCom client. Each change delivers the event WeCom sends to the apps
// that may call 客户联系 (see docs/externalcontact.md).

// 客户联系 control types, spelled mockserver.X in the Go API.
type (
	ExternalContactAdd      = mockctl.ExternalContactAdd
	ExternalContactAdded    = mockctl.ExternalContactAdded
	ExternalContactRelation = mockctl.ExternalContactRelation
	ExternalEventResult     = mockctl.ExternalEventResult
)

func (s *Server) externalContactControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/externalcontact/add", s.ctlAddExternalContact, http.MethodPost)
	handle("/externalcontact/del_follow_user", relationControl(s.DeleteFollowUser), http.MethodPost)
	handle("/externalcontact/del_external_contact", relationControl(s.DeleteExternalContact), http.MethodPost)
	handle("/externalcontact/edit", relationControl(s.EditExternalContact), http.MethodPost)
	s.customerTagControlRoutes(handle)
	s.groupChatControlRoutes(handle)
	s.transferControlRoutes(handle)
	s.groupMsgControlRoutes(handle)
}

// customerErr is a store error of the customer's side for the Go and
// control APIs.
func customerErr(err error) error {
	var code errcode.Code
	switch {
	case errors.Is(err, store.ErrCorpNotFound):
		return codedErr(errcode.InvalidCorpID, "")
	case errors.As(err, &code):
		return codedErr(code, "")
	case errors.Is(err, store.ErrAlreadyFollowing), errors.Is(err, store.ErrCustomerExists),
		errors.Is(err, store.ErrContactWayExpired), errors.Is(err, store.ErrContactWayUsed):
		return conflictErr("%s", plainWords(err))
	case errors.Is(err, store.ErrBadCustomer), errors.Is(err, store.ErrNotInContactWay), errors.Is(err, store.ErrContactWayUnionID):
		return badRequest("%s", plainWords(err))
	}
	return err
}

// plainWords is a store error's text without the package's prefix.
func plainWords(err error) string { return strings.TrimPrefix(err.Error(), "store: ") }

// externalResult publishes ev and reports it.
func (s *Server) externalResult(ev store.ExternalEvent) ExternalEventResult {
	ids := s.cb.PublishExternalEvent(ev)
	return ExternalEventResult{Event: ev.Event, ChangeType: ev.ChangeType, Deliveries: ids}
}

// AddExternalContact has a customer add member req.UserID, directly or
// through a contact way: the relationship is made, a welcome code issued
// (valid for one send_welcome_msg within 20 s of virtual time) and
// add_external_contact delivered with State and WelcomeCode.
func (s *Server) AddExternalContact(req ExternalContactAdd) (ExternalContactAdded, error) {
	if req.ExternalUserID == "" && req.Customer == nil || req.ExternalUserID != "" && req.Customer != nil {
		return ExternalContactAdded{}, badRequest(`give either "external_userid" (an existing customer) or "customer" (a new one)`)
	}
	res, err := s.store.AddCustomer(store.CustomerAdd{
		CorpID: req.CorpID, UserID: req.UserID, ExternalUserID: req.ExternalUserID, Customer: req.Customer,
		ConfigID: req.ConfigID, State: req.State, AddWay: req.AddWay,
	})
	if err != nil {
		return ExternalContactAdded{}, customerErr(err)
	}
	return ExternalContactAdded{
		ExternalUserID: res.ExternalUserID, WelcomeCode: res.WelcomeCode, State: res.State,
		Deliveries: s.cb.PublishExternalEvent(res.Event),
	}, nil
}

// DeleteFollowUser has the customer delete member req.UserID:
// del_follow_user. The member no longer lists them.
func (s *Server) DeleteFollowUser(req ExternalContactRelation) (ExternalEventResult, error) {
	ev, err := s.store.RemoveRelation(req.CorpID, req.UserID, req.ExternalUserID, true)
	if err != nil {
		return ExternalEventResult{}, customerErr(err)
	}
	return s.externalResult(ev), nil
}

// DeleteExternalContact has member req.UserID delete the customer:
// del_external_contact.
func (s *Server) DeleteExternalContact(req ExternalContactRelation) (ExternalEventResult, error) {
	ev, err := s.store.RemoveRelation(req.CorpID, req.UserID, req.ExternalUserID, false)
	if err != nil {
		return ExternalEventResult{}, customerErr(err)
	}
	return s.externalResult(ev), nil
}

// EditExternalContact has member req.UserID edit the customer's remark in
// the WeCom client (nil fields stay): edit_external_contact.
func (s *Server) EditExternalContact(req ExternalContactRelation) (ExternalEventResult, error) {
	ev, err := s.store.EditRelation(req.CorpID, req.UserID, req.ExternalUserID, store.Remark{
		Remark: req.Remark, Description: req.Description, RemarkCorpName: req.RemarkCompany, RemarkMobiles: req.RemarkMobiles,
	})
	if err != nil {
		return ExternalEventResult{}, customerErr(err)
	}
	return s.externalResult(ev), nil
}

// relationControl serves one of the relation actions: POST
// /_mock/externalcontact/del_follow_user, /del_external_contact and /edit.
func relationControl(fn func(ExternalContactRelation) (ExternalEventResult, error)) controlFunc {
	return func(r *http.Request) (any, error) {
		var req ExternalContactRelation
		if err := decodeControl(r, &req); err != nil {
			return nil, err
		}
		return controlAnswer(fn(req))
	}
}

// POST /_mock/externalcontact/add
func (s *Server) ctlAddExternalContact(r *http.Request) (any, error) {
	var req ExternalContactAdd
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.AddExternalContact(req))
}
