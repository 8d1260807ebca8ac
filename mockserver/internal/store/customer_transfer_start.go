package store

import (
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Starting customer transfers: transfer_customer (在职,
// https://developer.work.weixin.qq.com/document/path/92125) and
// resigned/transfer_customer (离职, 94081).

// TransferRequest is one call of either API. ExternalUserIDs are in the
// caller's form.
type TransferRequest struct {
	Resigned        bool
	HandoverUserID  string
	TakeoverUserID  string
	ExternalUserIDs []string
	// SuccessMsg is what the customer is told (在职 only); empty means
	// WeCom's own wording.
	SuccessMsg string
}

// TransferStarted is what the call did: one outcome per customer sent, the
// message to the customers (in the inbox; MsgID empty when none was sent)
// and the events of other transfers that came due on the way.
type TransferStarted struct {
	Outcomes []TransferOutcome
	Message  Message
	Settled  []ExternalEvent
}

// TransferCustomers starts a transfer of each customer, due TransferWait
// later. The whole call fails for the handover (60111 for an 在职 one not
// in contacts, 40097 for a 离职 one still in contacts), the takeover
// (60111, 60011 outside the app's range, 84074 without 客户联系) or the two
// being one member (40058, the mock's choice). Each customer's outcome:
// 40096 unknown, 84061 not the handover's customer, 40100 already waiting
// for a transfer from the handover, 40128 transferred twice (在职) in the
// last 90 days, 45009 when the corp's table is full of waiting transfers.
// An 在职 transfer tells the customers SuccessMsg through the inbox.
func (s *Store) TransferCustomers(tok Token, req TransferRequest) (TransferStarted, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := TransferStarted{Settled: s.settleDueLocked(now)}
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return out, err
	}
	handover := cl.c.memberLocked(req.HandoverUserID)
	switch {
	case req.Resigned && handover != nil:
		return out, errcode.MemberNotResigned
	case !req.Resigned && handover == nil:
		return out, errcode.UserIDNotFound
	}
	takeover, err := cl.member(req.TakeoverUserID)
	if err != nil {
		return out, err
	}
	if strings.EqualFold(req.HandoverUserID, takeover.UserID) {
		return out, errcode.InvalidParameter
	}
	from := req.HandoverUserID
	if handover != nil {
		from = handover.UserID
	}
	var accepted []string
	for _, id := range req.ExternalUserIDs {
		own, code := s.startTransferLocked(cl, req.Resigned, from, takeover.UserID, id, now)
		out.Outcomes = append(out.Outcomes, TransferOutcome{ExternalUserID: id, Code: code})
		if code == errcode.OK {
			accepted = append(accepted, own)
		}
	}
	if !req.Resigned && len(accepted) > 0 {
		text := req.SuccessMsg
		if text == "" {
			text = "您好，您的服务已升级，后续将由我的同事" + takeover.Name + "接替我的工作，继续为您服务。"
		}
		out.Message = s.deliverCustomerMessageLocked(cl,
			CustomerMessage{API: "/cgi-bin/externalcontact/transfer_customer", MsgType: "text", Content: text}, from, accepted, nil)
	}
	return out, nil
}

// startTransferLocked starts the transfer of one customer and returns the
// customer's own external_userid and the outcome.
func (s *Store) startTransferLocked(cl ecCaller, resigned bool, from, to, id string, now time.Time) (string, errcode.Code) {
	cust, err := cl.customer(id)
	if err != nil {
		return "", errcode.InvalidExternalUserID
	}
	own := cust.info.ExternalUserID
	if cust.follow(from) == nil {
		return own, errcode.NotExternalContact
	}
	t := &cl.w.transfers
	if t.pending[keyOf(from, own)] != nil {
		return own, errcode.TransferInProgress
	}
	if !resigned && t.recentOnJob(own, now.Add(-TransferWindow)) >= MaxTransfersInWindow {
		return own, errcode.TransferTooFrequent
	}
	tr := &transfer{
		resigned: resigned, handover: from, takeover: to, customer: own,
		status: TransferWaiting, startedAt: now, dueAt: now.Add(TransferWait),
	}
	if !t.add(tr) {
		return own, errcode.FreqOutOfLimit
	}
	s.noteDueLocked(tr.dueAt)
	return own, errcode.OK
}
