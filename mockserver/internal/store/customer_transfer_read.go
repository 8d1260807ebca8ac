package store

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Reading customer transfers: transfer_result and resigned/transfer_result
// (https://developer.work.weixin.qq.com/document/path/94088, 94082), and
// the customers of members who left, waiting to be assigned
// (get_unassigned_list, 92124).

// TransferState is one customer of transfer_result.
type TransferState struct {
	ExternalUserID string // the caller's form
	Status         int
	TakeoverTime   int64
}

// TransferPage is one page of transfer_result, and the events of
// transfers that came due on the way (to deliver even with an error).
type TransferPage struct {
	Customers  []TransferState
	NextCursor string
	Settled    []ExternalEvent
}

// TransferResults lists the transfers of one kind from handover to
// takeover, MaxTransferPage a page, in the order they started; a customer
// transferred again between the two shows their latest transfer. The
// takeover must be a member the caller sees (60111, 60011); the handover
// may have left. A bad cursor is 40058.
func (s *Store) TransferResults(tok Token, resigned bool, handover, takeover, cursor string) (TransferPage, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := TransferPage{Settled: s.settleDueLocked(now)}
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return out, err
	}
	if _, err := cl.memberSeen(takeover); err != nil {
		return out, err
	}
	var list []*transfer
	latest := map[string]int{} // customer → index in list
	for _, tr := range cl.w.transfers.order {
		if tr.resigned != resigned || !strings.EqualFold(tr.handover, handover) || !strings.EqualFold(tr.takeover, takeover) {
			continue
		}
		if i, ok := latest[tr.customer]; ok {
			list[i] = nil
		}
		latest[tr.customer] = len(list)
		list = append(list, tr)
	}
	list = slices.DeleteFunc(list, func(tr *transfer) bool { return tr == nil })
	from, to, next, err := page(len(list), cursor, MaxTransferPage)
	if err != nil {
		return out, err
	}
	out.Customers = make([]TransferState, 0, to-from)
	for _, tr := range list[from:to] {
		out.Customers = append(out.Customers, TransferState{
			ExternalUserID: cl.outID(tr.customer), Status: tr.status, TakeoverTime: tr.takeoverTime(),
		})
	}
	out.NextCursor = next
	return out, nil
}

// memberSeen resolves a member the caller must see: 60111 unknown, 60011
// outside the app's range.
func (cl ecCaller) memberSeen(userID string) (string, error) {
	m := cl.c.memberLocked(userID)
	if m == nil {
		return "", errcode.UserIDNotFound
	}
	if cl.app != nil && !cl.c.visibleTo(cl.app, m) {
		return "", errcode.NoPrivilege
	}
	return m.UserID, nil
}

// UnassignedCustomer is one customer of a member who left.
type UnassignedCustomer struct {
	HandoverUserID string
	ExternalUserID string // the caller's form
	DimissionTime  int64
}

// UnassignedPage is one page of get_unassigned_list.
type UnassignedPage struct {
	Customers  []UnassignedCustomer
	NextCursor string // "" on the last page
	Settled    []ExternalEvent
}

// UnassignedCustomers lists the customers still followed by members who
// left the corp and not waiting for a transfer from them, pageSize
// (1..MaxUnassignedPage) a page: members by the time they left, then each
// one's customers in the order they were added. A bad cursor is 40058.
func (s *Store) UnassignedCustomers(tok Token, cursor string, pageSize int) (UnassignedPage, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := UnassignedPage{Settled: s.settleDueLocked(now)}
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return out, err
	}
	var all []UnassignedCustomer
	for _, key := range cl.departed() {
		at := cl.w.transfers.dimission[key].Unix()
		for _, cust := range cl.w.byMember[key] {
			id := cust.info.ExternalUserID
			if cl.w.transfers.pending[pendingKey{key, id}] != nil {
				continue
			}
			all = append(all, UnassignedCustomer{HandoverUserID: cust.follow(key).UserID, ExternalUserID: cl.outID(id), DimissionTime: at})
		}
	}
	from, to, next, err := page(len(all), cursor, pageSize)
	if err != nil {
		return out, err
	}
	out.Customers, out.NextCursor = all[from:to:to], next
	return out, nil
}

// departed lists the lower-cased userids of the members who follow
// customers but are no longer in contacts, by the time they left, then
// userid.
func (cl ecCaller) departed() []string {
	var keys []string
	for key, list := range cl.w.byMember {
		if len(list) > 0 && cl.c.memberLocked(key) == nil {
			keys = append(keys, key)
		}
	}
	dim := cl.w.transfers.dimission
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(dim[a].Compare(dim[b]), strings.Compare(a, b))
	})
	return keys
}

// memberLeft records that member userID was deleted from contacts at at,
// when they follow customers (their customers become unassigned), and
// sweeps the entries of members without customers.
func (w *customerWorld) memberLeft(userID string, at time.Time) {
	t := &w.transfers
	for key := range t.dimission {
		if len(w.byMember[key]) == 0 {
			delete(t.dimission, key)
		}
	}
	if len(w.customersOf(userID)) > 0 {
		t.dimission[strings.ToLower(userID)] = at
	}
}
