package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// The CSV files of the official templates: batch_user_sample.csv for the
// member jobs (姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用)
// and batch_party_sample.csv for replace_party (部门名称,部门ID,父部门ID,排序).
// Columns are found by their header, in any order; columns the mock does
// not know (扩展字段, the template's 禁用项说明) are ignored. UTF-8, with or
// without a byte-order mark.

// MaxRows bounds the data rows of one file.
const MaxRows = 20000

// userColumns maps the member template's headers to the fields they fill.
var userColumns = map[string]string{
	"姓名": colName, "帐号": colUserID, "账号": colUserID, "手机号": colMobile, "邮箱": colEmail,
	"所在部门": colDepartment, "职位": colPosition, "职务": colPosition, "性别": colGender,
	"是否部门内领导": colLeader, "排序": colOrder, "别名": colAlias, "地址": colAddress,
	"座机": colTelephone, "禁用": colDisable,
}

// partyColumns maps the department template's headers.
var partyColumns = map[string]string{
	"部门名称": colPartyName, "部门ID": colPartyID, "父部门ID": colParentID, "排序": colOrder,
}

const (
	colName, colUserID, colMobile, colEmail                = "name", "userid", "mobile", "email"
	colDepartment, colPosition, colGender, colLeader       = "department", "position", "gender", "is_leader_in_dept"
	colOrder, colAlias, colAddress, colTelephone           = "order", "alias", "address", "telephone"
	colDisable, colPartyName, colPartyID, colParentID      = "disable", "party_name", "partyid", "parentid"
	errHeader, errEmpty, errTooMany, errUnreadable, errDup = "header", "empty", "rows", "unreadable", "duplicate column"
)

// table is a parsed file: each row's cells by column, and which columns
// the file has.
type table struct {
	has  map[string]bool
	rows []map[string]string
}

// errFile is a file refused before any row is applied; its text says why.
type errFile struct{ why string }

func (e *errFile) Error() string { return "csv " + e.why }

// parseTable reads data with the columns of known, requiring those of
// required.
func parseTable(data []byte, known map[string]string, required ...string) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, &errFile{errEmpty}
	}
	cols := make([]string, len(header))
	t := &table{has: map[string]bool{}}
	for i, h := range header {
		key := known[strings.TrimSpace(h)]
		if key == "" {
			continue
		}
		if t.has[key] {
			return nil, &errFile{errDup}
		}
		cols[i], t.has[key] = key, true
	}
	for _, key := range required {
		if !t.has[key] {
			return nil, &errFile{errHeader}
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &errFile{errUnreadable}
		}
		if len(t.rows) == MaxRows {
			return nil, &errFile{errTooMany}
		}
		row := make(map[string]string, len(cols))
		blank := true
		for i, v := range rec {
			if i < len(cols) && cols[i] != "" {
				row[cols[i]] = strings.TrimSpace(v)
				blank = blank && row[cols[i]] == ""
			}
		}
		if !blank {
			t.rows = append(t.rows, row)
		}
	}
	if len(t.rows) == 0 {
		return nil, &errFile{errEmpty}
	}
	return t, nil
}
