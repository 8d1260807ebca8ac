package contacts

import (
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// DepartmentBody is the JSON of department/create and /update (and of the
// control API's department changes).
type DepartmentBody struct {
	ID       *kernel.IntField `json:"id"`
	Name     *string          `json:"name"`
	NameEn   *string          `json:"name_en"`
	ParentID *kernel.IntField `json:"parentid"`
	Order    *kernel.IntField `json:"order"`
}

// CheckDepartmentName checks a department name as department/create does:
// 1–32 characters (60001), none of \:*?"<>| (60009).
func CheckDepartmentName(name string) error {
	switch {
	case name == "" || utf8.RuneCountInString(name) > 32:
		return kernel.Err(errcode.InvalidDeptName)
	case strings.ContainsAny(name, `\:*?"<>|`):
		return kernel.Err(errcode.DeptNameIllegal)
	}
	return nil
}

// applyDepartmentBody copies the present fields of b onto d.
func applyDepartmentBody(d *fixtures.Department, b *DepartmentBody) error {
	if b.Name != nil {
		if err := CheckDepartmentName(*b.Name); err != nil {
			return err
		}
		d.Name = *b.Name
	}
	if b.NameEn != nil {
		if *b.NameEn != "" {
			if err := CheckDepartmentName(*b.NameEn); err != nil {
				return err
			}
		}
		d.NameEn = *b.NameEn
	}
	if b.ParentID != nil && b.ParentID.Set {
		if !b.ParentID.OK || b.ParentID.N < 1 || b.ParentID.N > 1<<31-1 {
			return kernel.Err(errcode.ParentDeptNotFound)
		}
		d.ParentID = int(b.ParentID.N)
	}
	if b.Order != nil && b.Order.Set {
		if !b.Order.OK || b.Order.N < 0 || b.Order.N >= 1<<32 {
			return kernel.Err(errcode.InvalidParameter)
		}
		d.Order = b.Order.N
	}
	return nil
}
