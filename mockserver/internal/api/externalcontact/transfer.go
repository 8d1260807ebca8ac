package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Customer transfers: 在职继承 (transfer_customer, transfer_result,
// https://developer.work.weixin.qq.com/document/path/92125, 94088) and
// 离职继承 (get_unassigned_list, resigned/transfer_customer,
// resigned/transfer_result, 92124, 94081, 94082). The catalog checks the
// required parameters and limits (external_userid 1–100,
// transfer_success_msg ≤200 characters); the store keeps the transfers
// and settles them after 24 hours of virtual time.

func (a *API) transferModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/transfer_customer":          {Handle: a.transferCustomer(false), CheckParams: true},
		"/cgi-bin/externalcontact/resigned/transfer_customer": {Handle: a.transferCustomer(true), CheckParams: true},
		"/cgi-bin/externalcontact/transfer_result":            {Handle: a.transferResult(false), CheckParams: true},
		"/cgi-bin/externalcontact/resigned/transfer_result":   {Handle: a.transferResult(true), CheckParams: true},
		"/cgi-bin/externalcontact/get_unassigned_list":        {Handle: a.unassignedList, CheckParams: true},
	}
}

// publishAll delivers the events of transfers that came due while the
// store answered.
func (a *API) publishAll(events []store.ExternalEvent) {
	for _, ev := range events {
		a.publish(ev)
	}
}

type transferBody struct {
	HandoverUserID     string   `json:"handover_userid"`
	TakeoverUserID     string   `json:"takeover_userid"`
	ExternalUserID     []string `json:"external_userid"`
	TransferSuccessMsg string   `json:"transfer_success_msg"`
}

type transferOutcomeJSON struct {
	ExternalUserID string `json:"external_userid"`
	ErrCode        int    `json:"errcode"`
}

// transferCustomer is POST transfer_customer (在职) or
// resigned/transfer_customer (离职): one errcode per customer, 0 meaning
// the transfer started and completes 24 hours later. A malformed userid is
// 40003.
func (a *API) transferCustomer(resigned bool) kernel.Handler {
	return func(r *http.Request, c *kernel.Call) (any, error) {
		var b transferBody
		if err := kernel.DecodeJSON(r, &b); err != nil {
			return nil, err
		}
		if !fixtures.ValidUserID(b.HandoverUserID) || !fixtures.ValidUserID(b.TakeoverUserID) {
			return nil, kernel.Err(errcode.InvalidUserID)
		}
		req := store.TransferRequest{
			Resigned: resigned, HandoverUserID: b.HandoverUserID, TakeoverUserID: b.TakeoverUserID,
			ExternalUserIDs: b.ExternalUserID,
		}
		if !resigned {
			req.SuccessMsg = b.TransferSuccessMsg
		}
		res, err := a.env.Store.TransferCustomers(c.Token, req)
		a.publishAll(res.Settled)
		if err != nil {
			return nil, kernel.StoreError(err)
		}
		out := make([]transferOutcomeJSON, len(res.Outcomes))
		for i, o := range res.Outcomes {
			out[i] = transferOutcomeJSON{ExternalUserID: o.ExternalUserID, ErrCode: int(o.Code)}
		}
		return struct {
			Customer []transferOutcomeJSON `json:"customer"`
		}{out}, nil
	}
}

type transferResultBody struct {
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	Cursor         string `json:"cursor"`
}

type transferStateJSON struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	TakeoverTime   int64  `json:"takeover_time"`
}

// transferResult is POST transfer_result (在职) or resigned/transfer_result
// (离职): the customers of the transfers from handover to takeover with
// their status (1 done, 2 waiting, 3 refused, 4 takeover full), up to 1000
// a page.
func (a *API) transferResult(resigned bool) kernel.Handler {
	return func(r *http.Request, c *kernel.Call) (any, error) {
		var b transferResultBody
		if err := kernel.DecodeJSON(r, &b); err != nil {
			return nil, err
		}
		if !fixtures.ValidUserID(b.HandoverUserID) || !fixtures.ValidUserID(b.TakeoverUserID) {
			return nil, kernel.Err(errcode.InvalidUserID)
		}
		p, err := a.env.Store.TransferResults(c.Token, resigned, b.HandoverUserID, b.TakeoverUserID, b.Cursor)
		a.publishAll(p.Settled)
		if err != nil {
			return nil, kernel.StoreError(err)
		}
		out := make([]transferStateJSON, len(p.Customers))
		for i, s := range p.Customers {
			out[i] = transferStateJSON{ExternalUserID: s.ExternalUserID, Status: s.Status, TakeoverTime: s.TakeoverTime}
		}
		return struct {
			Customer   []transferStateJSON `json:"customer"`
			NextCursor string              `json:"next_cursor"`
		}{out, p.NextCursor}, nil
	}
}

type unassignedBody struct {
	Cursor   string          `json:"cursor"`
	PageSize kernel.IntField `json:"page_size"`
}

type unassignedJSON struct {
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	DimissionTime  int64  `json:"dimission_time"`
}

// unassignedList is POST get_unassigned_list: the customers of members who
// left, page_size a page (0 or absent: 1000; 40058 outside 0–1000, the mock's
// choice), with is_last and next_cursor ("" on the last page).
func (a *API) unassignedList(r *http.Request, c *kernel.Call) (any, error) {
	var b unassignedBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	size := b.PageSize.Int(0)
	if size == 0 {
		size = store.MaxUnassignedPage
	}
	if b.PageSize.Set && !b.PageSize.OK || size < 1 || size > store.MaxUnassignedPage {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	p, err := a.env.Store.UnassignedCustomers(c.Token, b.Cursor, int(size))
	a.publishAll(p.Settled)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]unassignedJSON, len(p.Customers))
	for i, u := range p.Customers {
		out[i] = unassignedJSON{HandoverUserID: u.HandoverUserID, ExternalUserID: u.ExternalUserID, DimissionTime: u.DimissionTime}
	}
	return struct {
		Info       []unassignedJSON `json:"info"`
		IsLast     bool             `json:"is_last"`
		NextCursor string           `json:"next_cursor"`
	}{out, p.NextCursor == "", p.NextCursor}, nil
}
