package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strconv"
)

// Gender is a member's gender as WeCom sends it: a JSON string.
type Gender string

// The genders WeCom sends. Apps that may not read sensitive fields get "".
const (
	GenderUnknown Gender = "0"
	GenderMale    Gender = "1"
	GenderFemale  Gender = "2"
)

// Member status values (User.Status).
const (
	StatusActive      = 1
	StatusDisabled    = 2
	StatusNotActive   = 4
	StatusLeftCompany = 5
)

// User is a member as user/get and user/list return it
// (https://developer.work.weixin.qq.com/document/path/96255). Since 2022-06-20
// WeCom leaves avatar, gender, mobile, email, biz_mail, qr_code and address
// out for most apps; they are then empty.
type User struct {
	UserID string `json:"userid"`
	Name   string `json:"name"`
	// Department lists the member's department ids; Order and
	// IsLeaderInDept run parallel to it.
	Department []int   `json:"department"`
	Order      []int64 `json:"order"`
	// IsLeaderInDept has 1 where the member leads that department.
	IsLeaderInDept []int    `json:"is_leader_in_dept"`
	DirectLeader   []string `json:"direct_leader"`
	MainDepartment int      `json:"main_department"`
	Position       string   `json:"position"`
	Mobile         string   `json:"mobile"`
	Gender         Gender   `json:"gender"`
	Email          string   `json:"email"`
	BizMail        string   `json:"biz_mail"`
	// Avatar ends in /0 (full size), ThumbAvatar in /100.
	Avatar      string `json:"avatar"`
	ThumbAvatar string `json:"thumb_avatar"`
	Telephone   string `json:"telephone"`
	Alias       string `json:"alias"`
	Address     string `json:"address"`
	OpenUserID  string `json:"open_userid"`
	// Status is StatusActive, StatusDisabled, StatusNotActive or
	// StatusLeftCompany.
	Status           int              `json:"status"`
	QRCode           string           `json:"qr_code"`
	ExtAttr          ExtAttr          `json:"extattr"`
	ExternalPosition string           `json:"external_position"`
	ExternalProfile  *ExternalProfile `json:"external_profile,omitempty"`
	// Enable is 1 for an enabled account, 0 for a disabled one (older
	// answers only; see Status).
	Enable int `json:"enable"`
}

// ExtAttr holds a member's custom attributes (扩展属性).
type ExtAttr struct {
	Attrs []Attr `json:"attrs"`
}

// Attribute types (Attr.Type).
const (
	AttrTypeText        = 0
	AttrTypeWeb         = 1
	AttrTypeMiniProgram = 2
)

// Attr is one custom attribute; which of Text, Web and MiniProgram is set
// follows Type.
type Attr struct {
	Type        int              `json:"type"`
	Name        string           `json:"name"`
	Text        *AttrText        `json:"text,omitempty"`
	Web         *AttrWeb         `json:"web,omitempty"`
	MiniProgram *AttrMiniProgram `json:"miniprogram,omitempty"`
}

// AttrText is a text attribute's value.
type AttrText struct {
	Value string `json:"value"`
}

// AttrWeb is a web attribute's link.
type AttrWeb struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// AttrMiniProgram is a mini-program attribute's target.
type AttrMiniProgram struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath"`
	Title    string `json:"title"`
}

// ExternalProfile is the member's profile as external contacts see it.
type ExternalProfile struct {
	ExternalCorpName string          `json:"external_corp_name"`
	WechatChannels   *WechatChannels `json:"wechat_channels,omitempty"`
	ExternalAttr     []Attr          `json:"external_attr"`
}

// WechatChannels is the member's 视频号 shown to external contacts.
type WechatChannels struct {
	Nickname string `json:"nickname"`
	Status   int    `json:"status"`
}

// GetUser reads one member (GET /cgi-bin/user/get). Errors to expect:
// errcode.UserIDNotFound (60111) for an unknown userid, errcode.NoPrivilege
// (60011) for a member outside the app's visible range.
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	var out User
	if err := c.getJSON(ctx, "/cgi-bin/user/get", url.Values{"userid": {userID}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Recursion says whether a department listing includes sub-departments.
type Recursion bool

const (
	// DirectOnly lists the department's own members.
	DirectOnly Recursion = false
	// Recursive includes the members of every sub-department.
	Recursive Recursion = true
)

// ListUsers returns the members of a department with all their details
// (GET /cgi-bin/user/list). The current WeCom docs drop fetch_child and tell
// callers to recurse themselves; it is still sent, as other SDKs do.
func (c *Client) ListUsers(ctx context.Context, departmentID int, fetchChild Recursion) ([]User, error) {
	q := url.Values{"department_id": {strconv.Itoa(departmentID)}, "fetch_child": {"0"}}
	if fetchChild {
		q.Set("fetch_child", "1")
	}
	var out struct {
		UserList []User `json:"userlist"`
	}
	if err := c.getJSON(ctx, "/cgi-bin/user/list", q, &out); err != nil {
		return nil, err
	}
	return out.UserList, nil
}

// DeptUser is one row of user/list_id: a member in one department (a member
// in two departments has two rows).
type DeptUser struct {
	UserID     string `json:"userid"`
	Department int    `json:"department"`
}

// UserIDPage is one page of user/list_id.
type UserIDPage struct {
	Users []DeptUser `json:"dept_user"`
	// NextCursor continues the listing; it is empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// MaxUserIDPage is the largest page user/list_id hands out.
const MaxUserIDPage = 10000

// ListUserIDs returns one page of the corp's userids and their departments
// (POST /cgi-bin/user/list_id). Start with cursor "" and pass NextCursor
// until it is empty; limit is 1..10000 (0 leaves it to the server). WeCom
// allows this API to the contacts-sync secret only. See AllUserIDs and
// UserIDs to follow the cursor for you.
func (c *Client) ListUserIDs(ctx context.Context, cursor string, limit int) (*UserIDPage, error) {
	in := struct {
		Cursor string `json:"cursor,omitempty"`
		Limit  int    `json:"limit,omitempty"`
	}{cursor, limit}
	var out UserIDPage
	if err := c.postJSON(ctx, "/cgi-bin/user/list_id", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// errCursorLoop guards against a server that hands back a cursor already seen.
var errCursorLoop = errors.New("wecom /cgi-bin/user/list_id: next_cursor repeats an earlier cursor")

// UserIDs iterates over every row of user/list_id, fetching pages of
// pageSize rows (0 leaves it to the server) as the loop advances. An error
// ends the iteration as its last pair.
//
//	for row, err := range c.UserIDs(ctx, 1000) {
//		if err != nil { return err }
//		...
//	}
func (c *Client) UserIDs(ctx context.Context, pageSize int) iter.Seq2[DeptUser, error] {
	return func(yield func(DeptUser, error) bool) {
		seen := map[string]bool{}
		cursor := ""
		for {
			page, err := c.ListUserIDs(ctx, cursor, pageSize)
			if err != nil {
				yield(DeptUser{}, err)
				return
			}
			for _, u := range page.Users {
				if !yield(u, nil) {
					return
				}
			}
			if page.NextCursor == "" {
				return
			}
			if seen[page.NextCursor] {
				yield(DeptUser{}, fmt.Errorf("%w (%q)", errCursorLoop, page.NextCursor))
				return
			}
			seen[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
}

// AllUserIDs follows user/list_id's cursor to the end and returns every row,
// fetching the largest pages the API allows.
func (c *Client) AllUserIDs(ctx context.Context) ([]DeptUser, error) {
	var all []DeptUser
	for u, err := range c.UserIDs(ctx, MaxUserIDPage) {
		if err != nil {
			return nil, err
		}
		all = append(all, u)
	}
	return all, nil
}
