package contacts_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// deptJSON is a department as SDKs decode it: numbers for ids and order.
type deptJSON struct {
	ID               int      `json:"id"`
	Name             string   `json:"name"`
	NameEn           string   `json:"name_en"`
	DepartmentLeader []string `json:"department_leader"`
	ParentID         int      `json:"parentid"`
	Order            int64    `json:"order"`
}

type deptListBody struct {
	ErrCode    int        `json:"errcode"`
	ErrMsg     string     `json:"errmsg"`
	Department []deptJSON `json:"department"`
}

type deptSimpleListBody struct {
	ErrCode      int    `json:"errcode"`
	ErrMsg       string `json:"errmsg"`
	DepartmentID []struct {
		ID       int   `json:"id"`
		ParentID int   `json:"parentid"`
		Order    int64 `json:"order"`
	} `json:"department_id"`
}

type deptGetBody struct {
	ErrCode    int      `json:"errcode"`
	ErrMsg     string   `json:"errmsg"`
	Department deptJSON `json:"department"`
}

// deptGetJSON GETs a department API and returns the raw success answer.
func deptGetJSON(t *testing.T, srv *mockserver.Server, path, tok string, kv ...string) *testkit.Resp {
	t.Helper()
	r := testkit.Get(t, testkit.URL(srv, path, append([]string{"access_token", tok}, kv...)...))
	testkit.OK(t, r)
	return r
}

func deptListIDs(ds []deptJSON) []int {
	out := make([]int, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func TestDepartmentListScope(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tests := []struct {
		name string
		tok  string
		id   []string
		want []int
	}{
		// Parents before children, siblings by descending order: 研发部
		// (order 100000000) before 市场部 (99999000).
		{"contacts, whole corp", contacts, nil, []int{1, 2, 4, 3}},
		{"contacts, id=0 means all", contacts, []string{"id", "0"}, []int{1, 2, 4, 3}},
		{"contacts, empty id means all", contacts, []string{"id", ""}, []int{1, 2, 4, 3}},
		{"contacts, subtree", contacts, []string{"id", "2"}, []int{2, 4}},
		{"contacts, invisible to the app", contacts, []string{"id", "3"}, []int{3}},
		{"app, its visible range", app, nil, []int{2, 4}},
		{"app, subtree", app, []string{"id", "2"}, []int{2, 4}},
		{"app, leaf", app, []string{"id", "4"}, []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := deptGetJSON(t, srv, "/cgi-bin/department/list", tt.tok, tt.id...)
			body := testkit.DecodeStrict[deptListBody](t, r.Body)
			if got := deptListIDs(body.Department); !slices.Equal(got, tt.want) {
				t.Errorf("ids %v, want %v", got, tt.want)
			}

			r = deptGetJSON(t, srv, "/cgi-bin/department/simplelist", tt.tok, tt.id...)
			simple := testkit.DecodeStrict[deptSimpleListBody](t, r.Body)
			var ids []int
			for i, d := range simple.DepartmentID {
				ids = append(ids, d.ID)
				full := body.Department[i]
				if d.ParentID != full.ParentID || d.Order != full.Order {
					t.Errorf("simplelist row %+v differs from list row %+v", d, full)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("simplelist ids %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestDepartmentListFields(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := deptGetJSON(t, srv, "/cgi-bin/department/list", testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret))
	body := testkit.DecodeStrict[deptListBody](t, r.Body)
	want := map[int]deptJSON{
		1: {ID: 1, Name: "模拟科技有限公司", DepartmentLeader: []string{}, ParentID: 0, Order: 100000000},
		2: {ID: 2, Name: "研发部", NameEn: "R&D", DepartmentLeader: []string{"zhangsan"}, ParentID: 1, Order: 100000000},
		3: {ID: 3, Name: "市场部", NameEn: "Marketing", DepartmentLeader: []string{}, ParentID: 1, Order: 99999000},
		4: {ID: 4, Name: "平台组", NameEn: "Platform", DepartmentLeader: []string{}, ParentID: 2, Order: 100000000},
	}
	for _, d := range body.Department {
		w := want[d.ID]
		if d.Name != w.Name || d.NameEn != w.NameEn || d.ParentID != w.ParentID || d.Order != w.Order ||
			!slices.Equal(d.DepartmentLeader, w.DepartmentLeader) || d.DepartmentLeader == nil {
			t.Errorf("department %+v, want %+v", d, w)
		}
	}
	// Raw JSON types: numbers, and arrays never null.
	m := testkit.DecodeMap(t, r.Body)
	root := testkit.As[map[string]any](t, testkit.As[[]any](t, m["department"])[0])
	for _, k := range []string{"id", "parentid", "order"} {
		testkit.Num(t, root, k)
	}
	if l, ok := root["department_leader"].([]any); !ok || len(l) != 0 {
		t.Errorf("root department_leader = %#v, want []", root["department_leader"])
	}
	if len(root) != 6 {
		t.Errorf("department has keys %v, want id,name,name_en,department_leader,parentid,order", root)
	}
}

func TestDepartmentGet(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)

	r := deptGetJSON(t, srv, "/cgi-bin/department/get", app, "id", "4")
	got := testkit.DecodeStrict[deptGetBody](t, r.Body).Department
	if got.ID != 4 || got.Name != "平台组" || got.ParentID != 2 || got.DepartmentLeader == nil {
		t.Errorf("department/get id=4: %+v", got)
	}
	if _, ok := testkit.DecodeMap(t, r.Body)["department"].(map[string]any); !ok {
		t.Errorf("department is not an object: %s", r.Body)
	}
	r = deptGetJSON(t, srv, "/cgi-bin/department/get", contacts, "id", "3")
	if got := testkit.DecodeStrict[deptGetBody](t, r.Body).Department; got.ID != 3 || got.Name != "市场部" {
		t.Errorf("contacts department/get id=3: %+v", got)
	}
	// A GET API also answers POST.
	pr := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/department/get", "access_token", app, "id", "2"), "{}")
	if got := testkit.DecodeStrict[deptGetBody](t, testkit.OKBody(t, pr)).Department; got.ID != 2 {
		t.Errorf("POST department/get: %+v", got)
	}
}

func TestDepartmentErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tests := []struct {
		name string
		path string
		tok  string
		kv   []string
		want errcode.Code
	}{
		{"list: app, root outside range", "/cgi-bin/department/list", app, []string{"id", "1"}, errcode.NoPrivilege},
		{"list: app, sibling outside range", "/cgi-bin/department/list", app, []string{"id", "3"}, errcode.NoPrivilege},
		{"list: unknown id", "/cgi-bin/department/list", app, []string{"id", "99"}, errcode.DepartmentNotFound},
		{"list: unknown id, contacts", "/cgi-bin/department/list", contacts, []string{"id", "99"}, errcode.DepartmentNotFound},
		{"list: not a number", "/cgi-bin/department/list", contacts, []string{"id", "abc"}, errcode.InvalidParameter},
		{"list: negative", "/cgi-bin/department/list", contacts, []string{"id", "-1"}, errcode.InvalidParameter},
		{"simplelist: app, outside range", "/cgi-bin/department/simplelist", app, []string{"id", "3"}, errcode.NoPrivilege},
		{"simplelist: unknown id", "/cgi-bin/department/simplelist", contacts, []string{"id", "99"}, errcode.DepartmentNotFound},
		{"simplelist: not a number", "/cgi-bin/department/simplelist", contacts, []string{"id", "x"}, errcode.InvalidParameter},
		{"get: missing id", "/cgi-bin/department/get", contacts, nil, errcode.InvalidParameter},
		{"get: id=0", "/cgi-bin/department/get", contacts, []string{"id", "0"}, errcode.InvalidParameter},
		{"get: not a number", "/cgi-bin/department/get", contacts, []string{"id", "2a"}, errcode.InvalidParameter},
		{"get: unknown", "/cgi-bin/department/get", app, []string{"id", "99"}, errcode.DepartmentNotFound},
		{"get: app, outside range", "/cgi-bin/department/get", app, []string{"id", "1"}, errcode.NoPrivilege},
		{"get: no token", "/cgi-bin/department/get", "", []string{"id", "2"}, errcode.AccessTokenMissing},
		{"list: bad token", "/cgi-bin/department/list", "nope", nil, errcode.InvalidAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kv := tt.kv
			if tt.tok != "" {
				kv = append([]string{"access_token", tt.tok}, kv...)
			}
			m := testkit.GetWeComError(t, testkit.URL(srv, tt.path, kv...), tt.want)
			_, hasIDs := m["department_id"]
			wantIDs := tt.path == "/cgi-bin/department/simplelist"
			if hasIDs != wantIDs {
				t.Errorf("error body has department_id: %v, want %v", hasIDs, wantIDs)
			}
			if wantIDs {
				if l, ok := m["department_id"].([]any); !ok || len(l) != 0 {
					t.Errorf(`department_id = %#v, want []`, m["department_id"])
				}
			}
		})
	}
}

func TestDepartmentListOtherCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := deptGetJSON(t, srv, "/cgi-bin/department/list", testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2))
	if got := deptListIDs(testkit.DecodeStrict[deptListBody](t, r.Body).Department); !slices.Equal(got, []int{1}) {
		t.Errorf("corp 2 app sees %v, want [1]", got)
	}
	// Corp 1's department 4 does not exist in corp 2.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", testkit.Token(t, srv, testkit.Corp2, testkit.ContactsSecret2), "id", "4"),
		errcode.DepartmentNotFound)
}
