package store

import (
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Customer transfers: a member's customers handed to another member while
// the member is in the corp (在职继承, transfer_customer and transfer_result,
// https://developer.work.weixin.qq.com/document/path/92125, 94088) or after
// they left (离职继承, get_unassigned_list, resigned/transfer_customer and
// resigned/transfer_result, 92124, 94081, 94082).
//
// A transfer waits TransferWait of virtual time for the customer: they may
// refuse (the control API; status 3 and a transfer_fail event), otherwise
// the takeover member follows them (status 1) unless that member has reached
// MaxMemberCustomers (status 4, transfer_fail customer_limit_exceed). A
// transfer that came due settles the first time anything looks: the
// request middleware, Advance, or any transfer method (customer_transfer_settle.go).
// This file holds the table; customer_transfer_start.go starts transfers,
// customer_transfer_read.go reads them and the unassigned customers.

// Limits of customer transfers.
const (
	// TransferWait is how long a customer has to refuse before the
	// takeover member follows them: 24 hours, for both kinds ("待24小时后
	// 自动接替").
	TransferWait = 24 * time.Hour
	// MaxTransferCustomers bounds external_userid of one call.
	MaxTransferCustomers = 100
	// MaxMemberCustomers is how many customers a member may have: WeCom's
	// initial per-member quota (成员原始客户上限 5000, before the admin
	// raises it). A takeover member at it fails the transfer (status 4).
	MaxMemberCustomers = 5000
	// TransferWindow and MaxTransfersInWindow: an 在职 customer may be
	// transferred twice in 90 days; a third time is 40128.
	TransferWindow       = 90 * 24 * time.Hour
	MaxTransfersInWindow = 2
	// MaxTransferPage is the page of transfer_result and
	// resigned/transfer_result ("每个分页返回的数据不会超过1000条").
	MaxTransferPage = 1000
	// MaxUnassignedPage is get_unassigned_list's largest and default
	// page_size.
	MaxUnassignedPage = 1000
	// MaxTransfers bounds the transfer records a corp keeps. Past it the
	// oldest settled ones are dropped; when every record is still waiting,
	// more customers are refused with 45009 (the mock's choice: the real
	// service has no such table to fill).
	MaxTransfers = 10_000
)

// Transfer statuses of transfer_result and resigned/transfer_result.
const (
	TransferDone          = 1 // 接替完毕
	TransferWaiting       = 2 // 等待接替
	TransferRefused       = 3 // 客户拒绝
	TransferLimitExceeded = 4 // 接替成员客户达到上限
)

// transfer is one customer handed from one member to another.
type transfer struct {
	resigned           bool   // 离职继承
	handover, takeover string // userids as spelled when it started
	customer           string // the corp's own external_userid
	status             int
	startedAt          time.Time
	dueAt              time.Time // when the takeover happens unless refused
	takeoverAt         time.Time // when it happened (status 1)
}

// takeoverTime is takeover_time: the takeover for status 1, the future
// automatic one while waiting, 0 for a failed transfer.
func (tr *transfer) takeoverTime() int64 {
	switch tr.status {
	case TransferDone:
		return tr.takeoverAt.Unix()
	case TransferWaiting:
		return tr.dueAt.Unix()
	}
	return 0
}

// pendingKey names a waiting transfer: one per customer of one handover
// member (40100 for a second).
type pendingKey struct{ handover, customer string } // handover lower-cased

// transferTable holds a corp's transfers, oldest first, and when members
// with customers left the corp.
type transferTable struct {
	order   []*transfer
	pending map[pendingKey]*transfer
	// byCustomer lists each customer's transfers, oldest first, for the
	// 90-day rule and the hand-back check without a scan of the table.
	byCustomer map[string][]*transfer
	// dimission holds, per lower-cased userid, when a member who followed
	// customers was deleted from contacts (get_unassigned_list's
	// dimission_time). Only configured follow-users can have customers, so
	// it is bounded by them; entries of members back in contacts or without
	// customers are swept as members leave.
	dimission map[string]time.Time
}

func newTransferTable() transferTable {
	return transferTable{
		pending: map[pendingKey]*transfer{}, byCustomer: map[string][]*transfer{}, dimission: map[string]time.Time{},
	}
}

func keyOf(handover, customer string) pendingKey {
	return pendingKey{strings.ToLower(handover), customer}
}

// add records a new waiting transfer; false when the table is full of
// waiting ones.
func (t *transferTable) add(tr *transfer) bool {
	if len(t.order) >= MaxTransfers {
		t.dropSettled(MaxTransfers / 10)
	}
	if len(t.order) >= MaxTransfers {
		return false
	}
	t.order = append(t.order, tr)
	t.pending[keyOf(tr.handover, tr.customer)] = tr
	t.byCustomer[tr.customer] = append(t.byCustomer[tr.customer], tr)
	return true
}

// dropSettled forgets up to n of the oldest settled transfers.
func (t *transferTable) dropSettled(n int) {
	t.order = slices.DeleteFunc(t.order, func(tr *transfer) bool {
		if n == 0 || tr.status == TransferWaiting {
			return false
		}
		n--
		t.forget(tr)
		return true
	})
}

// forget removes a dropped transfer from its customer's list.
func (t *transferTable) forget(tr *transfer) {
	list := slices.DeleteFunc(slices.Clone(t.byCustomer[tr.customer]), func(x *transfer) bool { return x == tr })
	if len(list) == 0 {
		delete(t.byCustomer, tr.customer)
		return
	}
	t.byCustomer[tr.customer] = list
}

// recentOnJob counts the 在职 transfers of customer that started after
// since and did not fail: the 90-day rule.
func (t *transferTable) recentOnJob(customer string, since time.Time) int {
	n := 0
	for _, tr := range t.byCustomer[customer] {
		if !tr.resigned && tr.startedAt.After(since) &&
			(tr.status == TransferDone || tr.status == TransferWaiting) {
			n++
		}
	}
	return n
}

// handedOver reports whether member userID once handed customer to someone
// else: taking them back sends no add_external_contact.
func (t *transferTable) handedOver(userID, customer string, except *transfer) bool {
	for _, tr := range t.byCustomer[customer] {
		if tr != except && tr.status == TransferDone && strings.EqualFold(tr.handover, userID) {
			return true
		}
	}
	return false
}

// renameMember follows a member's userid change in the records, the
// waiting transfers' keys and the dimission table.
func (t *transferTable) renameMember(from, to string) {
	for _, tr := range t.order {
		if strings.EqualFold(tr.handover, from) {
			tr.handover = to
		}
		if strings.EqualFold(tr.takeover, from) {
			tr.takeover = to
		}
	}
	var moved []*transfer
	for k, tr := range t.pending {
		if k.handover == strings.ToLower(from) {
			delete(t.pending, k)
			moved = append(moved, tr)
		}
	}
	for _, tr := range moved {
		t.pending[keyOf(tr.handover, tr.customer)] = tr
	}
}

// TransferOutcome is one customer of a transfer call: errcode.OK when the
// transfer started.
type TransferOutcome struct {
	ExternalUserID string // as the caller sent it
	Code           errcode.Code
}
