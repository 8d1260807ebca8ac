package contacts_test

import (
	"fmt"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// deptThirdPartyToken installs the default world's third-party suite in corp 1
// with a visible range of 研发部 and returns the corp token
// service/get_corp_token gives for it.
func deptThirdPartyToken(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}}})
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	return testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token",
		suiteTok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}))).AccessToken
}

// appTokens are the three kinds of app token of corp 1 the tests compare:
// the self-built app, the 代开发 app (range 研发部) and the third-party app.
func appTokens(t *testing.T, srv *mockserver.Server) map[string]string {
	t.Helper()
	return map[string]string{
		"self-built":  testkit.AppToken(t, srv),
		"customized":  testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent),
		"third-party": deptThirdPartyToken(t, srv),
	}
}

// TestThirdPartyReadsMembersWithoutNames: WeCom gives a third-party app the
// userid where the name would be and keeps the fields only contacts apps
// get (position, alias, telephone, avatar, extattr, mobile, email, ...)
// from it (https://developer.work.weixin.qq.com/document/path/96269 适配建议,
// the name notes of path/96255 and path/96259). Self-built apps are
// unchanged; the 代开发 app reads names, its admin authorization assumed.
func TestThirdPartyReadsMembersWithoutNames(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	toks := appTokens(t, srv)
	f := defaultMember(t, "zhangsan")
	hidden := []string{"mobile", "email", "biz_mail", "address", "avatar", "qr_code"}
	blank := []string{"position", "alias", "telephone", "thumb_avatar", "external_position"}
	for _, tc := range []struct {
		kind       string
		wantName   string
		thirdParty bool
	}{
		{"self-built", f.Name, false},
		{"customized", f.Name, false},
		{"third-party", f.UserID, true},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			tok := toks[tc.kind]
			get := testkit.OK(t, testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan")))
			list := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/list", "access_token", tok, "department_id", "2"))
			simple := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/simplelist", "access_token", tok, "department_id", "2"))
			for api, u := range map[string]map[string]any{
				"user/get":        get,
				"user/list":       findUser(t, list, "zhangsan"),
				"user/simplelist": findUser(t, simple, "zhangsan"),
			} {
				if u["name"] != tc.wantName {
					t.Errorf("%s: name = %v, want %q", api, u["name"], tc.wantName)
				}
				if api == "user/simplelist" {
					continue
				}
				for _, k := range hidden {
					if _, ok := u[k]; ok && tc.thirdParty {
						t.Errorf("%s: third party reads %s = %v", api, k, u[k])
					}
				}
				for _, k := range blank {
					if v := u[k]; tc.thirdParty && v != "" {
						t.Errorf("%s: third party reads %s = %v", api, k, v)
					}
				}
				if !tc.thirdParty && u["position"] != f.Position {
					t.Errorf("%s: position = %v, want %q", api, u["position"], f.Position)
				}
				if tc.thirdParty && u["gender"] != "0" {
					t.Errorf("%s: gender = %v, want \"0\" (not obtainable)", api, u["gender"])
				}
			}
		})
	}
}

// findUser is the row of userid in a user/list or user/simplelist answer.
func findUser(t *testing.T, body map[string]any, userID string) map[string]any {
	t.Helper()
	rows, _ := body["userlist"].([]any)
	for _, r := range rows {
		if u, _ := r.(map[string]any); u["userid"] == userID {
			return u
		}
	}
	t.Fatalf("no %s in %v", userID, body)
	return nil
}

// TestThirdPartyReadsDepartmentsWithoutNames: department/list gives a
// third-party app the id where the name would be ("返回的name字段使用id代替",
// https://developer.work.weixin.qq.com/document/path/90344) and department/get
// no name either (https://developer.work.weixin.qq.com/document/path/95407);
// name_en is empty for both. Self-built and 代开发 apps read the names.
func TestThirdPartyReadsDepartmentsWithoutNames(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	toks := appTokens(t, srv)
	for _, tc := range []struct {
		kind       string
		wantName   string
		wantNameEn string
	}{
		{"self-built", "研发部", "R&D"},
		{"customized", "研发部", "R&D"},
		{"third-party", "2", ""},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			tok := toks[tc.kind]
			list := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/list", "access_token", tok, "id", "2"))
			get := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/department/get", "access_token", tok, "id", "2"))
			rows, _ := list["department"].([]any)
			if len(rows) == 0 {
				t.Fatalf("department/list: %v", list)
			}
			one, _ := get["department"].(map[string]any)
			for api, d := range map[string]map[string]any{"department/list": testkit.As[map[string]any](t, rows[0]), "department/get": one} {
				if fmt.Sprint(d["id"]) != "2" || d["name"] != tc.wantName || d["name_en"] != tc.wantNameEn {
					t.Errorf("%s: %v, want name %q name_en %q", api, d, tc.wantName, tc.wantNameEn)
				}
			}
		})
	}
}

// TestUserBodyCacheKeepsViewsApart: the cached user/get body of one member
// version differs by who reads it — a third-party read between two
// self-built reads must not leak into either.
func TestUserBodyCacheKeepsViewsApart(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	toks := appTokens(t, srv)
	f := defaultMember(t, "zhangsan")
	for i, kind := range []string{"self-built", "third-party", "self-built", "third-party"} {
		want := f.Name
		if kind == "third-party" {
			want = f.UserID
		}
		u := testkit.OK(t, testkit.Get(t, testkit.UserGetURL(srv, toks[kind], "zhangsan")))
		if u["name"] != want {
			t.Errorf("read %d (%s): name = %v, want %q", i, kind, u["name"], want)
		}
	}
}
