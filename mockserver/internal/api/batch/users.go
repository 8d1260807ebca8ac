package batch

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// A member row of sync_user and replace_user, checked as user/create
// checks its fields (https://developer.work.weixin.qq.com/document/path/90195).
// A row that fails its checks is reported in the job's result with the
// errcode user/create would answer, and changes nothing.

// userRow is one member row: the cells the file gives (set), parsed into
// m, or the errcode of the first bad cell.
type userRow struct {
	userID string
	m      fixtures.Member
	set    map[string]string
	bad    errcode.Code
}

// The patterns are compiled at their first use: a process that never
// checks a member pays nothing for them at start-up.
var (
	mobilePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\+\d{1,4}-)?\d{6,15}$`) })
	emailPattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`) })
)

// userRows reads a member file: 帐号 and 姓名 are required columns.
func userRows(data []byte) ([]userRow, error) {
	t, err := parseTable(data, userColumns, colUserID, colName)
	if err != nil {
		return nil, err
	}
	rows := make([]userRow, len(t.rows))
	seen := make(map[string]bool, len(t.rows))
	for i, cells := range t.rows {
		r := userRow{userID: cells[colUserID], set: cells}
		r.bad = parseUser(&r)
		key := strings.ToLower(r.userID)
		if r.bad == 0 && seen[key] {
			r.bad = errcode.UserIDExisted // the same userid twice in the file
		}
		seen[key] = true
		rows[i] = r
	}
	return rows, nil
}

// parseUser fills r.m from the row's non-empty cells.
func parseUser(r *userRow) errcode.Code {
	c, m := r.set, &r.m
	m.UserID = r.userID
	if !fixtures.ValidUserID(r.userID) {
		r.userID = clip(r.userID, 64) // the result echoes it; a job keeps no huge cell
		return errcode.InvalidUserID
	}
	if v := c[colName]; v != "" && utf8.RuneCountInString(v) > 64 {
		return errcode.InvalidName
	}
	for col, most := range cellLimits {
		if utf8.RuneCountInString(c[col]) > most {
			return errcode.InvalidParameter
		}
	}
	m.Name, m.Position, m.Alias, m.Address, m.Telephone = c[colName], c[colPosition], c[colAlias], c[colAddress], c[colTelephone]
	if m.Mobile = c[colMobile]; m.Mobile != "" && !mobilePattern().MatchString(m.Mobile) {
		return errcode.InvalidMobile
	}
	if m.Email = c[colEmail]; m.Email != "" && (len(m.Email) > 64 || !emailPattern().MatchString(m.Email)) {
		return errcode.InvalidEmail
	}
	var ok bool
	if m.Department, ok = intList(c[colDepartment]); !ok || len(m.Department) > 100 {
		return errcode.InvalidDeptID
	}
	switch c[colGender] {
	case "", "0":
	case "男", "1":
		m.Gender = "1"
	case "女", "2":
		m.Gender = "2"
	default:
		return errcode.InvalidParameter
	}
	leaders, ok := intList(strings.NewReplacer("是", "1", "否", "0").Replace(c[colLeader]))
	for _, l := range leaders {
		ok = ok && (l == 0 || l == 1)
	}
	if !ok {
		return errcode.InvalidParameter
	}
	if m.IsLeaderInDept = leaders; len(leaders) != 0 && len(leaders) != len(m.Department) {
		return errcode.LeaderSizeMismatch
	}
	orders, ok := intList(c[colOrder])
	if !ok || len(orders) != 0 && len(orders) != len(m.Department) {
		return errcode.InvalidParameter
	}
	for _, o := range orders {
		m.Order = append(m.Order, int64(o))
	}
	switch c[colDisable] {
	case "", "0":
	case "1":
		m.Enable = new(int)
	default:
		return errcode.InvalidParameter
	}
	return 0
}

// cellLimits are user/create's lengths of the free-text fields, in
// characters (https://developer.work.weixin.qq.com/document/path/90195).
var cellLimits = map[string]int{colPosition: 128, colAlias: 64, colAddress: 128, colTelephone: 32}

// clip cuts s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// intList reads "1;2;3" (an empty cell is an empty list).
func intList(s string) ([]int, bool) {
	if s == "" {
		return nil, true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' })
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// merge writes the row's fields into m: for sync_user the non-empty cells
// only, for replace_user every column the file has (an empty cell clears
// the field). Columns the file does not have are left as they are.
func (r *userRow) merge(m *fixtures.Member, replace bool) {
	take := func(col string) bool {
		v, has := r.set[col]
		return has && (replace || v != "")
	}
	if take(colName) {
		m.Name = r.m.Name
	}
	if take(colMobile) {
		m.Mobile = r.m.Mobile
	}
	if take(colEmail) {
		m.Email = r.m.Email
	}
	if take(colDepartment) {
		m.Department, m.MainDepartment = r.m.Department, 0
		m.IsLeaderInDept, m.Order = nil, nil
	}
	if take(colPosition) {
		m.Position = r.m.Position
	}
	if take(colGender) {
		m.Gender = r.m.Gender
	}
	if take(colLeader) {
		m.IsLeaderInDept = r.m.IsLeaderInDept
	}
	if take(colOrder) {
		m.Order = r.m.Order
	}
	if take(colAlias) {
		m.Alias = r.m.Alias
	}
	if take(colAddress) {
		m.Address = r.m.Address
	}
	if take(colTelephone) {
		m.Telephone = r.m.Telephone
	}
	if take(colDisable) {
		m.Enable = r.m.Enable
	}
}

// checkMerged checks what a member becomes: the rules user/create and
// user/update apply to the whole record.
func checkMerged(m *fixtures.Member, creating bool) errcode.Code {
	switch {
	case m.Name == "":
		return errcode.InvalidName
	case len(m.Department) == 0:
		return errcode.MissingDepartment
	case creating && m.Mobile == "" && m.Email == "":
		return errcode.MobileEmailEmpty
	case len(m.IsLeaderInDept) != 0 && len(m.IsLeaderInDept) != len(m.Department):
		return errcode.LeaderSizeMismatch
	case len(m.Order) != 0 && len(m.Order) != len(m.Department):
		return errcode.InvalidParameter
	}
	return 0
}
