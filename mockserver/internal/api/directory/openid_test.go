package directory_test

import (
	"regexp"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// openIDShape is the shape of real openids: "o" and 27 characters.
var openIDShape = regexp.MustCompile(`^o[A-Za-z0-9_-]{27}$`)

func toOpenID(t *testing.T, srv *mockserver.Server, tok, userID string) string {
	t.Helper()
	m := testkit.OK(t, post(t, srv, tok, "/cgi-bin/user/convert_to_openid", map[string]any{"userid": userID}))
	return testkit.Str(t, m, "openid")
}

func toUserID(t *testing.T, srv *mockserver.Server, tok, openID string) string {
	t.Helper()
	m := testkit.OK(t, post(t, srv, tok, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": openID}))
	return testkit.Str(t, m, "userid")
}

// An openid is stable, the same for the app and the contacts-sync token,
// differs between members and between corps, and converts back.
func TestOpenIDRoundTrip(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	zs := toOpenID(t, srv, tok.app, "zhangsan")
	if !openIDShape.MatchString(zs) {
		t.Errorf("openid %q is not shaped like a real one", zs)
	}
	if again := toOpenID(t, srv, tok.contacts, "ZhangSan"); again != zs {
		t.Errorf("contacts token's openid %q, app's %q: want the same", again, zs)
	}
	ls := toOpenID(t, srv, tok.app, "lisi")
	if ls == zs {
		t.Errorf("lisi and zhangsan share openid %q", zs)
	}
	for _, tc := range []struct{ tok, openID, want string }{
		{tok.app, zs, "zhangsan"}, {tok.contacts, zs, "zhangsan"}, {tok.app, ls, "lisi"},
	} {
		if got := toUserID(t, srv, tc.tok, tc.openID); got != tc.want {
			t.Errorf("convert_to_userid(%s) = %q, want %q", tc.openID, got, tc.want)
		}
	}
	// Corp 2 knows nothing of corp 1's openids.
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.ContactsSecret2)
	testkit.WeComError(t, post(t, srv, tok2, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": zs}), errcode.InvalidOpenID)
}

// The OAuth visitor's openid is no member's.
func TestVisitorOpenIDIsNoMembers(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	code, err := srv.MintCode(mockserver.CodeRequest{Kind: "oauth", CorpID: testkit.Corp1, AgentID: testkit.AgentID, Scope: "snsapi_base"})
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/auth/getuserinfo", "access_token", tok.app, "code", code.Code))
	visitor := testkit.Str(t, m, "openid")
	for _, id := range []string{"zhangsan", "lisi", "wangwu", "zhouqi"} {
		if toOpenID(t, srv, tok.contacts, id) == visitor {
			t.Fatalf("%s has the visitor's openid %q", id, visitor)
		}
	}
	testkit.WeComError(t, post(t, srv, tok.contacts, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": visitor}), errcode.InvalidOpenID)
}

func TestConvertErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	wangwu := toOpenID(t, srv, tok.contacts, "wangwu")
	tests := []struct {
		name, tok, path string
		body            map[string]any
		code            errcode.Code
	}{
		{"openid: app, member outside its range", tok.app, "/cgi-bin/user/convert_to_openid", map[string]any{"userid": "wangwu"}, errcode.NoPrivilege},
		{"openid: unknown member", tok.contacts, "/cgi-bin/user/convert_to_openid", map[string]any{"userid": "ghost"}, errcode.UserIDNotFound},
		{"openid: invalid userid", tok.contacts, "/cgi-bin/user/convert_to_openid", map[string]any{"userid": "张三"}, errcode.InvalidUserID},
		{"openid: missing userid", tok.contacts, "/cgi-bin/user/convert_to_openid", map[string]any{}, errcode.InvalidParameter},
		{"userid: app, member outside its range", tok.app, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": wangwu}, errcode.NoPrivilege},
		{"userid: unknown openid", tok.contacts, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": "oDjGHs-1yCnGrRovBj2yHij5JAAA"}, errcode.InvalidOpenID},
		{"userid: missing openid", tok.contacts, "/cgi-bin/user/convert_to_userid", map[string]any{}, errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, post(t, srv, tt.tok, tt.path, tt.body), tt.code)
		})
	}
}

// A member created after start gets an openid too; once deleted, the
// openid names nobody.
func TestOpenIDOfNewAndDeletedMember(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	written(t, post(t, srv, tok.contacts, "/cgi-bin/user/create", fixtures.Member{
		UserID: "zhaoliu", Name: "赵六", Department: []int{2}, Mobile: "13800000016",
	}))
	id := toOpenID(t, srv, tok.app, "zhaoliu")
	if got := toUserID(t, srv, tok.app, id); got != "zhaoliu" {
		t.Fatalf("convert_to_userid = %q, want zhaoliu", got)
	}
	written(t, get(t, srv, tok.contacts, "/cgi-bin/user/delete", "userid", "zhaoliu"))
	testkit.WeComError(t, post(t, srv, tok.app, "/cgi-bin/user/convert_to_userid", map[string]any{"openid": id}), errcode.InvalidOpenID)
}
