package contacts_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// defaultMember returns a member of the default world's corp 1.
func defaultMember(t testing.TB, userID string) fixtures.Member {
	t.Helper()
	for _, m := range fixtures.Default().Corps[0].Members {
		if m.UserID == userID {
			return m
		}
	}
	t.Fatalf("default fixtures have no member %q", userID)
	return fixtures.Member{}
}

func TestUserGetZhangsanMatchesFixture(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := testkit.Get(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "zhangsan"))
	testkit.OK(t, r)
	u := testkit.DecodeStrict[testkit.UserBody](t, r.Body)
	f := defaultMember(t, "zhangsan")

	want := testkit.UserBody{
		ErrCode:        0,
		ErrMsg:         "ok",
		UserID:         f.UserID,
		Name:           f.Name,
		Department:     f.Department,
		Order:          f.Order,
		Position:       f.Position,
		Mobile:         f.Mobile,
		Gender:         f.Gender,
		Email:          f.Email,
		BizMail:        f.BizMail,
		IsLeaderInDept: f.IsLeaderInDept,
		DirectLeader:   []string{},
		Avatar:         f.Avatar,
		ThumbAvatar:    f.ThumbAvatar,
		Telephone:      f.Telephone,
		Alias:          f.Alias,
		Address:        f.Address,
		MainDepartment: f.MainDepartment, // no open_userid: a self-built app reads none

		ExtAttr:          *f.ExtAttr,
		Status:           f.Status,
		QRCode:           f.QRCode,
		ExternalPosition: f.ExternalPosition,
		ExternalProfile:  f.ExternalProfile,
		Enable:           1,
	}
	if !reflect.DeepEqual(u, want) {
		got, _ := json.MarshalIndent(u, "", "  ")
		exp, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("user/get zhangsan differs from the fixture\ngot:  %s\nwant: %s", got, exp)
	}
	// Spot checks against the literal fixture, in case the fixture loader and
	// the server agree on a mistake.
	if u.Name != "张三" || u.Gender != "1" || u.Mobile != "13800000001" ||
		!reflect.DeepEqual(u.Department, []int{2}) || !reflect.DeepEqual(u.Order, []int64{100}) ||
		u.MainDepartment != 2 || !reflect.DeepEqual(u.IsLeaderInDept, []int{1}) || u.Status != 1 ||
		!strings.HasSuffix(u.Avatar, "/0") || !strings.HasSuffix(u.ThumbAvatar, "/100") {
		t.Errorf("zhangsan = %+v", u)
	}
}

func TestUserGetRawJSONTypes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for _, userID := range []string{"zhangsan", "lisi", "zhouqi"} {
		t.Run(userID, func(t *testing.T) {
			r := testkit.Get(t, testkit.UserGetURL(srv, tok, userID))
			m := testkit.OK(t, r)
			if g := testkit.Str(t, m, "gender"); g != "1" && g != "2" {
				t.Errorf("gender %q, want \"1\" or \"2\"", g)
			}
			if !bytes.Contains(r.Body, []byte(`"gender":"`)) {
				t.Errorf("gender is not a JSON string in %s", r.Body)
			}
			for _, key := range []string{"department", "order", "is_leader_in_dept"} {
				arr, ok := m[key].([]any)
				if !ok {
					t.Fatalf("%s is %T, want a JSON array", key, m[key])
				}
				if len(arr) != 1 {
					t.Errorf("%s has %d entries, want one per department (1)", key, len(arr))
				}
				for i, v := range arr {
					if _, ok := v.(json.Number); !ok {
						t.Errorf("%s[%d] is %T (%v), want a number", key, i, v, v)
					}
				}
			}
			dl, ok := m["direct_leader"].([]any)
			if !ok {
				t.Fatalf("direct_leader is %T, want a JSON array", m["direct_leader"])
			}
			for i, v := range dl {
				if _, ok := v.(string); !ok {
					t.Errorf("direct_leader[%d] is %T, want a string", i, v)
				}
			}
			testkit.Num(t, m, "main_department")
			if s := testkit.Num(t, m, "status"); s != 1 {
				t.Errorf("status %d, want 1", s)
			}
			if e := testkit.Num(t, m, "enable"); e != 1 {
				t.Errorf("enable %d, want 1", e)
			}
			for _, key := range []string{"userid", "name", "position", "mobile", "email", "thumb_avatar"} {
				testkit.Str(t, m, key)
			}
			if _, ok := m["extattr"].(map[string]any); !ok {
				t.Errorf("extattr is %T, want an object", m["extattr"])
			}
		})
	}
}

func TestUserGetDefaultsForSparseMember(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := testkit.DecodeStrict[testkit.UserBody](t, testkit.Get(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "lisi")).Body)
	// lisi's fixture has no order, is_leader_in_dept or extattr: the answer
	// still keeps one order and leader flag per department and an attrs array.
	if !reflect.DeepEqual(u.Order, []int64{0}) || !reflect.DeepEqual(u.IsLeaderInDept, []int{0}) {
		t.Errorf("order %v, is_leader_in_dept %v, want [0] and [0]", u.Order, u.IsLeaderInDept)
	}
	if !reflect.DeepEqual(u.DirectLeader, []string{"zhangsan"}) {
		t.Errorf("direct_leader %v, want [zhangsan]", u.DirectLeader)
	}
	if u.ExtAttr.Attrs == nil || len(u.ExtAttr.Attrs) != 0 {
		t.Errorf("extattr.attrs %#v, want []", u.ExtAttr.Attrs)
	}
	if u.ExternalProfile != nil {
		t.Errorf("external_profile %+v, want none", u.ExternalProfile)
	}
}

func TestUserGetVisibility(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app := testkit.AppToken(t, srv)
	contacts := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tests := []struct {
		name   string
		tok    string
		userID string
		want   errcode.Code
	}{
		{"member of a visible department", app, "zhangsan", errcode.OK},
		{"member of a visible department's subtree", app, "lisi", errcode.OK},
		{"member reached through a visible tag", app, "zhouqi", errcode.OK},
		{"member outside the visible range", app, "wangwu", errcode.NoPrivilege},
		{"unknown member", app, "nobody", errcode.UserIDNotFound},
		{"contacts token sees everyone", contacts, "wangwu", errcode.OK},
		{"contacts token sees a tagged member", contacts, "zhouqi", errcode.OK},
		{"contacts token: unknown member", contacts, "nobody", errcode.UserIDNotFound},
		{"case-insensitive userid", app, "ZhangSan", errcode.OK},
		{"case-insensitive userid outside range", app, "WANGWU", errcode.NoPrivilege},
		{"valid 64-byte userid that does not exist", app, strings.Repeat("a", 64), errcode.UserIDNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, testkit.UserGetURL(srv, tt.tok, tt.userID))
			if tt.want != errcode.OK {
				testkit.WeComError(t, r, tt.want)
				return
			}
			testkit.OK(t, r)
			u := testkit.DecodeStrict[testkit.UserBody](t, r.Body)
			if !strings.EqualFold(u.UserID, tt.userID) {
				t.Errorf("userid %q, want %q", u.UserID, tt.userID)
			}
		})
	}
}

func TestUserGetCaseInsensitiveReturnsStoredUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := testkit.DecodeStrict[testkit.UserBody](t, testkit.Get(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "ZhangSan")).Body)
	if u.UserID != "zhangsan" || u.Name != "张三" {
		t.Errorf("ZhangSan resolved to %q (%s), want zhangsan (张三)", u.UserID, u.Name)
	}
}

func TestUserGetContactsTokenSeesSensitiveFields(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := testkit.DecodeStrict[testkit.UserBody](t, testkit.Get(t, testkit.UserGetURL(srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), "wangwu")).Body)
	f := defaultMember(t, "wangwu")
	if u.UserID != "wangwu" || u.Mobile != f.Mobile || u.Gender != f.Gender || u.Email != f.Email ||
		u.Position != f.Position || u.MainDepartment != 3 || !reflect.DeepEqual(u.Department, []int{3}) {
		t.Errorf("wangwu through the contacts token = %+v", u)
	}
}

func TestUserGetInvalidUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	base := srv.URL() + "/cgi-bin/user/get?access_token=" + tok
	tests := []struct {
		name     string
		rawQuery string // appended to base, already encoded
	}{
		{"missing", ""},
		{"empty", "&userid="},
		{"65 bytes", "&userid=" + strings.Repeat("a", 65)},
		{"starts with -", "&userid=-zhangsan"},
		{"starts with _", "&userid=_zhangsan"},
		{"contains a space", "&userid=zhang%20san"},
		{"contains a plus-space", "&userid=zhang+san"},
		{"invalid UTF-8", "&userid=%ff"},
		{"invalid UTF-8 inside", "&userid=zhang%ffsan"},
		{"non-ASCII", "&userid=%E5%BC%A0%E4%B8%89"},
		{"slash", "&userid=zhang%2Fsan"},
		{"NUL byte", "&userid=zhang%00san"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testkit.GetWeComError(t, base+tt.rawQuery, errcode.InvalidUserID)
			if _, ok := m["name"]; ok {
				t.Errorf("40003 answer carries member fields: %v", m)
			}
		})
	}
}

func TestUserGetErrorsKeepEmptyArrays(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	const arrays = `"department":[],"order":[],"is_leader_in_dept":[],"direct_leader":[]`
	tests := []struct {
		name   string
		userID string
		want   errcode.Code
	}{
		{"60011", "wangwu", errcode.NoPrivilege},
		{"60111", "nobody", errcode.UserIDNotFound},
		{"40003", "-bad", errcode.InvalidUserID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, testkit.UserGetURL(srv, tok, tt.userID))
			testkit.WeComError(t, r, tt.want)
			if !bytes.Contains(r.Body, []byte(arrays)) {
				t.Errorf("error body lacks %s: %s", arrays, r.Body)
			}
			if !bytes.HasPrefix(r.Body, []byte(`{"errcode":`)) {
				t.Errorf("error body does not start with errcode: %s", r.Body)
			}
		})
	}
}

var sensitiveKeys = []string{"avatar", "gender", "mobile", "email", "biz_mail", "qr_code", "address"}

func TestUserGetSensitiveFieldsOmitted(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.ParseWorld(t, testkit.InsensitiveWorld)))
	tests := []struct {
		name          string
		secret        string
		wantSensitive bool
	}{
		{"app without sensitive_fields", "new-app", false},
		{"app with sensitive_fields", "old-app", true},
		{"contacts secret", "contacts", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testkit.GetOK(t, testkit.UserGetURL(srv, testkit.Token(t, srv, "wwtestcorp", tt.secret), "alice"))
			for _, key := range sensitiveKeys {
				if _, has := m[key]; has != tt.wantSensitive {
					t.Errorf("key %q present = %v, want %v", key, has, tt.wantSensitive)
				}
			}
			// The rest is there either way.
			if testkit.Str(t, m, "name") != "Alice" || testkit.Str(t, m, "position") != "engineer" ||
				testkit.Str(t, m, "thumb_avatar") != "https://example.com/alice/100" {
				t.Errorf("non-sensitive fields wrong: %v", m)
			}
			if tt.wantSensitive && (testkit.Str(t, m, "gender") != "2" || testkit.Str(t, m, "mobile") != "13800000100") {
				t.Errorf("sensitive fields wrong: %v", m)
			}
		})
	}
}

func TestUserGetSensitiveFieldsAfterLoadFixtures(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.LoadFixtures(testkit.ParseWorld(t, testkit.InsensitiveWorld)); err != nil {
		t.Fatal(err)
	}
	m := testkit.GetOK(t, testkit.UserGetURL(srv, testkit.Token(t, srv, "wwtestcorp", "new-app"), "alice"))
	for _, key := range sensitiveKeys {
		if _, has := m[key]; has {
			t.Errorf("sensitive key %q returned to an app without sensitive_fields", key)
		}
	}
	// The default world is gone.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.InvalidCorpID)
}

func TestUserGetVisibleUsersAndTagDepartments(t *testing.T) {
	t.Parallel()
	const world = `
corps:
  - corpid: wwvis
    name: vis
    apps:
      - {agentid: 1, name: by-user, secret: s-user, visible: {users: [Alice]}}
      - {agentid: 2, name: by-tag-dept, secret: s-tag, visible: {tags: [7]}}
      - {agentid: 3, name: nothing, secret: s-none}
    departments:
      - {id: 1, name: root, parentid: 0}
      - {id: 2, name: a, parentid: 1}
      - {id: 3, name: a-child, parentid: 2}
      - {id: 4, name: b, parentid: 1}
    members:
      - {userid: alice, name: Alice, department: [4]}
      - {userid: bob, name: Bob, department: [3]}
      - {userid: carol, name: Carol, department: [1]}
    tags:
      - {tagid: 7, tagname: t, departments: [2]}
`
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.ParseWorld(t, world)))
	byUser := testkit.Token(t, srv, "wwvis", "s-user")
	byTag := testkit.Token(t, srv, "wwvis", "s-tag")
	none := testkit.Token(t, srv, "wwvis", "s-none")
	tests := []struct {
		tok, user string
		want      errcode.Code
	}{
		{byUser, "alice", errcode.OK},
		{byUser, "bob", errcode.NoPrivilege},
		{byTag, "bob", errcode.OK}, // dept 3 is under the tag's dept 2
		{byTag, "alice", errcode.NoPrivilege},
		{byTag, "carol", errcode.NoPrivilege}, // the parent of a visible dept is not visible
		{none, "alice", errcode.NoPrivilege},
		{none, "ghost", errcode.UserIDNotFound},
	}
	for _, tt := range tests {
		r := testkit.Get(t, testkit.UserGetURL(srv, tt.tok, tt.user))
		if tt.want == errcode.OK {
			testkit.OK(t, r)
		} else {
			testkit.WeComError(t, r, tt.want)
		}
	}
}
