package contacts

import (
	"net/http"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// departmentJSON is one department as department/list and department/get
// return it: ids and order are JSON numbers, department_leader always an
// array (https://developer.work.weixin.qq.com/document/path/90344).
type departmentJSON struct {
	ID               int      `json:"id"`
	Name             string   `json:"name"`
	NameEn           string   `json:"name_en"`
	DepartmentLeader []string `json:"department_leader"`
	ParentID         int      `json:"parentid"`
	Order            int64    `json:"order"`
}

func newDepartmentJSON(d fixtures.Department) departmentJSON {
	return departmentJSON{
		ID:               d.ID,
		Name:             d.Name,
		NameEn:           d.NameEn,
		DepartmentLeader: kernel.NonNil(d.Leaders),
		ParentID:         d.ParentID,
		Order:            d.Order,
	}
}

type departmentListResponse struct {
	Department []departmentJSON `json:"department"`
}

type departmentGetResponse struct {
	Department departmentJSON `json:"department"`
}

// departmentIDJSON is one row of department/simplelist.
type departmentIDJSON struct {
	ID       int   `json:"id"`
	ParentID int   `json:"parentid"`
	Order    int64 `json:"order"`
}

type departmentSimpleListResponse struct {
	DepartmentID []departmentIDJSON `json:"department_id"`
}

// simpleListErrorFields is the empty list department/simplelist's error
// bodies keep on the real host.
var simpleListErrorFields = departmentSimpleListResponse{DepartmentID: []departmentIDJSON{}}

// deptIDParam reads a department id from the query. An absent or empty
// parameter is (0, true) when optional; id=0 also means "not given", as SDKs
// that send a zero struct field expect. A missing required id or one that is
// not a non-negative integer is 40058 (a required parameter empty or invalid:
// 40058 troubleshooting items 2 and 3) — the real errcode for a malformed
// department id is not documented.
func deptIDParam(c *kernel.Call, key string, required bool) (int, error) {
	raw := c.Query.Get(key)
	if raw == "" {
		if required {
			return 0, kernel.Err(errcode.InvalidParameter)
		}
		return 0, nil
	}
	id, err := strconv.ParseUint(raw, 10, 31)
	if err != nil || (required && id == 0) {
		return 0, kernel.Err(errcode.InvalidParameter)
	}
	return int(id), nil
}

// departmentList is GET /cgi-bin/department/list?id=
// (https://developer.work.weixin.qq.com/document/path/90344): the subtree of
// id including itself, or every department the token sees when id is omitted,
// parents before children (siblings by descending order).
func (a *API) departmentList(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := deptIDParam(c, "id", false)
	if err != nil {
		return nil, err
	}
	depts, err := a.env.Store.Departments(c.Token, id)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]departmentJSON, len(depts))
	for i, d := range depts {
		out[i] = newDepartmentJSON(d)
	}
	return departmentListResponse{Department: out}, nil
}

// departmentSimpleList is GET /cgi-bin/department/simplelist?id=: the same
// departments as department/list, ids only. Its errors keep
// "department_id":[].
func (a *API) departmentSimpleList(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := deptIDParam(c, "id", false)
	if err != nil {
		return nil, err
	}
	depts, err := a.env.Store.Departments(c.Token, id)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]departmentIDJSON, len(depts))
	for i, d := range depts {
		out[i] = departmentIDJSON{ID: d.ID, ParentID: d.ParentID, Order: d.Order}
	}
	return departmentSimpleListResponse{DepartmentID: out}, nil
}

// departmentGet is GET /cgi-bin/department/get?id=: one department as an
// object; id is required.
func (a *API) departmentGet(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := deptIDParam(c, "id", true)
	if err != nil {
		return nil, err
	}
	d, err := a.env.Store.Department(c.Token, id)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return departmentGetResponse{Department: newDepartmentJSON(d)}, nil
}
