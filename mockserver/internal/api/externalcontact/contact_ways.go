package externalcontact

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// 联系我 contact ways (https://developer.work.weixin.qq.com/document/path/92228):
// add_contact_way, get_contact_way, update_contact_way, del_contact_way,
// list_contact_way and close_temp_chat. The rules are the store's; the
// handlers decode, and answer qr_code as a URL on the mock (contact_ways_qr.go).

func (a *API) contactWayModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/add_contact_way":    {Handle: a.addContactWay, CheckParams: true},
		"/cgi-bin/externalcontact/get_contact_way":    {Handle: a.getContactWay, CheckParams: true},
		"/cgi-bin/externalcontact/update_contact_way": {Handle: a.updateContactWay, CheckParams: true},
		"/cgi-bin/externalcontact/del_contact_way":    {Handle: a.delContactWay, CheckParams: true},
		"/cgi-bin/externalcontact/list_contact_way":   {Handle: a.listContactWay, CheckParams: true},
		"/cgi-bin/externalcontact/close_temp_chat":    {Handle: a.closeTempChat, CheckParams: true},
	}
}

// addContactWayBody is the JSON of add_contact_way.
type addContactWayBody struct {
	Type          kernel.IntField `json:"type"`
	Scene         kernel.IntField `json:"scene"`
	Style         kernel.IntField `json:"style"`
	Remark        string          `json:"remark"`
	SkipVerify    *bool           `json:"skip_verify"`
	State         string          `json:"state"`
	User          []string        `json:"user"`
	Party         []int           `json:"party"`
	IsTemp        bool            `json:"is_temp"`
	ExpiresIn     kernel.IntField `json:"expires_in"`
	ChatExpiresIn kernel.IntField `json:"chat_expires_in"`
	UnionID       string          `json:"unionid"`
	IsExclusive   bool            `json:"is_exclusive"`
	MarkSource    bool            `json:"mark_source"`
	Conclusions   json.RawMessage `json:"conclusions"`
}

// addContactWay is POST add_contact_way: config_id, and qr_code for a QR
// code way (scene 2) only.
func (a *API) addContactWay(r *http.Request, c *kernel.Call) (any, error) {
	var b addContactWayBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	conclusions, err := conclusionsOf(b.Conclusions)
	if err != nil {
		return nil, err
	}
	w, err := a.env.Store.AddContactWay(c.Token, store.ContactWaySpec{
		Type: int(b.Type.Int(0)), Scene: int(b.Scene.Int(0)), Style: int(b.Style.Int(0)),
		Remark: b.Remark, State: b.State, SkipVerify: b.SkipVerify, Users: b.User, Parties: b.Party,
		IsTemp: b.IsTemp, ExpiresIn: int(b.ExpiresIn.Int(0)), ChatExpiresIn: int(b.ChatExpiresIn.Int(0)),
		UnionID: b.UnionID, Conclusions: conclusions, IsExclusive: b.IsExclusive, MarkSource: b.MarkSource,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ConfigID string `json:"config_id"`
		QRCode   string `json:"qr_code,omitempty"`
	}{w.ConfigID, qrCodeURL(r, c.Token.CorpID, w)}, nil
}

// conclusionsOf is the conclusions object as given, nil when absent: 40058
// for anything but an object.
func conclusionsOf(raw json.RawMessage) ([]byte, error) {
	if kernel.RawJSONEmpty(raw) {
		return nil, nil
	}
	// The decoder checked it is JSON; an object is what is left to check.
	if raw = bytes.TrimSpace(raw); raw[0] != '{' {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	return raw, nil
}

// configIDBody is the JSON of get_contact_way and del_contact_way.
type configIDBody struct {
	ConfigID string `json:"config_id"`
}

// contactWayJSON is get_contact_way's contact_way. The temporary session's
// fields are shown for temporary ways only.
type contactWayJSON struct {
	ConfigID      string          `json:"config_id"`
	Type          int             `json:"type"`
	Scene         int             `json:"scene"`
	Style         int             `json:"style"`
	Remark        string          `json:"remark"`
	SkipVerify    bool            `json:"skip_verify"`
	State         string          `json:"state"`
	QRCode        string          `json:"qr_code,omitempty"`
	User          []string        `json:"user"`
	Party         []int           `json:"party"`
	IsTemp        bool            `json:"is_temp"`
	ExpiresIn     int             `json:"expires_in,omitempty"`
	ChatExpiresIn int             `json:"chat_expires_in,omitempty"`
	UnionID       string          `json:"unionid,omitempty"`
	IsExclusive   bool            `json:"is_exclusive"`
	MarkSource    bool            `json:"mark_source"`
	Conclusions   json.RawMessage `json:"conclusions,omitempty"`
}

// getContactWay is POST get_contact_way: 41044 for an unknown config_id
// (41043 without one is the catalog's check).
func (a *API) getContactWay(r *http.Request, c *kernel.Call) (any, error) {
	var b configIDBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	w, err := a.env.Store.GetContactWay(c.Token, b.ConfigID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := contactWayJSON{
		ConfigID: w.ConfigID, Type: w.Type, Scene: w.Scene, Style: w.Style, Remark: w.Remark,
		SkipVerify: w.SkipVerify, State: w.State, QRCode: qrCodeURL(r, c.Token.CorpID, w),
		User: kernel.NonNil(w.Users), Party: kernel.NonNil(w.Parties), IsTemp: w.IsTemp,
		IsExclusive: w.IsExclusive, MarkSource: w.MarkSource,
	}
	if w.IsTemp {
		out.ExpiresIn, out.ChatExpiresIn, out.UnionID = w.ExpiresIn, w.ChatExpiresIn, w.UnionID
		out.Conclusions = w.Conclusions
	}
	return struct {
		ContactWay contactWayJSON `json:"contact_way"`
	}{out}, nil
}

// updateContactWayBody is the JSON of update_contact_way: absent fields
// stay as they are.
type updateContactWayBody struct {
	ConfigID      string           `json:"config_id"`
	Remark        *string          `json:"remark"`
	SkipVerify    *bool            `json:"skip_verify"`
	Style         *kernel.IntField `json:"style"`
	State         *string          `json:"state"`
	User          *[]string        `json:"user"`
	Party         *[]int           `json:"party"`
	ExpiresIn     *kernel.IntField `json:"expires_in"`
	ChatExpiresIn *kernel.IntField `json:"chat_expires_in"`
	UnionID       *string          `json:"unionid"`
	IsExclusive   *bool            `json:"is_exclusive"`
	MarkSource    *bool            `json:"mark_source"`
	Conclusions   json.RawMessage  `json:"conclusions"`
}

// intOrNil is a given number field, nil when absent or null.
func intOrNil(f *kernel.IntField) *int {
	if f == nil || !f.Set {
		return nil
	}
	n := int(f.Int(0))
	return &n
}

// updateContactWay is POST update_contact_way: the given fields change.
func (a *API) updateContactWay(r *http.Request, c *kernel.Call) (any, error) {
	var b updateContactWayBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	conclusions, err := conclusionsOf(b.Conclusions)
	if err != nil {
		return nil, err
	}
	err = a.env.Store.UpdateContactWay(c.Token, store.ContactWayUpdate{
		ConfigID: b.ConfigID, Remark: b.Remark, State: b.State, UnionID: b.UnionID,
		SkipVerify: b.SkipVerify, IsExclusive: b.IsExclusive, MarkSource: b.MarkSource,
		Style: intOrNil(b.Style), ExpiresIn: intOrNil(b.ExpiresIn), ChatExpiresIn: intOrNil(b.ChatExpiresIn),
		Users: b.User, Parties: b.Party, Conclusions: conclusions,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}

// delContactWay is POST del_contact_way: 41044 for an unknown config_id.
func (a *API) delContactWay(r *http.Request, c *kernel.Call) (any, error) {
	var b configIDBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if err := a.env.Store.DeleteContactWay(c.Token, b.ConfigID); err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}

// listContactWayBody is the JSON of list_contact_way.
type listContactWayBody struct {
	StartTime kernel.IntField `json:"start_time"`
	EndTime   kernel.IntField `json:"end_time"`
	Cursor    string          `json:"cursor"`
	Limit     kernel.IntField `json:"limit"`
}

type configIDJSON struct {
	ConfigID string `json:"config_id"`
}

// listContactWay is POST list_contact_way: the ways created between
// start_time (default 90 days ago) and end_time (default now), limit
// (default 100, at most 1000) a page.
func (a *API) listContactWay(r *http.Request, c *kernel.Call) (any, error) {
	var b listContactWayBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	p, err := a.env.Store.ListContactWays(c.Token, store.ContactWayFilter{
		StartTime: b.StartTime.Int(0), EndTime: b.EndTime.Int(0), Cursor: b.Cursor, Limit: int(b.Limit.Int(0)),
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	list := make([]configIDJSON, len(p.ConfigIDs))
	for i, id := range p.ConfigIDs {
		list[i] = configIDJSON{id}
	}
	return struct {
		ContactWay []configIDJSON `json:"contact_way"`
		NextCursor string         `json:"next_cursor"`
	}{list, p.NextCursor}, nil
}

// closeTempChatBody is the JSON of close_temp_chat.
type closeTempChatBody struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
}

// closeTempChat is POST close_temp_chat: the temporary chat ends, and with
// it the relationship the temporary way made (84061 when there is none).
func (a *API) closeTempChat(r *http.Request, c *kernel.Call) (any, error) {
	var b closeTempChatBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if !fixtures.ValidUserID(b.UserID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	if err := a.env.Store.CloseTempChat(c.Token, b.UserID, b.ExternalUserID); err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}
