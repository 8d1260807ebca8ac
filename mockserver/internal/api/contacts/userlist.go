package contacts

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// simpleUserJSON is one row of user/simplelist.
type simpleUserJSON struct {
	UserID     string `json:"userid"`
	Name       string `json:"name"`
	Department []int  `json:"department"`
	OpenUserID string `json:"open_userid,omitempty"`
}

type userSimpleListResponse struct {
	UserList []simpleUserJSON `json:"userlist"`
}

type userListResponse struct {
	UserList []userResponse `json:"userlist"`
}

// departmentMembers reads department_id and fetch_child and returns the
// members the token sees there. department_id is required (40058 when
// missing or malformed); fetch_child=1 recurses into the subtree — the
// current docs (https://developer.work.weixin.qq.com/document/path/96260)
// dropped it but SDKs still send it.
func (a *API) departmentMembers(c *kernel.Call) ([]store.MemberView, error) {
	dept, err := deptIDParam(c, "department_id", true)
	if err != nil {
		return nil, err
	}
	members, err := a.env.Store.DepartmentMembers(c.Token, dept, c.Query.Get("fetch_child") == "1")
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return members, nil
}

// userSimpleList is GET /cgi-bin/user/simplelist?department_id=&fetch_child=.
func (a *API) userSimpleList(_ *http.Request, c *kernel.Call) (any, error) {
	members, err := a.departmentMembers(c)
	if err != nil {
		return nil, err
	}
	out := make([]simpleUserJSON, len(members))
	for i, v := range members {
		m := v.Member
		name := m.Name
		if v.ThirdParty {
			name = m.UserID // path/96259: third-party apps get the userid for the name
		}
		out[i] = simpleUserJSON{UserID: m.UserID, Name: name, Department: kernel.NonNil(m.Department), OpenUserID: v.OpenUserID}
	}
	return userSimpleListResponse{UserList: out}, nil
}

// userList is GET /cgi-bin/user/list?department_id=&fetch_child=: full
// member objects, each exactly as user/get returns it to this token.
func (a *API) userList(_ *http.Request, c *kernel.Call) (any, error) {
	members, err := a.departmentMembers(c)
	if err != nil {
		return nil, err
	}
	out := make([]userResponse, len(members))
	for i, v := range members {
		out[i] = newUserResponse(v)
	}
	return userListResponse{UserList: out}, nil
}

// List_id limits (https://developer.work.weixin.qq.com/document/path/96067).
const (
	listIDMaxLimit = 10000
)

type listIDRequest struct {
	Cursor string `json:"cursor"`
	Limit  *int   `json:"limit"`
}

type deptUserJSON struct {
	UserID     string `json:"userid"`
	Department int    `json:"department"`
}

type listIDResponse struct {
	NextCursor string         `json:"next_cursor"`
	DeptUser   []deptUserJSON `json:"dept_user"`
}

// listIDErrorFields is the empty list user/list_id's error bodies keep on
// the real host.
var listIDErrorFields = struct {
	DeptUser []deptUserJSON `json:"dept_user"`
}{[]deptUserJSON{}}

// userListID is POST /cgi-bin/user/list_id {"cursor":"","limit":10000}
// (https://developer.work.weixin.qq.com/document/path/96067): one row per
// (member, department) of the whole corp, in a stable order, paged by an
// opaque cursor; next_cursor is "" on the last page. Only the contacts-sync
// token may call it (the catalog answers 48002 to others). limit outside 1–10000 and a cursor the
// mock did not hand out are 40058; an absent limit means 10000 (the doc marks
// limit optional). Error bodies keep "dept_user":[].
func (a *API) userListID(r *http.Request, c *kernel.Call) (any, error) {
	var req listIDRequest
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	limit := listIDMaxLimit
	if req.Limit != nil {
		limit = *req.Limit
	}
	if limit < 1 || limit > listIDMaxLimit {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	offset := 0
	if req.Cursor != "" {
		var ok bool
		if offset, ok = parseListIDCursor(req.Cursor, c.Token.CorpID); !ok {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
	}
	rows, total, err := a.env.Store.DeptUsers(c.Token.CorpID, offset, limit)
	if err != nil {
		return nil, err
	}
	if offset > 0 && offset >= total {
		// The world changed under the cursor: it points nowhere now.
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	out := make([]deptUserJSON, len(rows))
	for i, row := range rows {
		out[i] = deptUserJSON{UserID: row.UserID, Department: row.Department}
	}
	next := ""
	if end := offset + len(rows); end < total {
		next = listIDCursor(end, c.Token.CorpID)
	}
	return listIDResponse{NextCursor: next, DeptUser: out}, nil
}

// listIDCursor encodes a row offset of corpID's list as an opaque cursor.
// Real cursors are opaque too; this one is only meant to round-trip.
func listIDCursor(offset int, corpID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.Itoa(offset) + ":" + corpID))
}

func parseListIDCursor(cursor, corpID string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[0] != "v1" || parts[2] != corpID {
		return 0, false
	}
	offset, err := strconv.Atoi(parts[1])
	if err != nil || offset <= 0 || strconv.Itoa(offset) != parts[1] {
		return 0, false
	}
	return offset, true
}
