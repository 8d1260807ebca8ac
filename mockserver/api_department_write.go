package mockserver

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Department writes: department/create, /update, /delete
// (https://developer.work.weixin.qq.com/document/path/90205).

// departmentWriteBody is the JSON of department/create and /update.
type departmentWriteBody struct {
	ID       *kernel.IntField `json:"id"`
	Name     *string          `json:"name"`
	NameEn   *string          `json:"name_en"`
	ParentID *kernel.IntField `json:"parentid"`
	Order    *kernel.IntField `json:"order"`
}

// deptName checks a department name: 1–32 characters (60001), none of
// \:*?"<>| (60009).
func deptName(name string) error {
	switch {
	case name == "" || utf8.RuneCountInString(name) > 32:
		return wecomErr(errcode.InvalidDeptName)
	case strings.ContainsAny(name, `\:*?"<>|`):
		return wecomErr(errcode.DeptNameIllegal)
	}
	return nil
}

// applyDepartmentBody copies the present fields of b onto d.
func applyDepartmentBody(d *fixtures.Department, b *departmentWriteBody) error {
	if b.Name != nil {
		if err := deptName(*b.Name); err != nil {
			return err
		}
		d.Name = *b.Name
	}
	if b.NameEn != nil {
		if *b.NameEn != "" {
			if err := deptName(*b.NameEn); err != nil {
				return err
			}
		}
		d.NameEn = *b.NameEn
	}
	if b.ParentID != nil && b.ParentID.Set {
		if !b.ParentID.OK || b.ParentID.N < 1 || b.ParentID.N > 1<<31-1 {
			return wecomErr(errcode.ParentDeptNotFound)
		}
		d.ParentID = int(b.ParentID.N)
	}
	if b.Order != nil && b.Order.Set {
		if !b.Order.OK || b.Order.N < 0 || b.Order.N >= 1<<32 {
			return wecomErr(errcode.InvalidParameter)
		}
		d.Order = b.Order.N
	}
	return nil
}

// departmentCreate is POST /cgi-bin/department/create
// (https://developer.work.weixin.qq.com/document/path/90205):
// {"errcode":0,"errmsg":"created","id":N}.
func (s *Server) departmentCreate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b departmentWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	ch, _, err := s.createDepartment(c.Token.CorpID, &b, store.OriginContactsAPI)
	if err != nil {
		return nil, err
	}
	return withMsg{Msg: "created", Body: struct {
		ID int `json:"id"`
	}{ch.Department.ID}}, nil
}

func (s *Server) createDepartment(corpID string, b *departmentWriteBody, origin store.Origin) (store.ContactChange, []string, error) {
	var d fixtures.Department
	switch {
	case b.Name == nil:
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptName)
	case b.ParentID == nil || !b.ParentID.Set:
		return store.ContactChange{}, nil, wecomErr(errcode.ParentDeptNotFound)
	}
	if b.ID != nil && b.ID.Set {
		if !b.ID.OK || b.ID.N < 2 || b.ID.N > 1<<31-1 {
			return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptID)
		}
		d.ID = int(b.ID.N)
	}
	if err := applyDepartmentBody(&d, b); err != nil {
		return store.ContactChange{}, nil, err
	}
	return s.publishContact(s.store.CreateDepartment(corpID, d, origin))
}

// departmentUpdate is POST /cgi-bin/department/update
// (https://developer.work.weixin.qq.com/document/path/90205):
// {"errcode":0,"errmsg":"updated"}.
func (s *Server) departmentUpdate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b departmentWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	if _, _, err := s.updateDepartmentFromBody(c.Token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{Msg: "updated"}, nil
}

func (s *Server) updateDepartmentFromBody(corpID string, b *departmentWriteBody, origin store.Origin) (store.ContactChange, []string, error) {
	if b.ID == nil || !b.ID.Set || !b.ID.OK || b.ID.N < 1 || b.ID.N > 1<<31-1 {
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptID)
	}
	return s.updateDepartment(corpID, int(b.ID.N), func(d *fixtures.Department) error {
		return applyDepartmentBody(d, b)
	}, origin)
}

func (s *Server) updateDepartment(corpID string, id int, update func(*fixtures.Department) error, origin store.Origin) (store.ContactChange, []string, error) {
	return s.publishContact(s.store.UpdateDepartment(corpID, id, update, origin))
}

// departmentDelete is GET /cgi-bin/department/delete?id=:
// {"errcode":0,"errmsg":"deleted"}; only an empty department can go.
func (s *Server) departmentDelete(_ *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	id, err := deptIDParam(c, "id", true)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.deleteDepartment(c.Token.CorpID, id, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{Msg: "deleted"}, nil
}

func (s *Server) deleteDepartment(corpID string, id int, origin store.Origin) (store.ContactChange, []string, error) {
	return s.publishContact(s.store.DeleteDepartment(corpID, id, origin))
}
