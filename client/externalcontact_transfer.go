package client

import (
	"context"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Customer transfers: a member's customers handed to another member, while
// the member is still in the corp (在职继承,
// https://developer.work.weixin.qq.com/document/path/92125, 94088) or after
// they left (离职继承, 92124, 94081, 94082). A customer of an 在职 transfer
// has 24 hours to refuse; then the takeover member follows them.

// MaxTransferCustomers is the most customers one transfer call moves.
const MaxTransferCustomers = 100

// Transfer is the body of transfer_customer and resigned/transfer_customer.
type Transfer struct {
	HandoverUserID  string   `json:"handover_userid"`
	TakeoverUserID  string   `json:"takeover_userid"`
	ExternalUserIDs []string `json:"external_userid"`
	// SuccessMsg is what the customer is told (at most 200 characters;
	// WeCom's own wording when empty). 在职 transfers only.
	SuccessMsg string `json:"transfer_success_msg,omitempty"`
}

// TransferOutcome is how one customer of a transfer call fared: errcode.OK
// means the transfer started (it completes 24 hours later unless the
// customer refuses), errcode.TransferInProgress (40100) that one is already
// under way.
type TransferOutcome struct {
	ExternalUserID string       `json:"external_userid"`
	ErrCode        errcode.Code `json:"errcode"`
}

// TransferCustomer starts an 在职 transfer of a member's customers
// (POST /cgi-bin/externalcontact/transfer_customer). The call succeeds as
// a whole while each customer has an outcome of their own.
func (c *Client) TransferCustomer(ctx context.Context, t Transfer) ([]TransferOutcome, error) {
	return c.transfer(ctx, "/cgi-bin/externalcontact/transfer_customer", t)
}

// ResignedTransferCustomer hands the customers of a member who left the
// corp to another member (POST /cgi-bin/externalcontact/resigned/transfer_customer).
// Errors to expect: errcode.MemberNotResigned (40097) when the handover
// member is still in the corp. Transfer.SuccessMsg is not sent.
func (c *Client) ResignedTransferCustomer(ctx context.Context, t Transfer) ([]TransferOutcome, error) {
	t.SuccessMsg = ""
	return c.transfer(ctx, "/cgi-bin/externalcontact/resigned/transfer_customer", t)
}

func (c *Client) transfer(ctx context.Context, path string, t Transfer) ([]TransferOutcome, error) {
	var out struct {
		Customer []TransferOutcome `json:"customer"`
	}
	if err := c.postJSON(ctx, path, t, &out); err != nil {
		return nil, err
	}
	return out.Customer, nil
}

// Transfer statuses (TransferStatus.Status).
const (
	TransferDone          = 1 // 接替完毕: the takeover member follows the customer
	TransferWaiting       = 2 // 等待接替
	TransferRefused       = 3 // 客户拒绝
	TransferLimitExceeded = 4 // 接替成员客户达到上限
	TransferNoRecord      = 5 // 无接替记录
)

// TransferStatus is one customer of a transfer.
type TransferStatus struct {
	ExternalUserID string `json:"external_userid"`
	Status         int    `json:"status"`
	// TakeoverTime is when the takeover is (or was) due, Unix seconds.
	TakeoverTime int64 `json:"takeover_time"`
}

// TransferStatusPage is one page of transfer_result or
// resigned/transfer_result.
type TransferStatusPage struct {
	Customers []TransferStatus `json:"customer"`
	// NextCursor continues the listing; it is empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// TransferResult returns one page of the state of the 在职 transfers from
// handover to takeover (POST /cgi-bin/externalcontact/transfer_result).
func (c *Client) TransferResult(ctx context.Context, handover, takeover, cursor string) (*TransferStatusPage, error) {
	return c.transferResult(ctx, "/cgi-bin/externalcontact/transfer_result", handover, takeover, cursor)
}

// ResignedTransferResult returns one page of the state of the 离职
// transfers from handover to takeover
// (POST /cgi-bin/externalcontact/resigned/transfer_result).
func (c *Client) ResignedTransferResult(ctx context.Context, handover, takeover, cursor string) (*TransferStatusPage, error) {
	return c.transferResult(ctx, "/cgi-bin/externalcontact/resigned/transfer_result", handover, takeover, cursor)
}

func (c *Client) transferResult(ctx context.Context, path, handover, takeover, cursor string) (*TransferStatusPage, error) {
	in := struct {
		HandoverUserID string `json:"handover_userid"`
		TakeoverUserID string `json:"takeover_userid"`
		Cursor         string `json:"cursor,omitempty"`
	}{handover, takeover, cursor}
	var out TransferStatusPage
	if err := c.postJSON(ctx, path, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UnassignedCustomer is a customer of a member who left, not yet handed
// to anyone.
type UnassignedCustomer struct {
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	// DimissionTime is when the member left, Unix seconds.
	DimissionTime int64 `json:"dimission_time"`
}

// UnassignedPage is one page of get_unassigned_list.
type UnassignedPage struct {
	Customers []UnassignedCustomer `json:"info"`
	IsLast    bool                 `json:"is_last"`
	// NextCursor continues the listing; it is empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// MaxUnassignedPage is the largest page get_unassigned_list hands out.
const MaxUnassignedPage = 1000

// UnassignedList returns one page of the customers of members who left
// the corp (POST /cgi-bin/externalcontact/get_unassigned_list). Start with
// cursor "" and pass NextCursor until IsLast; pageSize is 1..1000 (0 leaves
// it to WeCom).
func (c *Client) UnassignedList(ctx context.Context, cursor string, pageSize int) (*UnassignedPage, error) {
	in := struct {
		Cursor   string `json:"cursor,omitempty"`
		PageSize int    `json:"page_size,omitempty"`
	}{cursor, pageSize}
	var out UnassignedPage
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/get_unassigned_list", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
