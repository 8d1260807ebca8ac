package mockserver

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Customer transfers on the customer's side, as Go methods and the control
// API (POST /_mock/externalcontact/transfer/refuse and /accept), and their
// settlement on the virtual clock: a transfer whose 24 hours are over
// settles before the next request is served and when Advance moves the
// clock past it, and its events are delivered then, once.

// Transfer control types, spelled mockserver.X in the Go API.
type (
	ExternalContactTransfer       = mockctl.ExternalContactTransfer
	ExternalContactTransferAnswer = mockctl.ExternalContactTransferAnswer
)

func (s *Server) transferControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/externalcontact/transfer/refuse", transferControl(s.RefuseTransfer), http.MethodPost)
	handle("/externalcontact/transfer/accept", transferControl(s.AcceptTransfer), http.MethodPost)
}

// RefuseTransfer has the customer refuse a waiting transfer: status 3 and
// transfer_fail (customer_refused) to the takeover member's apps; the
// customer stays with the handover.
func (s *Server) RefuseTransfer(req ExternalContactTransfer) (ExternalContactTransferAnswer, error) {
	return s.answerTransfer(req, false)
}

// AcceptTransfer has the customer accept a waiting transfer now rather
// than when its 24 hours are over: status 1 (or 4, transfer_fail
// customer_limit_exceed, when the takeover member is full).
func (s *Server) AcceptTransfer(req ExternalContactTransfer) (ExternalContactTransferAnswer, error) {
	return s.answerTransfer(req, true)
}

func (s *Server) answerTransfer(req ExternalContactTransfer, accept bool) (ExternalContactTransferAnswer, error) {
	if req.HandoverUserID == "" || req.TakeoverUserID == "" || req.ExternalUserID == "" {
		return ExternalContactTransferAnswer{}, badRequest(`"handover_userid", "takeover_userid" and "external_userid" are required`)
	}
	res, err := s.store.AnswerTransfer(store.TransferAnswer{
		CorpID: req.CorpID, HandoverUserID: req.HandoverUserID, TakeoverUserID: req.TakeoverUserID,
		ExternalUserID: req.ExternalUserID, Accept: accept,
	})
	s.publishExternal(res.Settled)
	if errors.Is(err, store.ErrNoWaitingTransfer) {
		return ExternalContactTransferAnswer{}, notFoundErr("%s", plainWords(err))
	}
	if err != nil {
		return ExternalContactTransferAnswer{}, customerErr(err)
	}
	out := ExternalContactTransferAnswer{Status: res.Status, TakeoverTime: res.TakeoverTime, Events: []ExternalEventResult{}}
	for _, ev := range res.Events {
		out.Events = append(out.Events, s.externalResult(ev))
	}
	return out, nil
}

// transferControl serves POST /_mock/externalcontact/transfer/refuse and
// /accept.
func transferControl(fn func(ExternalContactTransfer) (ExternalContactTransferAnswer, error)) controlFunc {
	return func(r *http.Request) (any, error) {
		var req ExternalContactTransfer
		if err := decodeControl(r, &req); err != nil {
			return nil, err
		}
		return controlAnswer(fn(req))
	}
}

// settleTransfers delivers the events of the transfers that came due.
func (s *Server) settleTransfers() {
	s.publishExternal(s.store.SettleDueTransfers())
}

func (s *Server) publishExternal(events []store.ExternalEvent) {
	for _, ev := range events {
		s.cb.PublishExternalEvent(ev)
	}
}

// withTransfers settles the transfers that came due before serving a
// request; a lock-free look at the next due time keeps it off the hot path.
func (s *Server) withTransfers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.store.TransfersDue(s.store.Now()) {
			s.settleTransfers()
		}
		next.ServeHTTP(w, r)
	})
}
