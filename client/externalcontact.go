package client

import (
	"context"
	"fmt"
	"iter"
	"net/url"
)

// 客户联系 (external contacts): the customers of the corp's members.
// These APIs take the 客户联系 secret's token, or the token of a self-built
// app listed under 客户联系 → 可调用应用; a member who is not configured
// for 客户联系 gets errcode.NoExternalContactPrivilege (84074).
// Tags, contact ways, customer groups and transfers have files of their own.

// Customer types (ExternalContact.Type).
const (
	CustomerWeChat = 1 // a WeChat user
	CustomerWeCom  = 2 // a WeCom user of another corp
)

// Customer genders (ExternalContact.Gender): unlike a member's, a number.
const (
	CustomerGenderUnknown = 0
	CustomerGenderMale    = 1
	CustomerGenderFemale  = 2
)

// ExternalContact is a customer as externalcontact/get and
// batch/get_by_user return it
// (https://developer.work.weixin.qq.com/document/path/92114).
type ExternalContact struct {
	ExternalUserID string `json:"external_userid"`
	// Name is a WeChat user's nickname, or a WeCom user's alias or name.
	Name   string `json:"name"`
	Avatar string `json:"avatar"`
	// Type is CustomerWeChat or CustomerWeCom.
	Type int `json:"type"`
	// Gender is CustomerGenderUnknown, CustomerGenderMale or
	// CustomerGenderFemale (always unknown for third-party apps).
	Gender int `json:"gender"`
	// UnionID is a WeChat user's unionid, when the corp has bound a WeChat
	// developer account.
	UnionID string `json:"unionid,omitempty"`
	// Position, CorpName, CorpFullName and ExternalProfile describe a WeCom
	// user (type 2).
	Position        string           `json:"position,omitempty"`
	CorpName        string           `json:"corp_name,omitempty"`
	CorpFullName    string           `json:"corp_full_name,omitempty"`
	ExternalProfile *ExternalProfile `json:"external_profile,omitempty"`
}

// Follow-user tag types (FollowUserTag.Type).
const (
	TagTypeCorp     = 1 // a corp tag (企业标签)
	TagTypePersonal = 2 // a member's own tag; it has no TagID
	TagTypeStrategy = 3 // a rule-group tag (规则组标签)
)

// FollowUserTag is a tag a member put on a customer.
type FollowUserTag struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	TagID     string `json:"tag_id,omitempty"`
	Type      int    `json:"type"`
}

// FollowChannel is the WeChat Channels account (视频号) a customer came
// through when AddWay is 10.
type FollowChannel struct {
	Nickname string `json:"nickname"`
	// Source is 0 unknown, 1 the account's home page, 2 its live room.
	Source int `json:"source"`
}

// FollowUser is one member's relationship with a customer (跟进人), as
// externalcontact/get returns it.
type FollowUser struct {
	UserID      string `json:"userid"`
	Remark      string `json:"remark"`
	Description string `json:"description"`
	// CreateTime is when the member added the customer (Unix seconds).
	CreateTime     int64           `json:"createtime"`
	Tags           []FollowUserTag `json:"tags"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles"`
	// AddWay is how the customer was added: 1 scanned a QR code, 2 phone
	// search, 3 shared card, … 202 assigned by an administrator (see the
	// docs of externalcontact/get).
	AddWay         int            `json:"add_way"`
	WechatChannels *FollowChannel `json:"wechat_channels,omitempty"`
	// OperUserID is who made the relationship: the member, the customer
	// (their external_userid) or the administrator who assigned them.
	OperUserID string `json:"oper_userid"`
	// State is the state of the contact way the customer came through.
	State string `json:"state,omitempty"`
}

// Customer is a customer with the members who follow them.
type Customer struct {
	ExternalContact ExternalContact
	FollowUsers     []FollowUser
}

// FollowUserList returns the members configured for 客户联系
// (GET /cgi-bin/externalcontact/get_follow_user_list,
// https://developer.work.weixin.qq.com/document/path/92571): only they can
// have customers.
func (c *Client) FollowUserList(ctx context.Context) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := c.getJSON(ctx, "/cgi-bin/externalcontact/get_follow_user_list", nil, &out); err != nil {
		return nil, err
	}
	return out.FollowUser, nil
}

// ListExternalContacts returns the external_userids of a member's customers
// (GET /cgi-bin/externalcontact/list,
// https://developer.work.weixin.qq.com/document/path/92113). A member
// without customers gets errcode.NotExternalContact (84061), one not
// configured for 客户联系 errcode.NoExternalContactPrivilege (84074).
func (c *Client) ListExternalContacts(ctx context.Context, userID string) ([]string, error) {
	var out struct {
		ExternalUserID []string `json:"external_userid"`
	}
	if err := c.getJSON(ctx, "/cgi-bin/externalcontact/list", url.Values{"userid": {userID}}, &out); err != nil {
		return nil, err
	}
	return out.ExternalUserID, nil
}

const externalContactGetPath = "/cgi-bin/externalcontact/get"

// GetExternalContact reads a customer and every member who follows them
// (GET /cgi-bin/externalcontact/get,
// https://developer.work.weixin.qq.com/document/path/92114). WeCom hands
// out the follow-users 500 a page; this follows next_cursor to the end. An
// app sees only the follow-users in its visible range. Errors to expect:
// errcode.InvalidExternalUserID (40096) for an unknown customer.
func (c *Client) GetExternalContact(ctx context.Context, externalUserID string) (*Customer, error) {
	var (
		out    Customer
		seen   = map[string]bool{}
		cursor string
	)
	for {
		q := url.Values{"external_userid": {externalUserID}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			ExternalContact ExternalContact `json:"external_contact"`
			FollowUser      []FollowUser    `json:"follow_user"`
			NextCursor      string          `json:"next_cursor"`
		}
		if err := c.getJSON(ctx, externalContactGetPath, q, &page); err != nil {
			return nil, err
		}
		out.ExternalContact = page.ExternalContact
		out.FollowUsers = append(out.FollowUsers, page.FollowUser...)
		if page.NextCursor == "" {
			return &out, nil
		}
		if seen[page.NextCursor] {
			return nil, cursorLoop(externalContactGetPath, page.NextCursor)
		}
		seen[page.NextCursor] = true
		cursor = page.NextCursor
	}
}

// cursorLoop is the error of a listing whose server hands back a cursor it
// already gave.
func cursorLoop(path, cursor string) error {
	return fmt.Errorf("wecom %s: next_cursor repeats an earlier cursor (%q)", path, cursor)
}

// FollowInfo is a member's relationship with a customer as
// batch/get_by_user returns it: the corp and rule-group tags by id only.
type FollowInfo struct {
	UserID         string         `json:"userid"`
	Remark         string         `json:"remark"`
	Description    string         `json:"description"`
	CreateTime     int64          `json:"createtime"`
	TagIDs         []string       `json:"tag_id"`
	RemarkCorpName string         `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string       `json:"remark_mobiles"`
	AddWay         int            `json:"add_way"`
	WechatChannels *FollowChannel `json:"wechat_channels,omitempty"`
	OperUserID     string         `json:"oper_userid"`
	State          string         `json:"state,omitempty"`
}

// FollowedCustomer is one entry of batch/get_by_user: a customer and one
// member who follows them (a customer of two listed members comes twice).
type FollowedCustomer struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowInfo      FollowInfo      `json:"follow_info"`
}

// FollowedCustomerPage is one page of batch/get_by_user.
type FollowedCustomerPage struct {
	Customers []FollowedCustomer `json:"external_contact_list"`
	// NextCursor continues the listing; it is empty on the last page.
	NextCursor string `json:"next_cursor"`
	// UnlicensedUserIDs are listed members without an API licence, whose
	// customers were left out.
	UnlicensedUserIDs []string `json:"-"`
}

// MaxBatchCustomers is the largest page batch/get_by_user hands out, and
// MaxBatchUsers the most members one call may list.
const (
	MaxBatchCustomers = 100
	MaxBatchUsers     = 100
)

const batchGetByUserPath = "/cgi-bin/externalcontact/batch/get_by_user"

// BatchGetByUser returns one page of the customers of up to 100 members
// (POST /cgi-bin/externalcontact/batch/get_by_user,
// https://developer.work.weixin.qq.com/document/path/92994). Start with
// cursor "" and pass NextCursor until it is empty; limit is 1..100 (0
// leaves WeCom's default, 50). CustomersOf follows the cursor for you.
func (c *Client) BatchGetByUser(ctx context.Context, userIDs []string, cursor string, limit int) (*FollowedCustomerPage, error) {
	in := struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor,omitempty"`
		Limit      int      `json:"limit,omitempty"`
	}{userIDs, cursor, limit}
	var out struct {
		FollowedCustomerPage
		FailInfo struct {
			UnlicensedUserIDList []string `json:"unlicensed_userid_list"`
		} `json:"fail_info"`
	}
	if err := c.postJSON(ctx, batchGetByUserPath, in, &out); err != nil {
		return nil, err
	}
	page := out.FollowedCustomerPage
	page.UnlicensedUserIDs = out.FailInfo.UnlicensedUserIDList
	return &page, nil
}

// CustomersOf iterates over the customers of the given members, fetching
// pages of pageSize entries (0: WeCom's default) as the loop goes on. An
// error ends the iteration after being yielded once.
//
//	for cust, err := range c.CustomersOf(ctx, []string{"zhangsan"}, 100) {
//		if err != nil { return err }
//		...
//	}
func (c *Client) CustomersOf(ctx context.Context, userIDs []string, pageSize int) iter.Seq2[FollowedCustomer, error] {
	return func(yield func(FollowedCustomer, error) bool) {
		seen := map[string]bool{}
		cursor := ""
		for {
			page, err := c.BatchGetByUser(ctx, userIDs, cursor, pageSize)
			if err != nil {
				yield(FollowedCustomer{}, err)
				return
			}
			for _, fc := range page.Customers {
				if !yield(fc, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if seen[page.NextCursor] {
				yield(FollowedCustomer{}, cursorLoop(batchGetByUserPath, page.NextCursor))
				return
			}
			seen[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
}

// CustomerRemark is the body of externalcontact/remark: what member
// UserID notes about customer ExternalUserID. Nil fields are left as
// they are; RemarkMobiles replaces the whole list.
type CustomerRemark struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	// Remark is at most 20 characters, Description 150, RemarkCompany 20
	// (WeChat customers only).
	Remark        *string   `json:"remark,omitempty"`
	Description   *string   `json:"description,omitempty"`
	RemarkCompany *string   `json:"remark_company,omitempty"`
	RemarkMobiles *[]string `json:"remark_mobiles,omitempty"`
	// RemarkPicMediaID is an uploaded image (a business card, say).
	RemarkPicMediaID string `json:"remark_pic_mediaid,omitempty"`
}

// Remark changes a member's notes on a customer
// (POST /cgi-bin/externalcontact/remark,
// https://developer.work.weixin.qq.com/document/path/92115). Errors to
// expect: errcode.NotExternalContact (84061) when the member does not
// follow the customer.
func (c *Client) Remark(ctx context.Context, r CustomerRemark) error {
	return c.postJSON(ctx, "/cgi-bin/externalcontact/remark", r, nil)
}
