package client

import (
	"context"
	"net/url"
	"strconv"
)

// Department is one department as department/list returns it.
type Department struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	NameEn   string `json:"name_en"`
	ParentID int    `json:"parentid"`
	// Order sorts siblings, larger first; it ranges over [0, 2^32).
	Order int64 `json:"order"`
	// DepartmentLeader lists the userids of the department's leaders.
	DepartmentLeader []string `json:"department_leader"`
}

// ListDepartments returns department id and its whole subtree
// (GET /cgi-bin/department/list); id 0 lists every department the token can
// see. A self-built app sees only its visible range; name and name_en are
// hidden from third-party apps.
func (c *Client) ListDepartments(ctx context.Context, id int) ([]Department, error) {
	q := url.Values{}
	if id != 0 {
		q.Set("id", strconv.Itoa(id))
	}
	var out struct {
		Department []Department `json:"department"`
	}
	if err := c.getJSON(ctx, "/cgi-bin/department/list", q, &out); err != nil {
		return nil, err
	}
	return out.Department, nil
}
