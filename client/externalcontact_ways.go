package client

import "context"

// 联系我 contact ways: the QR codes and mini-program buttons through which
// customers add members (https://developer.work.weixin.qq.com/document/path/92228).

// Contact way types (ContactWay.Type) and scenes (ContactWay.Scene).
const (
	ContactWaySingle = 1 // one member
	ContactWayMulti  = 2 // several members, one picked at random

	ContactWaySceneMiniProgram = 1 // a button in a mini program
	ContactWaySceneQRCode      = 2 // a QR code
)

// ContactWay is a 联系我 configuration. Customers who add a member through
// it carry its State in the add_external_contact event.
type ContactWay struct {
	// ConfigID and QRCode are WeCom's; they are not sent when adding.
	ConfigID string `json:"config_id,omitempty"`
	QRCode   string `json:"qr_code,omitempty"`

	// Type is ContactWaySingle or ContactWayMulti, Scene
	// ContactWaySceneMiniProgram or ContactWaySceneQRCode.
	Type  int `json:"type"`
	Scene int `json:"scene"`
	// Style is the mini-program button's style (1–5).
	Style int `json:"style,omitempty"`
	// Remark is at most 30 characters, State 30.
	Remark string `json:"remark,omitempty"`
	// SkipVerify lets customers add the member without their approval.
	// It is always sent: WeCom's default when it is absent is true.
	SkipVerify bool   `json:"skip_verify"`
	State      string `json:"state,omitempty"`
	// User and Party are the members and departments behind the way (one
	// member for ContactWaySingle).
	User  []string `json:"user,omitempty"`
	Party []int    `json:"party,omitempty"`
	// IsTemp makes a temporary-session way: its QR code lasts ExpiresIn
	// seconds (default 7 days), the chat ChatExpiresIn (default 24 h), for
	// the WeChat user UnionID only, if set.
	IsTemp        bool   `json:"is_temp,omitempty"`
	ExpiresIn     int    `json:"expires_in,omitempty"`
	ChatExpiresIn int    `json:"chat_expires_in,omitempty"`
	UnionID       string `json:"unionid,omitempty"`
	// IsExclusive lets a customer add only one member of the corp.
	IsExclusive bool `json:"is_exclusive,omitempty"`
	// MarkSource marks the customer's source in the WeCom client.
	MarkSource  bool         `json:"mark_source,omitempty"`
	Conclusions *Conclusions `json:"conclusions,omitempty"`
}

// Conclusions are what a temporary session sends when it ends (结束语).
type Conclusions struct {
	Text        *ConclusionText        `json:"text,omitempty"`
	Image       *AttachmentImage       `json:"image,omitempty"`
	Link        *AttachmentLink        `json:"link,omitempty"`
	MiniProgram *AttachmentMiniProgram `json:"miniprogram,omitempty"`
}

// ConclusionText is a text conclusion.
type ConclusionText struct {
	Content string `json:"content"`
}

// ContactWayCreated is what add_contact_way answers.
type ContactWayCreated struct {
	ConfigID string `json:"config_id"`
	// QRCode is the QR code's image URL (scene ContactWaySceneQRCode).
	QRCode string `json:"qr_code"`
}

// AddContactWay creates a contact way
// (POST /cgi-bin/externalcontact/add_contact_way); ConfigID and QRCode of w
// are ignored. Errors to expect: errcode.InvalidContactWayType (41039),
// errcode.InvalidContactWayScene (41040), errcode.ContactWayTooManyUsers
// (41041), errcode.ContactWayLimit (41045).
func (c *Client) AddContactWay(ctx context.Context, w ContactWay) (*ContactWayCreated, error) {
	w.ConfigID, w.QRCode = "", ""
	var out ContactWayCreated
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/add_contact_way", w, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetContactWay reads a contact way
// (POST /cgi-bin/externalcontact/get_contact_way). Errors to expect:
// errcode.InvalidConfigID (41044) for an unknown config_id.
func (c *Client) GetContactWay(ctx context.Context, configID string) (*ContactWay, error) {
	in := struct {
		ConfigID string `json:"config_id"`
	}{configID}
	var out struct {
		ContactWay ContactWay `json:"contact_way"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/get_contact_way", in, &out); err != nil {
		return nil, err
	}
	return &out.ContactWay, nil
}
