package login_test

import (
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func assertSessionKey(t testing.TB, key string) {
	t.Helper()
	raw, err := base64.StdEncoding.Strict().DecodeString(key)
	if err != nil {
		t.Fatalf("session_key %q is not standard base64: %v", key, err)
	}
	if len(raw) != 16 {
		t.Errorf("session_key %q decodes to %d bytes, want 16", key, len(raw))
	}
}

func TestJSCode2Session(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")

	s := testkit.Redeem(t, srv, tok, code)
	if s.CorpID != testkit.Corp1 || s.UserID != "zhangsan" {
		t.Errorf("session = %+v, want corpid %s userid zhangsan", s, testkit.Corp1)
	}
	assertSessionKey(t, s.SessionKey)

	// Single use.
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, code), errcode.InvalidCode)
}

func TestJSCode2SessionKeysDiffer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	seen := map[string]bool{}
	for range 50 {
		s := testkit.Redeem(t, srv, tok, testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "lisi"))
		assertSessionKey(t, s.SessionKey)
		if seen[s.SessionKey] {
			t.Fatalf("session_key %q handed out twice", s.SessionKey)
		}
		seen[s.SessionKey] = true
	}
}

func TestJSCode2SessionMintedOverControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"miniprogram","corpid":"wwmockcorp000001","agentid":1000002,"userid":"lisi"}`)
	m := testkit.ControlJSON(t, r, http.StatusOK)
	code := testkit.Str(t, m, "code")
	if n := testkit.Num(t, m, "expires_in"); n != 300 {
		t.Errorf("expires_in %d, want 300", n)
	}
	s := testkit.Redeem(t, srv, testkit.AppToken(t, srv), code)
	if s.UserID != "lisi" || s.CorpID != testkit.Corp1 {
		t.Errorf("session = %+v, want lisi of %s", s, testkit.Corp1)
	}
}

func TestJSCode2SessionCodeUserIDCase(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// A code minted with other casing logs in the member as stored.
	s := testkit.Redeem(t, srv, testkit.AppToken(t, srv), testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "ZhangSan"))
	if s.UserID != "zhangsan" {
		t.Errorf("userid %q, want zhangsan", s.UserID)
	}
}

func TestJSCode2SessionInvalidCodes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	const path = "/cgi-bin/miniprogram/jscode2session"
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	// D:91507: js_code and grant_type=authorization_code are required.
	tests := []struct {
		name, url string
		want      errcode.Code
	}{
		{"unknown code", testkit.SessionURL(srv, tok, "no-such-code"), errcode.InvalidCode},
		{"empty code", testkit.SessionURL(srv, tok, ""), errcode.CodeMissing},
		{"missing js_code", testkit.URL(srv, path, "access_token", tok, "grant_type", "authorization_code"), errcode.CodeMissing},
		{"missing both", testkit.URL(srv, path, "access_token", tok), errcode.CodeMissing},
		{"missing grant_type", testkit.URL(srv, path, "access_token", tok, "js_code", code), errcode.InvalidGrantType},
		{"empty grant_type", testkit.URL(srv, path, "access_token", tok, "js_code", code, "grant_type", ""), errcode.InvalidGrantType},
		{"other grant_type", testkit.URL(srv, path, "access_token", tok, "js_code", code, "grant_type", "client_credential"), errcode.InvalidGrantType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.GetWeComError(t, tt.url, tt.want)
		})
	}
	// A refused grant_type does not spend the code.
	if s := testkit.Redeem(t, srv, tok, code); s.UserID != "zhangsan" {
		t.Errorf("session %+v after refused calls, want zhangsan", s)
	}
}

// TestJSCode2SessionDeviceID: the answer carries deviceid, the device the
// code was minted for, empty when none was given.
func TestJSCode2SessionDeviceID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"miniprogram","corpid":"wwmockcorp000001","agentid":1000002,"userid":"lisi","deviceid":"dev-042"}`)
	code := testkit.Str(t, testkit.ControlJSON(t, r, http.StatusOK), "code")
	if s := testkit.Redeem(t, srv, tok, code); s.DeviceID != "dev-042" || s.UserID != "lisi" {
		t.Errorf("session %+v, want lisi on dev-042", s)
	}
	m := testkit.GetJSON(t, testkit.SessionURL(srv, tok, testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")))
	if d, ok := m["deviceid"]; !ok || d != "" {
		t.Errorf("deviceid of a code minted without one: %v", m)
	}
}

func TestJSCode2SessionExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	early := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	late := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	srv.Advance(299 * time.Second)
	if s := testkit.Redeem(t, srv, tok, early); s.UserID != "zhangsan" {
		t.Errorf("code at 299 s: userid %q", s.UserID)
	}
	srv.Advance(time.Second) // exactly 300 s
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, late), errcode.InvalidCode)
}

func TestJSCode2SessionExpiresAfterFiveMinutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t) // ticking clock
	tok := testkit.AppToken(t, srv)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	srv.Advance(testkit.CodeTTL)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, code), errcode.InvalidCode)
}

func TestJSCode2SessionContactsToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	contacts := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.GetWeComError(t, testkit.SessionURL(srv, contacts, code), errcode.InvalidAccessToken)
	// The code is still good for the app it was minted for.
	if s := testkit.Redeem(t, srv, testkit.AppToken(t, srv), code); s.UserID != "zhangsan" {
		t.Errorf("userid %q, want zhangsan", s.UserID)
	}
}

// TestMiniProgramLoginFlow is the whole login of a mini program's back end:
// gettoken → jscode2session → check the corp → user/get.
func TestMiniProgramLoginFlow(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan") // what wx.qy.login gives the mini program

	tok := testkit.AppToken(t, srv)
	s := testkit.Redeem(t, srv, tok, code)
	if s.CorpID != testkit.Corp1 {
		t.Fatalf("session corpid %q, want %q", s.CorpID, testkit.Corp1)
	}
	u := testkit.DecodeStrict[testkit.UserBody](t, testkit.Get(t, testkit.UserGetURL(srv, tok, s.UserID)).Body)
	if u.ErrCode != 0 || u.UserID != "zhangsan" || u.Name != "张三" {
		t.Fatalf("user/get = %+v", u)
	}
	m := testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "wangwu"), errcode.NoPrivilege)
	if _, ok := m["name"]; ok {
		t.Error("60011 answer leaks the member's name")
	}
}
