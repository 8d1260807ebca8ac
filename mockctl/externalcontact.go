package mockctl

import (
	"context"
	"net/http"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The customer's side of 客户联系 (POST /_mock/externalcontact/...): what
// customers and members do in WeChat and the WeCom client, each answered
// with the event WeCom sends and its deliveries.

// ExternalContactAdd is the body of POST /_mock/externalcontact/add: a
// customer adds member UserID, directly or through contact way ConfigID.
// Name an existing customer by ExternalUserID, or describe a new one in
// Customer (its external_userid is generated when empty).
type ExternalContactAdd struct {
	CorpID         string             `json:"corpid"`
	UserID         string             `json:"userid"`
	ExternalUserID string             `json:"external_userid,omitempty"`
	Customer       *fixtures.Customer `json:"customer,omitempty"`
	// State is the state of the add_external_contact event; it defaults to
	// the contact way's.
	State    string `json:"state,omitempty"`
	ConfigID string `json:"config_id,omitempty"`
	// AddWay is the follow-user's add_way; 0 means 1 (scanned a QR code).
	AddWay int `json:"add_way,omitempty"`
}

// ExternalContactAdded is what a customer's add did.
type ExternalContactAdded struct {
	// ExternalUserID is the customer in the corp's own form (third-party
	// and 代开发 apps see another one in their events and APIs).
	ExternalUserID string `json:"external_userid"`
	// WelcomeCode is the code send_welcome_msg redeems, once, within 20
	// seconds of virtual time.
	WelcomeCode string `json:"welcome_code"`
	State       string `json:"state,omitempty"`
	// Deliveries are the ids of the add_external_contact callbacks.
	Deliveries []string `json:"deliveries"`
}

// ExternalContactRelation is the body of POST
// /_mock/externalcontact/del_follow_user (the customer deleted the member),
// /_mock/externalcontact/del_external_contact (the member deleted the
// customer) and /_mock/externalcontact/edit (the member edited the
// customer's remark in the WeCom client; nil fields stay).
type ExternalContactRelation struct {
	CorpID         string `json:"corpid"`
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	// Remark fields, for edit only.
	Remark        *string   `json:"remark,omitempty"`
	Description   *string   `json:"description,omitempty"`
	RemarkCompany *string   `json:"remark_company,omitempty"`
	RemarkMobiles *[]string `json:"remark_mobiles,omitempty"`
}

// ExternalEventResult is what a customer-side action did: the event's
// change type and the ids of its callback deliveries.
type ExternalEventResult struct {
	Event      string   `json:"event"`
	ChangeType string   `json:"change_type"`
	Deliveries []string `json:"deliveries"`
}

// AddExternalContact has a customer add a member.
func (c *Client) AddExternalContact(ctx context.Context, req ExternalContactAdd) (ExternalContactAdded, error) {
	var out ExternalContactAdded
	err := c.do(ctx, http.MethodPost, "/_mock/externalcontact/add", req, &out)
	return out, err
}

// DeleteFollowUser has the customer delete the member (del_follow_user).
func (c *Client) DeleteFollowUser(ctx context.Context, req ExternalContactRelation) (ExternalEventResult, error) {
	return c.externalEvent(ctx, "/_mock/externalcontact/del_follow_user", req)
}

// DeleteExternalContact has the member delete the customer
// (del_external_contact).
func (c *Client) DeleteExternalContact(ctx context.Context, req ExternalContactRelation) (ExternalEventResult, error) {
	return c.externalEvent(ctx, "/_mock/externalcontact/del_external_contact", req)
}

// EditExternalContact has the member edit the customer's remark
// (edit_external_contact).
func (c *Client) EditExternalContact(ctx context.Context, req ExternalContactRelation) (ExternalEventResult, error) {
	return c.externalEvent(ctx, "/_mock/externalcontact/edit", req)
}

func (c *Client) externalEvent(ctx context.Context, path string, body any) (ExternalEventResult, error) {
	var out ExternalEventResult
	err := c.do(ctx, http.MethodPost, path, body, &out)
	return out, err
}
