package suite_test

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// wrongJSONText is the errmsg phrase of a body that is not JSON.
const wrongJSONText = "Warning: wrong json format. invalid Request Parameter"

func TestPermanentCodeThirdParty(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{
		CorpID: testkit.Corp1, UserID: "zhangsan", State: "from-site",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{2}, AllowUser: []string{"wangwu"}},
	})
	if in.AgentID != testkit.DKAgent+1 || in.ExpiresIn != 600 || len(in.AuthCode) < 64 {
		t.Errorf("install %+v", in)
	}
	r := testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok, map[string]string{"auth_code": in.AuthCode})
	b := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, r))
	if b.AccessToken == "" || b.ExpiresIn != 7200 || b.PermanentCode == "" || b.State != "from-site" {
		t.Fatalf("answer %s", r.Body)
	}
	if b.AuthCorpInfo.CorpID != testkit.Corp1 || b.AuthCorpInfo.CorpName != "模拟科技有限公司" || b.AuthCorpInfo.CorpType != "verified" {
		t.Errorf("auth_corp_info %+v", b.AuthCorpInfo)
	}
	if len(b.AuthInfo.Agent) != 1 {
		t.Fatalf("auth_info %+v", b.AuthInfo)
	}
	ag := b.AuthInfo.Agent[0]
	if ag.AgentID != in.AgentID || ag.IsCustomizedApp || ag.Name != "模拟第三方应用" ||
		len(ag.Privilege.AllowParty) != 1 || ag.Privilege.AllowParty[0] != 2 ||
		len(ag.Privilege.AllowUser) != 1 || ag.Privilege.AllowUser[0] != "wangwu" ||
		ag.Privilege.AllowTag == nil || ag.Privilege.ExtraUser == nil {
		t.Errorf("agent %+v", ag)
	}
	if u := b.AuthUserInfo; u == nil || u.UserID != "zhangsan" || u.Name != "张三" || u.OpenUserID != "wwopen-zhangsan" {
		t.Errorf("auth_user_info %+v", b.AuthUserInfo)
	}
	// The access_token is the install's corp token: get_corp_token hands
	// out the same one, and it reads within the privilege only.
	ct := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token", tok,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": b.PermanentCode})))
	if ct.AccessToken != b.AccessToken {
		t.Errorf("get_corp_token %q, want the token get_permanent_code gave %q", ct.AccessToken, b.AccessToken)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, ct.AccessToken, "lisi"))
	testkit.GetOK(t, testkit.UserGetURL(srv, ct.AccessToken, "wangwu"))
	testkit.GetWeComError(t, testkit.UserGetURL(srv, ct.AccessToken, "zhouqi"), errcode.NoPrivilege)

	// auth_code is single use.
	testkit.SuiteError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok,
		map[string]string{"auth_code": in.AuthCode}), 40078, "invalid auth_code")
}

func TestPermanentCodeCustomizedHasNoAccessToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.SuiteWorld(t, nil, nil, true)), mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	in := testkit.Install(t, srv, testkit.DKSuite, mockserver.InstallRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
	r := testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok, map[string]string{"auth_code": in.AuthCode})
	m := testkit.OK(t, r)
	if _, ok := m["access_token"]; ok {
		t.Errorf("a 代开发 install got an access_token: %s", r.Body)
	}
	b := testkit.DecodeStrict[testkit.PermanentCodeBody](t, r.Body)
	if !b.AuthInfo.Agent[0].IsCustomizedApp || b.AuthInfo.Agent[0].Privilege.AllowParty[0] != 1 {
		t.Errorf("agent %+v: want is_customized_app and the whole corp", b.AuthInfo.Agent[0])
	}
	// The permanent code is the corpsecret of the authorized corp.
	ct := testkit.GetToken(t, srv, testkit.Corp2, b.PermanentCode)
	testkit.GetOK(t, testkit.UserGetURL(srv, ct.AccessToken, "zhaoliu"))
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", b.PermanentCode), errcode.SecretInvalid)
	// get_corp_token is not for 代开发 templates.
	testkit.WeComError(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token", tok,
		map[string]string{"auth_corpid": testkit.Corp2, "permanent_code": b.PermanentCode}), errcode.APIForbidden)
}

func TestPermanentCodeV2AndAuthInfo(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "lisi", State: "s2"})
	r := testkit.PostSuite(t, srv, "/cgi-bin/service/v2/get_permanent_code", tok, map[string]string{"auth_code": in.AuthCode})
	v2 := testkit.DecodeStrict[struct {
		ErrCode       int    `json:"errcode"`
		ErrMsg        string `json:"errmsg"`
		PermanentCode string `json:"permanent_code"`
		AuthCorpInfo  struct {
			CorpID   string `json:"corpid"`
			CorpName string `json:"corp_name"`
		} `json:"auth_corp_info"`
		AuthUserInfo struct {
			UserID     string `json:"userid"`
			OpenUserID string `json:"open_userid"`
			Name       string `json:"name"`
			Avatar     string `json:"avatar"`
		} `json:"auth_user_info"`
		State string `json:"state"`
	}](t, testkit.OKBody(t, r))
	if v2.PermanentCode == "" || v2.AuthCorpInfo.CorpID != testkit.Corp1 || v2.AuthUserInfo.UserID != "lisi" || v2.State != "s2" {
		t.Fatalf("v2 answer %s", r.Body)
	}
	if v2.AuthUserInfo.OpenUserID == "" || v2.AuthUserInfo.OpenUserID == "lisi" {
		t.Errorf("open_userid %q", v2.AuthUserInfo.OpenUserID)
	}
	body := map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": v2.PermanentCode}
	info := testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_auth_info", tok, body))
	corp := testkit.As[map[string]any](t, info["auth_corp_info"])
	if corp["corpid"] != testkit.Corp1 || corp["corp_ex_name"] != nil {
		t.Errorf("get_auth_info auth_corp_info %v", corp)
	}
	agent := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.As[map[string]any](t, info["auth_info"])["agent"])[0])
	if testkit.Num(t, agent, "agentid") != in.AgentID {
		t.Errorf("agent %v", agent)
	}
	infoV2 := testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/v2/get_auth_info", tok, body))
	ex, _ := testkit.As[map[string]any](t, infoV2["auth_corp_info"])["corp_ex_name"].(map[string]any)
	if list, ok := ex["name_list"].([]any); !ok || len(list) != 0 {
		t.Errorf("v2 corp_ex_name %v", ex)
	}
}

func TestCorpTokenAndAuthInfoErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	perm := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok,
		map[string]string{"auth_code": in.AuthCode}))).PermanentCode
	for _, path := range []string{"/cgi-bin/service/get_corp_token", "/cgi-bin/service/get_auth_info", "/cgi-bin/service/v2/get_auth_info"} {
		t.Run(path, func(t *testing.T) {
			tests := []struct {
				name string
				tok  string
				body any
				want errcode.Code
			}{
				{"no auth_corpid", tok, map[string]string{"permanent_code": perm}, errcode.CorpIDMissing},
				{"no permanent_code", tok, map[string]string{"auth_corpid": testkit.Corp1}, errcode.PermanentCodeMissing},
				{"wrong code", tok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": "nope"}, errcode.InvalidPermanentCode},
				{"another corp", tok, map[string]string{"auth_corpid": testkit.Corp2, "permanent_code": perm}, errcode.InvalidPermanentCode},
				{"unknown corp", tok, map[string]string{"auth_corpid": "wwnosuch", "permanent_code": perm}, errcode.InvalidPermanentCode},
				{"another suite's code", tok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": testkit.DKPermanent}, errcode.InvalidPermanentCode},
				{"another suite's token", dkTok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": perm}, errcode.InvalidPermanentCode},
			}
			testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, "{"), 40058, wrongJSONText)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					m := testkit.WeComError(t, testkit.PostSuite(t, srv, path, tt.tok, tt.body), tt.want)
					if _, ok := m["access_token"]; ok {
						t.Errorf("error body with a token: %v", m)
					}
				})
			}
		})
	}
	// The 代开发 template reads its own install's info.
	testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_auth_info", dkTok,
		map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": testkit.DKPermanent}))
}

func TestGetPermanentCodeErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	path := "/cgi-bin/service/get_permanent_code"
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, "["), 40058, wrongJSONText)
	testkit.WeComError(t, testkit.PostSuite(t, srv, path, tok, map[string]string{}), errcode.CodeMissing)
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, map[string]string{"auth_code": "nope"}), 40078, "invalid auth_code")
	// Another suite's auth_code is refused and stays unspent.
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, dkTok, map[string]string{"auth_code": in.AuthCode}), 40078, "invalid auth_code")
	testkit.WeComError(t, testkit.Get(t, testkit.SuiteURL(srv, path, tok, "auth_code", in.AuthCode)), errcode.InvalidParameter)
	testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/v2/get_permanent_code", tok, map[string]string{"auth_code": in.AuthCode}))

	// Valid 10 minutes.
	if _, err := srv.CancelSuiteAuth(testkit.ThirdSuite, testkit.Corp1); err != nil {
		t.Fatal(err)
	}
	in = testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	srv.Advance(10 * time.Minute)
	tok = testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, map[string]string{"auth_code": in.AuthCode}), 40078, "invalid auth_code")
}

func TestPreAuthCodeAndSessionInfo(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	m := testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", tok))
	pre := testkit.Str(t, m, "pre_auth_code")
	if testkit.Num(t, m, "expires_in") != 1200 || len(pre) < 32 {
		t.Fatalf("get_pre_auth_code %v", m)
	}
	again := testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", tok)), "pre_auth_code")
	if again == pre {
		t.Error("get_pre_auth_code repeated a code")
	}
	path := "/cgi-bin/service/set_session_info"
	session := func(code string, authType int) map[string]any {
		return map[string]any{"pre_auth_code": code, "session_info": map[string]any{"appid": []int{}, "auth_type": authType}}
	}
	r := testkit.PostSuite(t, srv, path, tok, session(pre, 1))
	if string(r.Body) != `{"errcode":0,"errmsg":"ok"}` {
		t.Errorf("set_session_info answered %s", r.Body)
	}
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, session("", 0)), 40077, "invalid pre_auth_code")
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, session("nope", 0)), 40077, "invalid pre_auth_code")
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, dkTok, session(pre, 0)), 40077, "invalid pre_auth_code")
	testkit.WeComError(t, testkit.PostSuite(t, srv, path, tok, session(pre, 2)), errcode.InvalidParameter)

	// The install spends the pre_auth_code and carries its auth_type.
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, PreAuthCode: pre})
	st, err := srv.Suite(testkit.ThirdSuite)
	if err != nil || len(st.Authorizations) != 1 || st.Authorizations[0].AuthType != 1 {
		t.Errorf("Suite() = %+v, %v: want one test authorization", st, err)
	}
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, session(pre, 0)), 40077, "invalid pre_auth_code")

	srv.Advance(1200 * time.Second)
	tok = testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	testkit.SuiteError(t, testkit.PostSuite(t, srv, path, tok, session(again, 0)), 42007, "pre_auth_code expired")
}
