package batch

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// A department row of replace_party
// (https://developer.work.weixin.qq.com/document/path/90982): 部门名称,
// 部门ID and 父部门ID are required; 排序 empty or 0 leaves the order as it
// is. Rows are applied parents first, so a file may list a child before
// its parent.

// partyRow is one department row, or the errcode of its first bad cell.
type partyRow struct {
	d   fixtures.Department
	bad errcode.Code
}

// Replace-party actions of getresult, or-ed.
const (
	actionCreate = 1
	actionRename = 2
	actionMove   = 4
	actionOrder  = 8
)

// partyRows reads a department file.
func partyRows(data []byte) ([]partyRow, error) {
	t, err := parseTable(data, partyColumns, colPartyName, colPartyID, colParentID)
	if err != nil {
		return nil, err
	}
	rows := make([]partyRow, len(t.rows))
	seen := map[int]bool{}
	for i, c := range t.rows {
		r := &rows[i]
		r.d.Name = c[colPartyName]
		id, err := strconv.Atoi(c[colPartyID])
		parent, perr := strconv.Atoi(c[colParentID])
		order, oerr := strconv.ParseInt(orZero(c[colOrder]), 10, 64)
		r.d.ID, r.d.ParentID, r.d.Order = id, parent, order
		switch {
		case err != nil || id < 1:
			r.bad = errcode.InvalidDeptID
		case perr != nil || parent < 0 || (parent == 0) != (id == 1):
			r.bad = errcode.ParentDeptNotFound
		case oerr != nil || order < 0:
			r.bad = errcode.InvalidParameter
		case !validDeptName(r.d.Name):
			r.bad = errcode.DeptNameIllegal
		case seen[id]:
			r.bad = errcode.DeptExisted // the same id twice in the file
		}
		seen[id] = true
	}
	return parentsFirst(rows), nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// validDeptName: 1 to 64 characters, none of \:*?"<>｜ (department/create's
// rule, https://developer.work.weixin.qq.com/document/path/90205).
func validDeptName(name string) bool {
	n := utf8.RuneCountInString(name)
	return n >= 1 && n <= 64 && !strings.ContainsAny(name, `\:*?"<>|`)
}

// parentsFirst orders rows so that a department comes after its parent
// when both are in the file; rows in a cycle, and bad rows, keep their
// order at the end.
func parentsFirst(rows []partyRow) []partyRow {
	byID := map[int]int{}
	for i, r := range rows {
		if r.bad == 0 {
			byID[r.d.ID] = i
		}
	}
	out := make([]partyRow, 0, len(rows))
	state := make([]int, len(rows)) // 0 new, 1 visiting, 2 placed
	var place func(i int) bool
	place = func(i int) bool {
		switch state[i] {
		case 1:
			return false
		case 2:
			return true
		}
		state[i] = 1
		if p, ok := byID[rows[i].d.ParentID]; ok && p != i && !place(p) {
			state[i] = 0
			return false
		}
		state[i] = 2
		out = append(out, rows[i])
		return true
	}
	for i := range rows {
		if rows[i].bad == 0 {
			place(i)
		}
	}
	for i := range rows {
		if state[i] != 2 {
			out = append(out, rows[i])
		}
	}
	return out
}
