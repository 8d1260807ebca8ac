package contacts_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type ulistSimpleBody struct {
	ErrCode  int    `json:"errcode"`
	ErrMsg   string `json:"errmsg"`
	UserList []struct {
		UserID     string `json:"userid"`
		Name       string `json:"name"`
		Department []int  `json:"department"`
		OpenUserID string `json:"open_userid"`
	} `json:"userlist"`
}

type ulistDeptUser struct {
	UserID     string `json:"userid"`
	Department int    `json:"department"`
}

type ulistIDBody struct {
	ErrCode    int             `json:"errcode"`
	ErrMsg     string          `json:"errmsg"`
	NextCursor string          `json:"next_cursor"`
	DeptUser   []ulistDeptUser `json:"dept_user"`
}

func ulistSimple(t *testing.T, srv *mockserver.Server, tok string, kv ...string) ulistSimpleBody {
	t.Helper()
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/simplelist", append([]string{"access_token", tok}, kv...)...))
	testkit.OK(t, r)
	return testkit.DecodeStrict[ulistSimpleBody](t, r.Body)
}

func ulistSimpleIDs(b ulistSimpleBody) []string {
	out := []string{}
	for _, u := range b.UserList {
		out = append(out, u.UserID)
	}
	return out
}

func TestUserSimpleListScope(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tests := []struct {
		name string
		tok  string
		kv   []string
		want []string
	}{
		{"app, direct members", app, []string{"department_id", "2"}, []string{"zhangsan"}},
		{"app, fetch_child", app, []string{"department_id", "2", "fetch_child", "1"}, []string{"zhangsan", "lisi"}},
		{"app, fetch_child=0", app, []string{"department_id", "2", "fetch_child", "0"}, []string{"zhangsan"}},
		{"app, leaf", app, []string{"department_id", "4"}, []string{"lisi"}},
		{"contacts, nobody directly in the root", contacts, []string{"department_id", "1"}, []string{}},
		{"contacts, whole corp", contacts, []string{"department_id", "1", "fetch_child", "1"}, []string{"zhangsan", "lisi", "wangwu", "zhouqi"}},
		{"contacts, outside the app's range", contacts, []string{"department_id", "3"}, []string{"wangwu", "zhouqi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ulistSimpleIDs(ulistSimple(t, srv, tt.tok, tt.kv...)); !slices.Equal(got, tt.want) {
				t.Errorf("userlist %v, want %v", got, tt.want)
			}
		})
	}
	// An empty list is [], not null.
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/simplelist", "access_token", contacts, "department_id", "1"))
	if !bytes.Contains(r.Body, []byte(`"userlist":[]`)) {
		t.Errorf("empty userlist not []: %s", r.Body)
	}
}

func TestUserSimpleListFields(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	b := ulistSimple(t, srv, testkit.AppToken(t, srv), "department_id", "2")
	u := b.UserList[0]
	if u.UserID != "zhangsan" || u.Name != "张三" || !slices.Equal(u.Department, []int{2}) || u.OpenUserID != "" {
		t.Errorf("zhangsan row %+v", u)
	}
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/simplelist", "access_token", testkit.AppToken(t, srv), "department_id", "4"))
	row := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.DecodeMap(t, r.Body)["userlist"])[0])
	if d, ok := row["department"].([]any); !ok || len(d) != 1 {
		t.Fatalf("department %#v", row["department"])
	}
	if _, ok := testkit.As[[]any](t, row["department"])[0].(json.Number); !ok {
		t.Errorf("department ids are not numbers: %s", r.Body)
	}
	if v, ok := row["open_userid"]; ok {
		// path/96259: open_userid is for third-party apps only.
		t.Errorf("a self-built app reads open_userid %#v", v)
	}
}

// TestUserListMatchesUserGet checks that user/list rows are exactly what
// user/get answers to the same token, for both kinds of token and for an app
// that may not see sensitive fields.
func TestUserListMatchesUserGet(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwulist
    name: 列表公司
    contacts_secret: cs
    apps:
      - {agentid: 1, name: 敏感, secret: s1, visible: {departments: [1]}, sensitive_fields: true}
      - {agentid: 2, name: 普通, secret: s2, visible: {departments: [2]}}
    departments:
      - {id: 1, name: 根, parentid: 0}
      - {id: 2, name: 子, parentid: 1}
    members:
      - {userid: a, name: A, department: [1, 2], order: [5, 6], mobile: "13800000000", gender: "2", email: a@x.example}
      - {userid: b, name: B, department: [2], mobile: "13800000001"}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	for _, secret := range []string{"cs", "s1", "s2"} {
		tok := testkit.Token(t, srv, "wwulist", secret)
		r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/list", "access_token", tok, "department_id", "2", "fetch_child", "1"))
		testkit.OK(t, r)
		rows, ok := testkit.DecodeMap(t, r.Body)["userlist"].([]any)
		if !ok || len(rows) != 2 {
			t.Fatalf("%s: userlist %s", secret, r.Body)
		}
		for _, row := range rows {
			u := testkit.As[map[string]any](t, row)
			one := testkit.OK(t, testkit.Get(t, testkit.UserGetURL(srv, tok, testkit.As[string](t, u["userid"]))))
			delete(one, "errcode")
			delete(one, "errmsg")
			if !reflect.DeepEqual(u, one) {
				t.Errorf("%s: user/list row\n%v\nuser/get\n%v", secret, u, one)
			}
			_, hasMobile := u["mobile"]
			if want := secret != "s2"; hasMobile != want {
				t.Errorf("%s: mobile present %v, want %v", secret, hasMobile, want)
			}
		}
	}
}

func TestUserListErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	for _, path := range []string{"/cgi-bin/user/simplelist", "/cgi-bin/user/list"} {
		tests := []struct {
			tok  string
			kv   []string
			want errcode.Code
		}{
			{app, []string{"department_id", "3"}, errcode.NoPrivilege},
			{app, []string{"department_id", "1", "fetch_child", "1"}, errcode.NoPrivilege},
			{app, []string{"department_id", "77"}, errcode.DepartmentNotFound},
			{contacts, []string{"department_id", "77"}, errcode.DepartmentNotFound},
			{contacts, nil, errcode.InvalidParameter},
			{contacts, []string{"department_id", "two"}, errcode.InvalidParameter},
			{contacts, []string{"department_id", "0"}, errcode.InvalidParameter},
		}
		for _, tt := range tests {
			testkit.GetWeComError(t, testkit.URL(srv, path, append([]string{"access_token", tt.tok}, tt.kv...)...), tt.want)
		}
	}
}

// ulistCursor forges a cursor in the mock's current format.
func ulistCursor(payload string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(payload))
}

// ulistPost POSTs body to user/list_id and decodes the answer strictly.
func ulistPost(t *testing.T, srv *mockserver.Server, tok string, body any) (*testkit.Resp, ulistIDBody) {
	t.Helper()
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", tok), body)
	return r, testkit.DecodeStrict[ulistIDBody](t, r.Body)
}

func TestUserListIDDefaultWorld(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	want := []ulistDeptUser{{"zhangsan", 2}, {"lisi", 4}, {"wangwu", 3}, {"zhouqi", 3}}
	for _, body := range []string{`{}`, `{"cursor":""}`, `{"cursor":"","limit":10000}`, `{"limit":4}`} {
		r, b := ulistPost(t, srv, tok, body)
		testkit.OK(t, r)
		if !slices.Equal(b.DeptUser, want) || b.NextCursor != "" {
			t.Errorf("%s: %+v, want %v and no next_cursor", body, b, want)
		}
		if !bytes.Contains(r.Body, []byte(`"next_cursor":""`)) {
			t.Errorf("%s: next_cursor missing: %s", body, r.Body)
		}
	}
	// Raw types: department is a number.
	r, _ := ulistPost(t, srv, tok, `{"limit":1}`)
	row := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.DecodeMap(t, r.Body)["dept_user"])[0])
	testkit.Num(t, row, "department")
}

func TestUserListIDPaging(t *testing.T) {
	t.Parallel()
	opts := generate.Options{Corps: 1, Members: 500, Seed: 1}
	w := generate.World(opts)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	corp := generate.World(opts).Corps[0] // a private copy to compute the expectation
	tok := testkit.Token(t, srv, corp.CorpID, corp.ContactsSecret)

	var want []ulistDeptUser
	multi := 0
	for _, m := range corp.Members {
		if len(m.Department) > 1 {
			multi++
		}
		for _, d := range m.Department {
			want = append(want, ulistDeptUser{m.UserID, d})
		}
	}
	if multi == 0 {
		t.Log("no member in several departments: one row per member")
	}

	const limit = 37
	var got []ulistDeptUser
	cursor, pages := "", 0
	cursors := map[string]bool{}
	for {
		r, b := ulistPost(t, srv, tok, map[string]any{"cursor": cursor, "limit": limit})
		testkit.OK(t, r)
		pages++
		if len(b.DeptUser) > limit || len(b.DeptUser) == 0 {
			t.Fatalf("page %d has %d rows (limit %d)", pages, len(b.DeptUser), limit)
		}
		got = append(got, b.DeptUser...)
		if b.NextCursor == "" {
			break
		}
		if cursors[b.NextCursor] {
			t.Fatalf("cursor %q handed out twice", b.NextCursor)
		}
		cursors[b.NextCursor] = true
		// The same cursor gives the same page again.
		if pages == 2 {
			_, again := ulistPost(t, srv, tok, map[string]any{"cursor": cursor, "limit": limit})
			if !slices.Equal(again.DeptUser, b.DeptUser) || again.NextCursor != b.NextCursor {
				t.Fatal("re-reading a page with the same cursor gave another answer")
			}
		}
		cursor = b.NextCursor
		if pages > len(want) {
			t.Fatal("paging does not end")
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paged %d rows, want the %d (member, department) rows in fixture order", len(got), len(want))
	}
	if wantPages := (len(want) + limit - 1) / limit; pages != wantPages {
		t.Errorf("%d pages, want %d", pages, wantPages)
	}
	// One big page holds the same rows.
	_, all := ulistPost(t, srv, tok, `{"limit":10000}`)
	if !slices.Equal(all.DeptUser, want) || all.NextCursor != "" {
		t.Error("limit 10000 did not return every row at once")
	}
}

// ulistAssertError checks a list_id error: its errcode, and the
// "dept_user":[] real list_id errors keep.
func ulistAssertError(t *testing.T, r *testkit.Resp, code errcode.Code) {
	t.Helper()
	m := testkit.WeComError(t, r, code)
	if l, ok := m["dept_user"].([]any); !ok || len(l) != 0 {
		t.Errorf(`dept_user = %#v, want []; body %s`, m["dept_user"], r.Body)
	}
}

func TestUserListIDErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	contacts, app := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), testkit.AppToken(t, srv)
	url := testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", contacts)

	// Only the contacts-sync token: an app token is forbidden.
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", app), `{"limit":10}`)
	ulistAssertError(t, r, errcode.APIForbidden)

	// A POST API called with GET misses its body.
	testkit.WeComError(t, testkit.Get(t, url), errcode.InvalidParameter)

	// A cursor of corp 2 is not a cursor of corp 1.
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.ContactsSecret2)
	_, b2 := ulistPost(t, srv, tok2, `{"limit":1}`)
	if b2.NextCursor != "" {
		t.Fatalf("corp 2 has one member, got next_cursor %q", b2.NextCursor)
	}
	_, b1 := ulistPost(t, srv, contacts, `{"limit":1}`)
	if b1.NextCursor == "" {
		t.Fatal("no next_cursor after 1 of 4 rows")
	}
	r, _ = ulistPost(t, srv, tok2, map[string]any{"cursor": b1.NextCursor, "limit": 1})
	ulistAssertError(t, r, errcode.InvalidParameter)

	for _, body := range []string{
		`{"limit":0}`, `{"limit":-1}`, `{"limit":10001}`, `{"limit":"10"}`, `{"limit":1.5}`,
		`{"cursor":"not-a-cursor"}`, `{"cursor":7}`,
		// Well-formed but never handed out: offset 0, past the end, another corp.
		`{"cursor":"` + ulistCursor("v1:0:"+testkit.Corp1) + `"}`,
		`{"cursor":"` + ulistCursor("v1:999:"+testkit.Corp1) + `"}`,
		`{"cursor":"` + ulistCursor("v1:1:"+testkit.Corp2) + `"}`,
	} {
		r := testkit.SendJSON(t, http.MethodPost, url, body)
		ulistAssertError(t, r, errcode.InvalidParameter)
	}

	for _, body := range []string{`{"limit":`, `not json`, ``, `{"limit":1}}`} {
		r := testkit.SendJSON(t, http.MethodPost, url, body)
		m := testkit.DecodeMap(t, r.Body)
		if testkit.ErrCode(t, m) != int(errcode.InvalidParameter) {
			t.Errorf("%q: %s, want 40058", body, r.Body)
		}
		if msg, _ := m["errmsg"].(string); !strings.HasPrefix(msg, "Warning: wrong json format.") {
			t.Errorf("%q: errmsg %q, want the wrong-json phrase", body, msg)
		}
		if l, ok := m["dept_user"].([]any); !ok || len(l) != 0 {
			t.Errorf(`%q: dept_user = %#v, want []`, body, m["dept_user"])
		}
	}
}
