package testkit

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// TokenBody is gettoken's typed success body.
type TokenBody struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// GetToken calls gettoken and returns the typed success body.
func GetToken(t testing.TB, srv *mockserver.Server, corpID, secret string) TokenBody {
	t.Helper()
	r := Get(t, URL(srv, "/cgi-bin/gettoken", "corpid", corpID, "corpsecret", secret))
	OK(t, r)
	tb := DecodeStrict[TokenBody](t, r.Body)
	if tb.AccessToken == "" {
		t.Fatalf("gettoken returned an empty access_token: %s", r.Body)
	}
	return tb
}

// Token returns an access token for (corpID, secret).
func Token(t testing.TB, srv *mockserver.Server, corpID, secret string) string {
	t.Helper()
	return GetToken(t, srv, corpID, secret).AccessToken
}

// AppToken is the token of the default world's app in corp 1.
func AppToken(t testing.TB, srv *mockserver.Server) string {
	t.Helper()
	return Token(t, srv, Corp1, AppSecret)
}

// UserGetURL is user/get for userid with tok.
func UserGetURL(srv *mockserver.Server, tok, userID string) string {
	return URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", userID)
}

// UserBody is user/get as a typed SDK decodes it
// (https://developer.work.weixin.qq.com/document/path/96255): a type mismatch
// anywhere (gender a number, department strings …) fails the decode.
type UserBody struct {
	ErrCode          int                       `json:"errcode"`
	ErrMsg           string                    `json:"errmsg"`
	UserID           string                    `json:"userid"`
	Name             string                    `json:"name"`
	Department       []int                     `json:"department"`
	Order            []int64                   `json:"order"`
	Position         string                    `json:"position"`
	Mobile           string                    `json:"mobile"`
	Gender           string                    `json:"gender"`
	Email            string                    `json:"email"`
	BizMail          string                    `json:"biz_mail"`
	IsLeaderInDept   []int                     `json:"is_leader_in_dept"`
	DirectLeader     []string                  `json:"direct_leader"`
	Avatar           string                    `json:"avatar"`
	ThumbAvatar      string                    `json:"thumb_avatar"`
	Telephone        string                    `json:"telephone"`
	Alias            string                    `json:"alias"`
	Address          string                    `json:"address"`
	OpenUserID       string                    `json:"open_userid"`
	MainDepartment   int                       `json:"main_department"`
	ExtAttr          fixtures.ExtAttr          `json:"extattr"`
	Status           int                       `json:"status"`
	QRCode           string                    `json:"qr_code"`
	ExternalPosition string                    `json:"external_position"`
	ExternalProfile  *fixtures.ExternalProfile `json:"external_profile"`
	Enable           int                       `json:"enable"`
}

// SessionURL is jscode2session for code with tok.
func SessionURL(srv *mockserver.Server, tok, code string) string {
	return URL(srv, "/cgi-bin/miniprogram/jscode2session",
		"access_token", tok, "js_code", code, "grant_type", "authorization_code")
}

// SessionBody is jscode2session's typed success body.
type SessionBody struct {
	ErrCode    int    `json:"errcode"`
	ErrMsg     string `json:"errmsg"`
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
	DeviceID   string `json:"deviceid"`
}

// Mint mints a mini-program code through the Go API.
func Mint(t testing.TB, srv *mockserver.Server, corpID string, agent int, userID string) string {
	t.Helper()
	c, err := srv.MintCode(mockserver.CodeRequest{CorpID: corpID, AgentID: agent, UserID: userID})
	if err != nil {
		t.Fatalf("MintCode(%s, %d, %s): %v", corpID, agent, userID, err)
	}
	if c.Code == "" || c.ExpiresIn != 300 {
		t.Fatalf("MintCode returned %+v, want a code valid 300 s", c)
	}
	return c.Code
}

// Redeem calls jscode2session and returns the typed success body.
func Redeem(t testing.TB, srv *mockserver.Server, tok, code string) SessionBody {
	t.Helper()
	r := Get(t, SessionURL(srv, tok, code))
	OK(t, r)
	return DecodeStrict[SessionBody](t, r.Body)
}

// OAuthOldInfoURL is the older OAuth user/getuserinfo for code with tok and
// extra query pairs.
func OAuthOldInfoURL(srv *mockserver.Server, tok, code string, extra ...string) string {
	return URL(srv, "/cgi-bin/user/getuserinfo", append([]string{"access_token", tok, "code", code}, extra...)...)
}
