package contacts_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// assertWritten checks a write API's success: errcode 0 and errmsg msg.
func assertWritten(t testing.TB, r *testkit.Resp, msg string) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK || !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"`+msg+`"`) {
		t.Fatalf(`want {"errcode":0,"errmsg":%q...}, got %s`, msg, r)
	}
	return testkit.DecodeMap(t, r.Body)
}

// The member writes answer "created"/"updated"/"deleted", and the reads see
// the change at once — user/get, lists, the app's visible range — while
// the loaded fixtures stay untouched.
func TestUserWriteAPIs(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	atok := testkit.AppToken(t, srv)
	post := func(path string, body any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", ctok), body)
	}

	assertWritten(t, post("/cgi-bin/user/create", map[string]any{
		"userid": "ZhaoJiu", "name": "赵九", "department": []string{"2", "4"}, "order": []int{10, 20},
		"mobile": "+86 13800000009", "gender": 2, "enable": 1, "main_department": 4,
	}), "created")
	u := testkit.GetOK(t, testkit.UserGetURL(srv, atok, "zhaojiu"))
	if testkit.Str(t, u, "userid") != "ZhaoJiu" || testkit.Str(t, u, "gender") != "2" || testkit.Num(t, u, "main_department") != 4 || testkit.Num(t, u, "status") != 4 {
		t.Errorf("user/get after create: %v", u)
	}
	list := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/simplelist", "access_token", atok, "department_id", "4"))
	if !strings.Contains(string(mustJSON(t, list)), `"ZhaoJiu"`) {
		t.Errorf("user/simplelist lacks the new member: %v", list)
	}

	// A read between writes must not see a stale cached body.
	assertWritten(t, post("/cgi-bin/user/update", map[string]any{"userid": "zhaojiu", "position": "测试", "department": []int{2}}), "updated")
	u = testkit.GetOK(t, testkit.UserGetURL(srv, atok, "ZhaoJiu"))
	if testkit.Str(t, u, "position") != "测试" || testkit.Num(t, u, "main_department") != 2 || testkit.Str(t, u, "mobile") != "+86 13800000009" {
		t.Errorf("user/get after update: %v", u)
	}

	// Renaming keeps tags and leaderships pointing at the member.
	assertWritten(t, post("/cgi-bin/user/update", map[string]any{"userid": "zhangsan", "new_userid": "zhangsan2"}), "updated")
	testkit.GetWeComError(t, testkit.UserGetURL(srv, atok, "zhangsan"), errcode.UserIDNotFound)
	lisi := testkit.GetOK(t, testkit.UserGetURL(srv, atok, "lisi"))
	if !strings.Contains(string(mustJSON(t, lisi["direct_leader"])), "zhangsan2") {
		t.Errorf("lisi's direct_leader after the rename: %v", lisi["direct_leader"])
	}
	dept := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", atok, "id", "2"))
	if !strings.Contains(string(mustJSON(t, dept)), `"department_leader":["zhangsan2"]`) {
		t.Errorf("department leader after the rename: %v", dept)
	}

	// Deleting: gone from reads and from the tag.
	assertWritten(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/delete", "access_token", ctok, "userid", "zhouqi")), "deleted")
	testkit.GetWeComError(t, testkit.UserGetURL(srv, atok, "zhouqi"), errcode.UserIDNotFound)

	// The fixtures are the loaded world, untouched; Reset brings it back.
	if w := srv.Fixtures(); len(w.Corps[0].Members) != 4 || w.Corps[0].Members[0].UserID != "zhangsan" {
		t.Errorf("fixtures changed: %+v", w.Corps[0].Members)
	}
	srv.Reset()
	atok = testkit.AppToken(t, srv)
	testkit.GetOK(t, testkit.UserGetURL(srv, atok, "zhangsan"))
	testkit.GetOK(t, testkit.UserGetURL(srv, atok, "zhouqi"))
	testkit.GetWeComError(t, testkit.UserGetURL(srv, atok, "zhaojiu"), errcode.UserIDNotFound)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every documented refusal of the member writes, in the mock's check order.
func TestUserWriteErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	atok := testkit.AppToken(t, srv)
	post := func(tok, path string, body any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", tok), body)
	}
	valid := func(kv ...any) map[string]any {
		m := map[string]any{"userid": "newbie", "name": "新人", "department": []int{2}, "mobile": "13700000000"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, testkit.As[string](t, kv[i]))
			} else {
				m[testkit.As[string](t, kv[i])] = kv[i+1]
			}
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		tok    string
		body   any
		code   errcode.Code
		phrase string
	}{
		{"app token", atok, valid(), 48002, "api forbidden"},
		{"bad json", ctok, `{"userid":`, 40058, "Warning: wrong json format. invalid Request Parameter"},
		{"no userid", ctok, valid("userid", nil), 41009, "missing userid"},
		{"bad userid", ctok, valid("userid", "-bad"), 40003, "invalid userid"},
		{"no name", ctok, valid("name", nil), 60112, "invalid name"},
		{"no department", ctok, valid("department", nil), 60127, "missing department"},
		{"bad mobile", ctok, valid("mobile", "abc"), 60103, "invalid mobile"},
		{"bad email", ctok, valid("email", "nope"), 60105, "invalid email"},
		{"no mobile nor email", ctok, valid("mobile", nil), 60129, "mobile and email can not be both empty"},
		{"leader size", ctok, valid("is_leader_in_dept", []int{1, 0}), 60132, "is_leader_in_dept size not equal to department size"},
		{"order size", ctok, valid("order", []int{1, 2}), 40058, "invalid Request Parameter"},
		{"main department", ctok, valid("main_department", 3), 40058, "invalid Request Parameter"},
		{"gender", ctok, valid("gender", "9"), 40058, "invalid Request Parameter"},
		{"unknown department", ctok, valid("department", []int{99}), 60003, "department not found"},
		{"userid existed", ctok, valid("userid", "LiSi"), 60102, "userid existed"},
		{"mobile existed", ctok, valid("mobile", "13800000001"), 60104, "mobile existed:zhangsan"},
		{"email existed", ctok, valid("email", "LISI@mock.example.com"), 60106, "email existed:lisi"},
		{"unknown leader", ctok, valid("direct_leader", []string{"ghost"}), 60111, "userid not found"},
		{"unknown avatar", ctok, valid("avatar_mediaid", "nope"), 40007, "invalid media_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ContactError(t, post(tc.tok, "/cgi-bin/user/create", tc.body), tc.code, tc.phrase)
		})
	}
	// update and delete.
	testkit.ContactError(t, post(atok, "/cgi-bin/user/update", map[string]any{"userid": "lisi"}), 48002, "api forbidden")
	testkit.ContactError(t, post(ctok, "/cgi-bin/user/update", map[string]any{"name": "x"}), 41009, "missing userid")
	testkit.ContactError(t, post(ctok, "/cgi-bin/user/update", map[string]any{"userid": "ghost", "name": "x"}), 60111, "userid not found")
	testkit.ContactError(t, post(ctok, "/cgi-bin/user/update", map[string]any{"userid": "lisi", "new_userid": "WangWu"}), 60102, "userid existed")
	testkit.ContactError(t, post(ctok, "/cgi-bin/user/update", map[string]any{"userid": "lisi", "mobile": "", "email": ""}), 60129, "mobile and email can not be both empty")
	testkit.ContactError(t, post(ctok, "/cgi-bin/user/update", map[string]any{"userid": "lisi", "department": []int{}}), 60127, "missing department")
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/update", "access_token", ctok)), 40058, "invalid Request Parameter")
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/delete", "access_token", atok, "userid", "lisi")), 48002, "api forbidden")
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/delete", "access_token", ctok)), 41009, "missing userid")
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/delete", "access_token", ctok, "userid", "ghost")), 60111, "userid not found")
	// Nothing above changed anything.
	if ds := srv.Deliveries(mockserver.DeliveryFilter{}); len(ds) != 0 {
		t.Errorf("refused writes made deliveries: %v", ds)
	}

	// The Go API answers the same codes as typed errors.
	_, err := srv.CreateUser(testkit.Corp1, fixtures.Member{UserID: "lisi", Name: "x", Department: []int{1}, Mobile: "13000000000"})
	var ce *mockserver.Error
	if !errors.Is(err, errcode.UserIDExisted) || !errors.As(err, &ce) || ce.Msg != "userid existed" {
		t.Errorf("CreateUser duplicate: %v", err)
	}
	if _, err := srv.UpdateUser(testkit.Corp1, "ghost", func(*fixtures.Member) {}); !errors.Is(err, errcode.UserIDNotFound) {
		t.Errorf("UpdateUser unknown: %v", err)
	}
	if _, err := srv.DeleteUser("wwnope", "lisi"); !errors.Is(err, errcode.InvalidCorpID) {
		t.Errorf("DeleteUser unknown corp: %v", err)
	}
}

// Department and tag writes, their answers and refusals.
func TestDepartmentAndTagWriteAPIs(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	atok := testkit.AppToken(t, srv)
	post := func(tok, path string, body any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", tok), body)
	}
	m := assertWritten(t, post(ctok, "/cgi-bin/department/create", map[string]any{"name": "新部门", "parentid": 4}), "created")
	newID := testkit.Num(t, m, "id")
	if newID != 5 {
		t.Errorf("new department id %d, want 5 (the next free one)", newID)
	}
	list := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/list", "access_token", atok, "id", "4"))
	if !strings.Contains(string(mustJSON(t, list)), `"name":"新部门"`) {
		t.Errorf("department/list: %v", list)
	}
	assertWritten(t, post(ctok, "/cgi-bin/department/update", map[string]any{"id": newID, "name": "改名", "parentid": 3, "order": 7}), "updated")
	d := testkit.As[map[string]any](t, testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", ctok, "id", "5"))["department"])
	if testkit.Str(t, d, "name") != "改名" || testkit.Num(t, d, "parentid") != 3 || testkit.Num(t, d, "order") != 7 {
		t.Errorf("department/get: %v", d)
	}
	// The app no longer sees it under 市场部.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", atok, "id", "5"), errcode.NoPrivilege)

	for _, tc := range []struct {
		name   string
		tok    string
		path   string
		body   any
		code   errcode.Code
		phrase string
	}{
		{"app token", atok, "/cgi-bin/department/create", map[string]any{"name": "x", "parentid": 1}, 48002, "api forbidden"},
		{"no name", ctok, "/cgi-bin/department/create", map[string]any{"parentid": 1}, 60001, "invalid department name length"},
		{"long name", ctok, "/cgi-bin/department/create", map[string]any{"name": strings.Repeat("长", 33), "parentid": 1}, 60001, "invalid department name length"},
		{"illegal name", ctok, "/cgi-bin/department/create", map[string]any{"name": "a:b", "parentid": 1}, 60009, "department name contains illegal characters"},
		{"no parent", ctok, "/cgi-bin/department/create", map[string]any{"name": "x"}, 60004, "parent department not found"},
		{"unknown parent", ctok, "/cgi-bin/department/create", map[string]any{"name": "x", "parentid": 99}, 60004, "parent department not found"},
		{"bad id", ctok, "/cgi-bin/department/create", map[string]any{"name": "x", "parentid": 1, "id": 1}, 60123, "invalid department id"},
		{"id taken", ctok, "/cgi-bin/department/create", map[string]any{"name": "x", "parentid": 1, "id": 3}, 60008, "department existed"},
		{"name taken", ctok, "/cgi-bin/department/create", map[string]any{"name": "研发部", "parentid": 1}, 60008, "department existed"},
		{"update unknown", ctok, "/cgi-bin/department/update", map[string]any{"id": 99, "name": "x"}, 60003, "department not found"},
		{"update no id", ctok, "/cgi-bin/department/update", map[string]any{"name": "x"}, 60123, "invalid department id"},
		{"cycle", ctok, "/cgi-bin/department/update", map[string]any{"id": 2, "parentid": 4}, 60010, "department has circular relation"},
		{"move root", ctok, "/cgi-bin/department/update", map[string]any{"id": 1, "parentid": 2}, 60007, "not allow to delete root department"},
		{"tag app token", atok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1, "userlist": []string{"lisi"}}, 81011, "no privilege to access/modify tag"},
		{"tag unknown", ctok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 9, "userlist": []string{"lisi"}}, 40068, "invalid tagid"},
		{"tag missing", ctok, "/cgi-bin/tag/addtagusers", map[string]any{"userlist": []string{"lisi"}}, 40068, "invalid tagid"},
		{"add all invalid", ctok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1, "userlist": []string{"ghost"}, "partylist": []int{99}}, 40070, "all list invalid "},
		{"add nothing", ctok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1}, 40070, "all list invalid "},
		{"del all invalid", ctok, "/cgi-bin/tag/deltagusers", map[string]any{"tagid": 1, "userlist": []string{"ghost"}}, 40031, "all list invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ContactError(t, post(tc.tok, tc.path, tc.body), tc.code, tc.phrase)
		})
	}
	del := func(id string) *testkit.Resp {
		return testkit.Get(t, testkit.URL(srv, "/cgi-bin/department/delete", "access_token", ctok, "id", id))
	}
	testkit.ContactError(t, del("1"), 60007, "not allow to delete root department")
	testkit.ContactError(t, del("2"), 60006, "department contains sub-departments")
	testkit.ContactError(t, del("4"), 60005, "department contains members")
	testkit.ContactError(t, del("99"), 60003, "department not found")
	testkit.ContactError(t, del(""), 40058, "invalid Request Parameter")
	assertWritten(t, del("5"), "deleted")
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", ctok, "id", "5"), errcode.DepartmentNotFound)

	// Tags: partial success lists the invalid ids (a pipe string and an
	// int array); the app now reaches lisi... through the tag too.
	r := post(ctok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1, "userlist": []string{"wangwu", "ghost", "nobody"}, "partylist": []int{3, 77}})
	if string(r.Body) != `{"errcode":0,"errmsg":"ok","invalidlist":"ghost|nobody","invalidparty":[77]}` {
		t.Errorf("addtagusers partial: %s", r.Body)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, atok, "wangwu")) // visible through tag 1 now
	r = post(ctok, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1, "userlist": []string{"wangwu"}})
	if string(r.Body) != `{"errcode":0,"errmsg":"ok"}` {
		t.Errorf("addtagusers again: %s", r.Body)
	}
	r = post(ctok, "/cgi-bin/tag/deltagusers", map[string]any{"tagid": "1", "userlist": []string{"wangwu"}, "partylist": []int{3}})
	if string(r.Body) != `{"errcode":0,"errmsg":"deleted"}` {
		t.Errorf("deltagusers: %s", r.Body)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, atok, "wangwu"), errcode.NoPrivilege)

	res, err := srv.AddTagUsers(testkit.Corp1, 1, []string{"ghost"}, nil)
	if !errors.Is(err, errcode.AllListInvalidAdd) {
		t.Errorf("AddTagUsers all invalid: %+v %v", res, err)
	}
	res, err = srv.DelTagUsers(testkit.Corp1, 1, []string{"zhouqi", "ghost"}, nil)
	if err != nil || !slices.Equal(res.InvalidUsers, []string{"ghost"}) || res.ChangeType != "update_tag" {
		t.Errorf("DelTagUsers: %+v %v", res, err)
	}
	if _, err := srv.CreateDepartment(testkit.Corp1, fixtures.Department{Name: "根下", ParentID: 1}); err != nil {
		t.Errorf("CreateDepartment: %v", err)
	}
	if _, err := srv.DeleteDepartment(testkit.Corp1, 2); !errors.Is(err, errcode.Code(60006)) {
		t.Errorf("DeleteDepartment non-empty: %v", err)
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
