package contacts

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Department writes: department/create, /update, /delete
// (https://developer.work.weixin.qq.com/document/path/90205). The exported
// methods are the same writes for the server's Go and control APIs; they
// return the change and its callback delivery ids.

// CreateDepartment adds department d (ID 0 takes the next free id) and
// publishes create_party. Its name is checked as department/create checks
// it; 1 is the root's id, never free.
func (a *API) CreateDepartment(corpID string, d fixtures.Department, origin store.Origin) (store.ContactChange, []string, error) {
	if err := CheckDepartmentName(d.Name); err != nil {
		return store.ContactChange{}, nil, err
	}
	if d.ID < 0 || d.ID == 1 {
		return store.ContactChange{}, nil, kernel.Err(errcode.InvalidDeptID)
	}
	return a.publish(a.env.Store.CreateDepartment(corpID, d, origin))
}

// CreateDepartmentFromBody is CreateDepartment of a department/create body:
// name and parentid are required.
func (a *API) CreateDepartmentFromBody(corpID string, b *DepartmentBody, origin store.Origin) (store.ContactChange, []string, error) {
	var d fixtures.Department
	switch {
	case b.Name == nil:
		return store.ContactChange{}, nil, kernel.Err(errcode.InvalidDeptName)
	case b.ParentID == nil || !b.ParentID.Set:
		return store.ContactChange{}, nil, kernel.Err(errcode.ParentDeptNotFound)
	}
	if b.ID != nil && b.ID.Set {
		if !b.ID.OK || b.ID.N < 2 || b.ID.N > 1<<31-1 {
			return store.ContactChange{}, nil, kernel.Err(errcode.InvalidDeptID)
		}
		d.ID = int(b.ID.N)
	}
	if err := applyDepartmentBody(&d, b); err != nil {
		return store.ContactChange{}, nil, err
	}
	return a.publish(a.env.Store.CreateDepartment(corpID, d, origin))
}

// UpdateDepartment changes department id with update and publishes
// update_party when its name or parent changed.
func (a *API) UpdateDepartment(corpID string, id int, update func(*fixtures.Department) error, origin store.Origin) (store.ContactChange, []string, error) {
	return a.publish(a.env.Store.UpdateDepartment(corpID, id, update, origin))
}

// UpdateDepartmentFromBody is UpdateDepartment of a department/update body.
func (a *API) UpdateDepartmentFromBody(corpID string, b *DepartmentBody, origin store.Origin) (store.ContactChange, []string, error) {
	if b.ID == nil || !b.ID.Set || !b.ID.OK || b.ID.N < 1 || b.ID.N > 1<<31-1 {
		return store.ContactChange{}, nil, kernel.Err(errcode.InvalidDeptID)
	}
	return a.UpdateDepartment(corpID, int(b.ID.N), func(d *fixtures.Department) error {
		return applyDepartmentBody(d, b)
	}, origin)
}

// DeleteDepartment removes an empty department and publishes delete_party.
func (a *API) DeleteDepartment(corpID string, id int, origin store.Origin) (store.ContactChange, []string, error) {
	return a.publish(a.env.Store.DeleteDepartment(corpID, id, origin))
}

// departmentCreate is POST /cgi-bin/department/create
// (https://developer.work.weixin.qq.com/document/path/90205):
// {"errcode":0,"errmsg":"created","id":N}.
func (a *API) departmentCreate(r *http.Request, c *kernel.Call) (any, error) {
	var b DepartmentBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	ch, _, err := a.CreateDepartmentFromBody(c.Token.CorpID, &b, store.OriginContactsAPI)
	if err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "created", Body: struct {
		ID int `json:"id"`
	}{ch.Department.ID}}, nil
}

// departmentUpdate is POST /cgi-bin/department/update
// (https://developer.work.weixin.qq.com/document/path/90205):
// {"errcode":0,"errmsg":"updated"}.
func (a *API) departmentUpdate(r *http.Request, c *kernel.Call) (any, error) {
	var b DepartmentBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if _, _, err := a.UpdateDepartmentFromBody(c.Token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "updated"}, nil
}

// departmentDelete is GET /cgi-bin/department/delete?id=:
// {"errcode":0,"errmsg":"deleted"}; only an empty department can go.
func (a *API) departmentDelete(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := deptIDParam(c, "id", true)
	if err != nil {
		return nil, err
	}
	if _, _, err := a.DeleteDepartment(c.Token.CorpID, id, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "deleted"}, nil
}
