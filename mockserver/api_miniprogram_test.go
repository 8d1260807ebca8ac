package mockserver_test

import (
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

type sessionBody struct {
	ErrCode    int    `json:"errcode"`
	ErrMsg     string `json:"errmsg"`
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
}

// redeem calls jscode2session and returns the typed success body.
func redeem(t testing.TB, srv *mockserver.Server, tok, code string) sessionBody {
	t.Helper()
	r := get(t, sessionURL(srv, tok, code))
	assertOK(t, r)
	return decodeStrict[sessionBody](t, r.Body)
}

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
	tok := appToken(t, srv)
	code := mint(t, srv, corp1, agentID, "zhangsan")

	s := redeem(t, srv, tok, code)
	if s.CorpID != corp1 || s.UserID != "zhangsan" {
		t.Errorf("session = %+v, want corpid %s userid zhangsan", s, corp1)
	}
	assertSessionKey(t, s.SessionKey)

	// Single use.
	wecomError(t, sessionURL(srv, tok, code), errcode.InvalidCode)
}

func TestJSCode2SessionKeysDiffer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	seen := map[string]bool{}
	for range 50 {
		s := redeem(t, srv, tok, mint(t, srv, corp1, agentID, "lisi"))
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
	r := sendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes",
		`{"kind":"miniprogram","corpid":"wwmockcorp000001","agentid":1000002,"userid":"lisi"}`)
	m := controlJSON(t, r, http.StatusOK)
	code := str(t, m, "code")
	if n := num(t, m, "expires_in"); n != 300 {
		t.Errorf("expires_in %d, want 300", n)
	}
	s := redeem(t, srv, appToken(t, srv), code)
	if s.UserID != "lisi" || s.CorpID != corp1 {
		t.Errorf("session = %+v, want lisi of %s", s, corp1)
	}
}

func TestJSCode2SessionCodeUserIDCase(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// A code minted with other casing logs in the member as stored.
	s := redeem(t, srv, appToken(t, srv), mint(t, srv, corp1, agentID, "ZhangSan"))
	if s.UserID != "zhangsan" {
		t.Errorf("userid %q, want zhangsan", s.UserID)
	}
}

func TestJSCode2SessionInvalidCodes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	tests := []struct {
		name, url string
	}{
		{"unknown code", sessionURL(srv, tok, "no-such-code")},
		{"empty code", sessionURL(srv, tok, "")},
		{"missing js_code", apiURL(srv, "/cgi-bin/miniprogram/jscode2session", "access_token", tok)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wecomError(t, tt.url, errcode.InvalidCode)
		})
	}
}

func TestJSCode2SessionExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := appToken(t, srv)
	early := mint(t, srv, corp1, agentID, "zhangsan")
	late := mint(t, srv, corp1, agentID, "zhangsan")
	srv.Advance(299 * time.Second)
	if s := redeem(t, srv, tok, early); s.UserID != "zhangsan" {
		t.Errorf("code at 299 s: userid %q", s.UserID)
	}
	srv.Advance(time.Second) // exactly 300 s
	wecomError(t, sessionURL(srv, tok, late), errcode.InvalidCode)
}

func TestJSCode2SessionExpiresAfterFiveMinutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t) // ticking clock
	tok := appToken(t, srv)
	code := mint(t, srv, corp1, agentID, "zhangsan")
	srv.Advance(codeTTL)
	wecomError(t, sessionURL(srv, tok, code), errcode.InvalidCode)
}

func TestJSCode2SessionOtherCorpsCode(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := mint(t, srv, corp2, agentID, "zhaoliu")
	tok1 := appToken(t, srv)
	tok2 := token(t, srv, corp2, appSecret2)

	// Corp 1's app has the same agentid, but the code belongs to corp 2.
	wecomError(t, sessionURL(srv, tok1, code), errcode.InvalidCode)
	wecomError(t, sessionURL(srv, tok1, code), errcode.InvalidCode)

	// The refusal did not spend the code.
	s := redeem(t, srv, tok2, code)
	if s.CorpID != corp2 || s.UserID != "zhaoliu" {
		t.Errorf("session = %+v, want zhaoliu of %s", s, corp2)
	}
	wecomError(t, sessionURL(srv, tok2, code), errcode.InvalidCode)
}

func TestJSCode2SessionContactsToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := mint(t, srv, corp1, agentID, "zhangsan")
	contacts := token(t, srv, corp1, contactsSecret)
	wecomError(t, sessionURL(srv, contacts, code), errcode.InvalidAccessToken)
	// The code is still good for the app it was minted for.
	if s := redeem(t, srv, appToken(t, srv), code); s.UserID != "zhangsan" {
		t.Errorf("userid %q, want zhangsan", s.UserID)
	}
}

// TestMiniProgramLoginFlow is the whole login of a mini program's back end:
// gettoken → jscode2session → check the corp → user/get.
func TestMiniProgramLoginFlow(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := mint(t, srv, corp1, agentID, "zhangsan") // what wx.qy.login gives the mini program

	tok := appToken(t, srv)
	s := redeem(t, srv, tok, code)
	if s.CorpID != corp1 {
		t.Fatalf("session corpid %q, want %q", s.CorpID, corp1)
	}
	u := decodeStrict[userBody](t, get(t, userGetURL(srv, tok, s.UserID)).Body)
	if u.ErrCode != 0 || u.UserID != "zhangsan" || u.Name != "张三" {
		t.Fatalf("user/get = %+v", u)
	}
	m := wecomError(t, userGetURL(srv, tok, "wangwu"), errcode.NoPrivilege)
	if _, ok := m["name"]; ok {
		t.Error("60011 answer leaks the member's name")
	}
}
