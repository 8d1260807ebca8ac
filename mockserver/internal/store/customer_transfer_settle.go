package store

import (
	"errors"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Settling customer transfers: the customer accepts when TransferWait has
// passed (or at once, or refuses, through the control API). Settling
// changes the relationships and yields the events WeCom sends:
//
//   - accepted: the takeover member follows the customer with the
//     handover's remark, description and tags, add_way 202 (assigned by the
//     admin) and oper_userid the handover; add_external_contact goes to the
//     takeover's receivers unless they already followed the customer or
//     once handed them over (as documented for transfer_customer). The
//     handover stops following them; for an 在职 transfer their receivers
//     get del_external_contact with Source DELETE_BY_TRANSFER
//     (https://developer.work.weixin.qq.com/document/path/92130).
//   - refused, or the takeover member at MaxMemberCustomers: transfer_fail
//     with FailReason customer_refused / customer_limit_exceed, about the
//     takeover member; the customer stays with the handover.
//
// Every settlement happens under the store's lock and flips the transfer
// out of TransferWaiting, so its events are returned to exactly one caller.

// FailReason values of transfer_fail.
const (
	FailCustomerRefused     = "customer_refused"
	FailCustomerLimitExceed = "customer_limit_exceed"
)

// SourceDeleteByTransfer is the Source of the handover's
// del_external_contact after an 在职 transfer.
const SourceDeleteByTransfer = "DELETE_BY_TRANSFER"

// ErrNoWaitingTransfer: the customer's answer names no waiting transfer.
var ErrNoWaitingTransfer = errors.New("store: no transfer of this customer from the handover to the takeover member is waiting")

// transferClock is the earliest due time of a waiting transfer in any
// corp, Unix nanoseconds (math.MaxInt64 for none), read without the lock
// before every request. It may run early (after a refusal, a Reset), which
// costs one scan; it is lowered under the lock whenever a transfer starts.
// The zero value makes the first check scan.
type transferClock struct{ next atomic.Int64 }

// TransfersDue reports whether a waiting transfer may have come due at now.
func (s *Store) TransfersDue(now time.Time) bool {
	return now.UnixNano() >= s.transferDue.next.Load()
}

// SettleDueTransfers settles every transfer whose wait is over and returns
// the events to deliver. Concurrent callers settle each transfer once.
func (s *Store) SettleDueTransfers() []ExternalEvent {
	now := s.Now()
	if !s.TransfersDue(now) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settleDueLocked(now)
}

// settleDueLocked accepts the transfers due at now, each dated at its due
// time, corp by corp in id order, and resets the transfer clock.
func (s *Store) settleDueLocked(now time.Time) []ExternalEvent {
	if !s.TransfersDue(now) {
		return nil
	}
	ids := make([]string, 0, len(s.corps))
	for id := range s.corps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var events []ExternalEvent
	next := int64(math.MaxInt64)
	for _, id := range ids {
		c := s.corps[id]
		for _, tr := range c.customers.transfers.order {
			if tr.status != TransferWaiting {
				continue
			}
			if tr.dueAt.After(now) {
				next = min(next, tr.dueAt.UnixNano())
				continue
			}
			events = append(events, s.acceptTransferLocked(c, tr, tr.dueAt)...)
		}
	}
	s.transferDue.next.Store(next)
	return events
}

// noteDueLocked makes the transfer clock see a transfer due at at.
func (s *Store) noteDueLocked(at time.Time) {
	if n := at.UnixNano(); n < s.transferDue.next.Load() {
		s.transferDue.next.Store(n)
	}
}

// acceptTransferLocked settles a waiting transfer as the customer
// accepting it at at.
func (s *Store) acceptTransferLocked(c *corp, tr *transfer, at time.Time) []ExternalEvent {
	w := c.customers
	delete(w.transfers.pending, keyOf(tr.handover, tr.customer))
	cust := w.customers[tr.customer]
	already := cust.follow(tr.takeover)
	if already == nil && len(w.customersOf(tr.takeover)) >= MaxMemberCustomers {
		tr.status = TransferLimitExceeded
		return s.transferFailLocked(c, tr, FailCustomerLimitExceed)
	}
	tr.status, tr.takeoverAt = TransferDone, at
	var events []ExternalEvent
	old := cust.follow(tr.handover)
	if already == nil {
		f := &fixtures.FollowUser{}
		if old != nil {
			f = cloneFollow(old)
		}
		f.UserID, f.CreateTime, f.AddWay, f.OperUserID, f.State = tr.takeover, at.Unix(), AddWayAssigned, tr.handover, ""
		if m := c.memberLocked(tr.takeover); m != nil {
			f.UserID = m.UserID
			if !w.transfers.handedOver(m.UserID, tr.customer, tr) {
				events = append(events, s.contactEventLocked(c, "add_external_contact", m.UserID, tr.customer))
			}
		}
		w.setFollow(cust, f.UserID, f)
	}
	if old != nil {
		w.setFollow(cust, old.UserID, nil)
		if !tr.resigned && c.memberLocked(old.UserID) != nil {
			events = append(events, s.contactEventLocked(c, "del_external_contact", old.UserID, tr.customer,
				TextField("Source", SourceDeleteByTransfer)))
		}
	}
	return events
}

// refuseTransferLocked settles a waiting transfer as the customer
// refusing it.
func (s *Store) refuseTransferLocked(c *corp, tr *transfer) []ExternalEvent {
	delete(c.customers.transfers.pending, keyOf(tr.handover, tr.customer))
	tr.status = TransferRefused
	return s.transferFailLocked(c, tr, FailCustomerRefused)
}

// transferFailLocked is transfer_fail about the takeover member, in the
// documented field order (FailReason, UserID, ExternalUserID).
func (s *Store) transferFailLocked(c *corp, tr *transfer, reason string) []ExternalEvent {
	m := c.memberLocked(tr.takeover)
	if m == nil {
		return nil
	}
	ev := s.externalEventLocked(c, EventExternalContact, "transfer_fail", m.UserID, func(cl ecCaller) []EventField {
		return []EventField{
			TextField("FailReason", reason), TextField("UserID", m.UserID), TextField("ExternalUserID", cl.outID(tr.customer)),
		}
	})
	return []ExternalEvent{ev}
}

// TransferAnswer is the customer's answer to a waiting transfer, named by
// its members and the customer's own external_userid.
type TransferAnswer struct {
	CorpID         string
	HandoverUserID string
	TakeoverUserID string
	ExternalUserID string
	Accept         bool // else the customer refuses
}

// TransferAnswered is what the answer did: the transfer's status and
// takeover_time after it, its events, and the events of other transfers
// that came due on the way.
type TransferAnswered struct {
	Status       int
	TakeoverTime int64
	Events       []ExternalEvent
	Settled      []ExternalEvent
}

// AnswerTransfer settles a waiting transfer at once: accepted (status 1,
// or 4 when the takeover member is full) or refused (status 3). Errors:
// ErrCorpNotFound, ErrNoWaitingTransfer (also for one whose wait is over:
// it was accepted). Settled holds events to deliver even with an error.
func (s *Store) AnswerTransfer(a TransferAnswer) (TransferAnswered, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := TransferAnswered{Settled: s.settleDueLocked(now)}
	c, ok := s.corps[a.CorpID]
	if !ok {
		return out, ErrCorpNotFound
	}
	tr := c.customers.transfers.pending[keyOf(a.HandoverUserID, a.ExternalUserID)]
	if tr == nil || !strings.EqualFold(tr.takeover, a.TakeoverUserID) {
		return out, ErrNoWaitingTransfer
	}
	if a.Accept {
		out.Events = s.acceptTransferLocked(c, tr, now)
	} else {
		out.Events = s.refuseTransferLocked(c, tr)
	}
	out.Status, out.TakeoverTime = tr.status, tr.takeoverTime()
	return out, nil
}
