package directory_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestGetUserIDByMobile(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	tests := []struct {
		name, tok, mobile string
		want              string
		code              errcode.Code
	}{
		{name: "app, member in range", tok: tok.app, mobile: "13800000001", want: "zhangsan"},
		{name: "app, member through a tag", tok: tok.app, mobile: "13800000007", want: "zhouqi"},
		{name: "app, member outside its range", tok: tok.app, mobile: "13800000003", code: errcode.UserNotExist},
		{name: "contacts, same member", tok: tok.contacts, mobile: "13800000003", want: "wangwu"},
		{name: "unknown mobile", tok: tok.contacts, mobile: "13899999999", code: errcode.UserNotExist},
		{name: "letters", tok: tok.contacts, mobile: "1380000abcd", code: errcode.InvalidMobile},
		{name: "too short", tok: tok.contacts, mobile: "1380", code: errcode.InvalidMobile},
		{name: "plus in the middle", tok: tok.contacts, mobile: "138+00000001", code: errcode.InvalidMobile},
		{name: "missing", tok: tok.contacts, mobile: "", code: errcode.InvalidParameter},
		{name: "over 32 bytes", tok: tok.contacts, mobile: "138000000011380000000113800000001", code: errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := map[string]any{}
			if tt.mobile != "" {
				body["mobile"] = tt.mobile
			}
			r := post(t, srv, tt.tok, "/cgi-bin/user/getuserid", body)
			if tt.code != 0 {
				testkit.WeComError(t, r, tt.code)
				return
			}
			if got := testkit.Str(t, testkit.OK(t, r), "userid"); got != tt.want {
				t.Errorf("userid %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGetUserIDByMobileWrongJSON(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	testkit.WeComError(t, post(t, srv, tok.contacts, "/cgi-bin/user/getuserid", map[string]any{"mobile": 13800000001}), errcode.InvalidParameter)
}

func TestGetUserIDByEmail(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	tests := []struct {
		name, tok string
		body      map[string]any
		want      string
		code      errcode.Code
	}{
		{name: "company mailbox by default", tok: tok.app, body: map[string]any{"email": "zhangsan@mockcorp.example.com"}, want: "zhangsan"},
		{name: "company mailbox, any case", tok: tok.app, body: map[string]any{"email": "ZhangSan@MockCorp.example.com", "email_type": 1}, want: "zhangsan"},
		{name: "personal email", tok: tok.app, body: map[string]any{"email": "lisi@mock.example.com", "email_type": 2}, want: "lisi"},
		{name: "personal email asked as company", tok: tok.app, body: map[string]any{"email": "lisi@mock.example.com", "email_type": 1}, code: errcode.UserNotExist},
		{name: "app, member outside its range", tok: tok.app, body: map[string]any{"email": "wangwu@mock.example.com", "email_type": 2}, code: errcode.UserNotExist},
		{name: "contacts, same member", tok: tok.contacts, body: map[string]any{"email": "wangwu@mock.example.com", "email_type": 2}, want: "wangwu"},
		{name: "unknown", tok: tok.contacts, body: map[string]any{"email": "nobody@mock.example.com", "email_type": 2}, code: errcode.UserNotExist},
		{name: "no at sign", tok: tok.contacts, body: map[string]any{"email": "nobody.mock.example.com"}, code: errcode.InvalidEmail},
		{name: "no dotted domain", tok: tok.contacts, body: map[string]any{"email": "nobody@localhost"}, code: errcode.InvalidEmail},
		{name: "email_type 3", tok: tok.contacts, body: map[string]any{"email": "lisi@mock.example.com", "email_type": 3}, code: errcode.InvalidParameter},
		{name: "email_type 0", tok: tok.contacts, body: map[string]any{"email": "lisi@mock.example.com", "email_type": 0}, code: errcode.InvalidParameter},
		{name: "missing email", tok: tok.contacts, body: map[string]any{"email_type": 2}, code: errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, srv, tt.tok, "/cgi-bin/user/get_userid_by_email", tt.body)
			if tt.code != 0 {
				testkit.WeComError(t, r, tt.code)
				return
			}
			if got := testkit.Str(t, testkit.OK(t, r), "userid"); got != tt.want {
				t.Errorf("userid %q, want %q", got, tt.want)
			}
		})
	}
}

// A token of a kind the catalog does not list may not look members up.
func TestLookupsRefuseOtherTokens(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	ec := testkit.ECToken(t, srv)
	testkit.WeComError(t, post(t, srv, ec, "/cgi-bin/user/getuserid", map[string]any{"mobile": "13800000001"}), errcode.APIForbidden)
	testkit.WeComError(t, post(t, srv, ec, "/cgi-bin/user/convert_to_openid", map[string]any{"userid": "zhangsan"}), errcode.APIForbidden)
}

// The lookups read the directory as it is now: a changed mobile or email
// finds the member under the new value only.
func TestLookupsFollowContactWrites(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	written(t, post(t, srv, tok.contacts, "/cgi-bin/user/update", map[string]any{
		"userid": "lisi", "mobile": "13800000012", "biz_mail": "lisi@mockcorp.example.com",
	}))
	testkit.WeComError(t, post(t, srv, tok.app, "/cgi-bin/user/getuserid", map[string]any{"mobile": "13800000002"}), errcode.UserNotExist)
	for _, tc := range []struct{ path, key, value string }{
		{"/cgi-bin/user/getuserid", "mobile", "13800000012"},
		{"/cgi-bin/user/get_userid_by_email", "email", "lisi@mockcorp.example.com"},
	} {
		if got := testkit.Str(t, testkit.OK(t, post(t, srv, tok.app, tc.path, map[string]any{tc.key: tc.value})), "userid"); got != "lisi" {
			t.Errorf("%s %s: userid %q, want lisi", tc.path, tc.value, got)
		}
	}
}
