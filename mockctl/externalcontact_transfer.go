package mockctl

import (
	"context"
	"net/http"
)

// The customer's answer to a customer transfer (POST
// /_mock/externalcontact/transfer/...). A transfer started through
// transfer_customer or resigned/transfer_customer waits 24 hours of virtual
// time, then the takeover member follows the customer; before that the
// customer may refuse (transfer_fail with FailReason customer_refused) or,
// for tests that should not move the clock, accept at once.

// ExternalContactTransfer names a waiting transfer: the customer (the
// corp's own external_userid) and the two members.
type ExternalContactTransfer struct {
	CorpID         string `json:"corpid"`
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	ExternalUserID string `json:"external_userid"`
}

// Transfer statuses, as transfer_result reports them.
const (
	TransferDone          = 1 // the takeover member follows the customer
	TransferWaiting       = 2
	TransferRefused       = 3 // the customer refused
	TransferLimitExceeded = 4 // the takeover member has too many customers
)

// ExternalContactTransferAnswer is what the answer did: the transfer's
// status and takeover_time afterwards, and the events it sent (accepted:
// add_external_contact to the takeover's apps and, for an 在职 transfer,
// del_external_contact with Source DELETE_BY_TRANSFER to the handover's;
// refused or over the limit: transfer_fail).
type ExternalContactTransferAnswer struct {
	Status       int                   `json:"status"`
	TakeoverTime int64                 `json:"takeover_time"`
	Events       []ExternalEventResult `json:"events"`
}

// RefuseTransfer has the customer refuse a waiting transfer.
func (c *Client) RefuseTransfer(ctx context.Context, req ExternalContactTransfer) (ExternalContactTransferAnswer, error) {
	return c.answerTransfer(ctx, "/_mock/externalcontact/transfer/refuse", req)
}

// AcceptTransfer has the customer accept a waiting transfer now, without
// waiting 24 hours.
func (c *Client) AcceptTransfer(ctx context.Context, req ExternalContactTransfer) (ExternalContactTransferAnswer, error) {
	return c.answerTransfer(ctx, "/_mock/externalcontact/transfer/accept", req)
}

func (c *Client) answerTransfer(ctx context.Context, path string, req ExternalContactTransfer) (ExternalContactTransferAnswer, error) {
	var out ExternalContactTransferAnswer
	err := c.do(ctx, http.MethodPost, path, req, &out)
	return out, err
}
