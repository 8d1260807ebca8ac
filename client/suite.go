// Suite (third-party / 代开发) calls; see "Suites" in the package doc.

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// TicketFunc returns the newest suite_ticket the suite's callback received.
// A SuiteClient calls it each time it fetches a suite_access_token.
type TicketFunc func(ctx context.Context) (string, error)

// SuiteClient calls the suite APIs (/cgi-bin/service/...) with one suite's
// suite_access_token. It is safe for concurrent use; create one per suite.
type SuiteClient struct {
	// c carries the transport, clock, logger and retry policy set by the
	// Options, and single-flights the token fetches; its corpID and secret
	// are the suite's ID and secret, and its own access token is never used.
	c      *Client
	ticket TicketFunc
	token  credCache
}

// NewSuite returns a client for the suite suiteID with its secret. ticket
// supplies the suite_ticket; it is called only when a token is fetched. It
// takes the same Options as New. It does no I/O.
func NewSuite(suiteID, suiteSecret string, ticket TicketFunc, opts ...Option) *SuiteClient {
	return &SuiteClient{
		c:      New(suiteID, suiteSecret, opts...),
		ticket: ticket,
		token:  credCache{name: "suite_access_token"},
	}
}

// SuiteID is the suite the client was created for.
func (s *SuiteClient) SuiteID() string { return s.c.corpID }

// SuiteToken returns a valid suite_access_token, fetching one with
// POST /cgi-bin/service/get_suite_token if none is cached or the cached one
// is due for refresh. A wrong ticket fails with errcode.InvalidSuiteTicket
// (40085), a wrong secret with errcode.InvalidSuiteSecret (40080).
func (s *SuiteClient) SuiteToken(ctx context.Context) (string, error) {
	return s.c.cached(ctx, &s.token, s.fetchSuiteToken)
}

func (s *SuiteClient) fetchSuiteToken(ctx context.Context) (string, int, error) {
	const path = "/cgi-bin/service/get_suite_token"
	if s.ticket == nil {
		return "", 0, errors.New("wecom " + path + ": no TicketFunc given to NewSuite")
	}
	ticket, err := s.ticket(ctx)
	if err != nil {
		return "", 0, fmt.Errorf("wecom %s: getting the suite_ticket: %w", path, err)
	}
	if ticket == "" {
		return "", 0, errors.New("wecom " + path + ": no suite_ticket received yet")
	}
	body, err := marshalJSON(map[string]string{
		"suite_id": s.c.corpID, "suite_secret": s.c.secret, "suite_ticket": ticket,
	})
	if err != nil {
		return "", 0, err
	}
	var out struct {
		SuiteAccessToken string `json:"suite_access_token"`
		ExpiresIn        int    `json:"expires_in"`
	}
	err = s.c.callJSON(ctx, &request{
		method: http.MethodPost, path: path, body: body,
		contentType: "application/json; charset=utf-8",
		// "因历史原因，该接口在调用失败时才返回errcode"
		// (https://developer.work.weixin.qq.com/document/path/97162).
		errcodeOptional: true,
	}, &out)
	if err != nil {
		return "", 0, err
	}
	if out.SuiteAccessToken == "" {
		return "", 0, &ResponseError{Path: path, Reason: "answer has no suite_access_token"}
	}
	return out.SuiteAccessToken, out.ExpiresIn, nil
}

// suiteTokenInvalid reports whether code means "fetch a new
// suite_access_token and try again".
func suiteTokenInvalid(code errcode.Code) bool {
	return code == errcode.InvalidSuiteToken || code == errcode.SuiteAccessTokenExpired
}

// call makes one suite API call with suite_access_token in the query (in is
// the JSON body of a POST, nil for a GET). On 40082/42009 it drops the token
// and repeats the call once with a new one; the Client's own retries of
// -1/45033 apply to each attempt.
func (s *SuiteClient) call(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body []byte
	var contentType string
	if in != nil {
		var err error
		if body, err = marshalJSON(in); err != nil {
			return fmt.Errorf("wecom %s: encoding request: %w", path, err)
		}
		contentType = "application/json; charset=utf-8"
	}
	for renewed := false; ; renewed = true {
		token, err := s.SuiteToken(ctx)
		if err != nil {
			return err
		}
		q := cloneValues(query)
		q.Set("suite_access_token", token)
		err = s.c.callJSON(ctx, &request{method: method, path: path, query: q, body: body, contentType: contentType}, out)
		var apiErr *APIError
		if renewed || !errors.As(err, &apiErr) || !suiteTokenInvalid(apiErr.Code) {
			return err
		}
		s.token.drop(token)
		s.c.log.WarnContext(ctx, "wecom: suite_access_token rejected, fetching a new one",
			"path", path, "errcode", int(apiErr.Code))
	}
}

// PreAuthCode returns a new pre_auth_code for the install page
// (GET /cgi-bin/service/get_pre_auth_code): single use, valid 1200 s.
func (s *SuiteClient) PreAuthCode(ctx context.Context) (string, error) {
	var out struct {
		PreAuthCode string `json:"pre_auth_code"`
	}
	if err := s.call(ctx, http.MethodGet, "/cgi-bin/service/get_pre_auth_code", nil, nil, &out); err != nil {
		return "", err
	}
	return out.PreAuthCode, nil
}

// AuthType is set_session_info's auth_type.
type AuthType int

const (
	// AuthTypeOfficial is a normal install (the default).
	AuthTypeOfficial AuthType = 0
	// AuthTypeTest makes the install a test authorization.
	AuthTypeTest AuthType = 1
)

// SetSessionInfo sets the authorization type of the install made with
// preAuthCode (POST /cgi-bin/service/set_session_info). An unknown or used
// code fails with errcode 40077, an expired one with
// errcode.PreAuthCodeExpired (42007).
func (s *SuiteClient) SetSessionInfo(ctx context.Context, preAuthCode string, authType AuthType) error {
	in := struct {
		PreAuthCode string `json:"pre_auth_code"`
		SessionInfo struct {
			AuthType AuthType `json:"auth_type"`
		} `json:"session_info"`
	}{PreAuthCode: preAuthCode}
	in.SessionInfo.AuthType = authType
	return s.call(ctx, http.MethodPost, "/cgi-bin/service/set_session_info", nil, in, nil)
}

// Authorization is get_permanent_code's answer: an install of the suite.
type Authorization struct {
	PermanentCode string `json:"permanent_code"`
	// AccessToken and ExpiresIn are the corp's access token for a
	// third-party install; both are empty for a 代开发 install, whose
	// PermanentCode is the corpsecret.
	AccessToken  string       `json:"access_token"`
	ExpiresIn    int          `json:"expires_in"`
	AuthCorpInfo AuthCorpInfo `json:"auth_corp_info"`
	AuthInfo     AuthInfo     `json:"auth_info"`
	// AuthUserInfo is the admin who installed; zero when WeCom names none.
	AuthUserInfo AuthUserInfo `json:"auth_user_info"`
	// State is the state passed to the install page.
	State string `json:"state"`
}

// AuthCorpInfo is the installing corp.
type AuthCorpInfo struct {
	CorpID   string `json:"corpid"`
	CorpName string `json:"corp_name"`
}

// AuthInfo lists the apps the install gave the corp (one for a current
// suite).
type AuthInfo struct {
	Agent []AuthAgent `json:"agent"`
}

// AuthAgent is an installed app.
type AuthAgent struct {
	AgentID int64  `json:"agentid"`
	Name    string `json:"name"`
	// IsCustomizedApp is true for a 代开发 app.
	IsCustomizedApp bool           `json:"is_customized_app"`
	Privilege       AgentPrivilege `json:"privilege"`
}

// AgentPrivilege is an installed app's visible range.
type AgentPrivilege struct {
	Level      int      `json:"level"`
	AllowParty []int64  `json:"allow_party"`
	AllowUser  []string `json:"allow_user"`
	AllowTag   []int64  `json:"allow_tag"`
	ExtraParty []int64  `json:"extra_party"`
	ExtraUser  []string `json:"extra_user"`
	ExtraTag   []int64  `json:"extra_tag"`
}

// AuthUserInfo is the admin who installed the suite.
type AuthUserInfo struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
	Name       string `json:"name"`
}

// PermanentCode exchanges the auth_code of an install (from the install
// redirect, or the create_auth / reset_permanent_code callback) for its
// permanent code (POST /cgi-bin/service/get_permanent_code). An auth_code
// works once, for 600 s: otherwise it fails with errcode 40078.
func (s *SuiteClient) PermanentCode(ctx context.Context, authCode string) (*Authorization, error) {
	in := struct {
		AuthCode string `json:"auth_code"`
	}{authCode}
	var out Authorization
	if err := s.call(ctx, http.MethodPost, "/cgi-bin/service/get_permanent_code", nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CorpToken is a third-party install's access token for its corp.
type CorpToken struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// CorpToken returns the access token of the suite's install in authCorpID
// (POST /cgi-bin/service/get_corp_token); the same token comes back until it
// expires. An unknown or cancelled permanent code fails with
// errcode.InvalidPermanentCode (40084); a 代开发 template is refused with
// 48002 (use New(authCorpID, permanentCode) instead).
func (s *SuiteClient) CorpToken(ctx context.Context, authCorpID, permanentCode string) (*CorpToken, error) {
	in := struct {
		AuthCorpID    string `json:"auth_corpid"`
		PermanentCode string `json:"permanent_code"`
	}{authCorpID, permanentCode}
	var out CorpToken
	if err := s.call(ctx, http.MethodPost, "/cgi-bin/service/get_corp_token", nil, in, &out); err != nil {
		return nil, err
	}
	if out.AccessToken == "" {
		return nil, &ResponseError{Path: "/cgi-bin/service/get_corp_token", Reason: "answer has no access_token"}
	}
	return &out, nil
}

// CorpClient returns a Client for the suite's install in authCorpID: the
// corp APIs (user/get, message/send, …) called with the corp token that
// get_corp_token gives for permanentCode, cached, shared by concurrent
// callers and refreshed before it expires like a self-built app's token.
// It shares the suite client's transport, clock, logger and retry policy.
// For a 代开发 install use New(authCorpID, permanentCode) instead.
func (s *SuiteClient) CorpClient(authCorpID, permanentCode string) *Client {
	c := &Client{
		corpID:      authCorpID,
		baseURL:     s.c.baseURL,
		hc:          s.c.hc,
		now:         s.c.now,
		log:         s.c.log,
		retry:       s.c.retry,
		token:       credCache{name: "access_token"},
		jsapiTicket: credCache{name: "jsapi_ticket"},
		agentTicket: credCache{name: "agent_config_ticket"},
	}
	c.fetch = func(ctx context.Context) (string, int, error) {
		tok, err := s.CorpToken(ctx, authCorpID, permanentCode)
		if err != nil {
			return "", 0, err
		}
		return tok.AccessToken, tok.ExpiresIn, nil
	}
	return c
}

// SuiteSession is the answer of the suite's jscode2session: Session plus
// the member's open_userid (the same for every corp, per service provider).
// When the member's corp has not installed the suite, WeCom encrypts UserID.
type SuiteSession struct {
	Session
	OpenUserID string `json:"open_userid"`
}

// Code2Session exchanges a wx.qy.login code from the suite's mini program for
// the member's identity (GET /cgi-bin/service/miniprogram/jscode2session). A
// code works once, for 5 minutes; otherwise it fails with
// errcode.InvalidCode (40029).
func (s *SuiteClient) Code2Session(ctx context.Context, jsCode string) (*SuiteSession, error) {
	var out SuiteSession
	err := s.call(ctx, http.MethodGet, "/cgi-bin/service/miniprogram/jscode2session",
		url.Values{"js_code": {jsCode}, "grant_type": {"authorization_code"}}, nil, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SuiteIdentity is who a suite's OAuth code was issued to
// (service/auth/getuserinfo3rd). A corp member has CorpID, UserID and
// OpenUserID (and UserTicket, valid ExpiresIn seconds, for the
// snsapi_privateinfo scope inside the install's visible range); anyone else
// only OpenID.
type SuiteIdentity struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
	UserTicket string `json:"user_ticket"`
	ExpiresIn  int    `json:"expires_in"`
	OpenID     string `json:"openid"`
}

// IsMember reports whether the code belonged to a corp member.
func (id *SuiteIdentity) IsMember() bool { return id.UserID != "" }

// UserInfo3rd exchanges the code of the suite's OAuth2 web login for the
// visitor's identity (GET /cgi-bin/service/auth/getuserinfo3rd). A code
// works once, for 5 minutes: otherwise it fails with errcode.InvalidCode
// (40029); another suite's code with errcode.RedirectDomainMismatch (50001).
func (s *SuiteClient) UserInfo3rd(ctx context.Context, code string) (*SuiteIdentity, error) {
	var out SuiteIdentity
	err := s.call(ctx, http.MethodGet, "/cgi-bin/service/auth/getuserinfo3rd", url.Values{"code": {code}}, nil, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
