package suite_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestCorpIDToOpenCorpID: a provider converts the corpid of a corp that
// installed one of its suites (https://developer.work.weixin.qq.com/document/path/95604,
// "仅限第三方服务商,转换已获授权企业的corpid"). The mock gives third parties
// plain corpids everywhere, so the open_corpid is the corpid itself — the
// auth_corp_info.corpid of the install. Another corp is 40013.
func TestCorpIDToOpenCorpID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.Str(t, testkit.OK(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
		map[string]string{"corpid": "wwmockprovider0001", "provider_secret": "mock-provider-secret"})), "provider_access_token")
	convert := func(corpID string) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/service/corpid_to_opencorpid", "provider_access_token", tok),
			map[string]string{"corpid": corpID})
	}

	// Corp 1 has the provider's 代开发 template installed.
	if got := testkit.Str(t, testkit.OK(t, convert(testkit.Corp1)), "open_corpid"); got != testkit.Corp1 {
		t.Errorf("corp 1: open_corpid %q, want %q", got, testkit.Corp1)
	}
	// Corp 2 has none of its suites, until it installs the third-party one.
	testkit.WeComError(t, convert(testkit.Corp2), errcode.InvalidCorpID)
	testkit.WeComError(t, convert("wwnosuchcorp"), errcode.InvalidCorpID)
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	if got := testkit.Str(t, testkit.OK(t, convert(testkit.Corp2)), "open_corpid"); got != pc.AuthCorpInfo.CorpID {
		t.Errorf("corp 2 after install: open_corpid %q, auth_corp_info says %q", got, pc.AuthCorpInfo.CorpID)
	}

	// corpid is required; a suite token is no provider token.
	testkit.WeComError(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/service/corpid_to_opencorpid", "provider_access_token", tok),
		map[string]string{}), errcode.InvalidParameter)
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/service/corpid_to_opencorpid", "provider_access_token", suiteTok),
		map[string]string{"corpid": testkit.Corp1})
	if m := testkit.DecodeMap(t, r.Body); testkit.ErrCode(t, m) == 0 {
		t.Errorf("a suite token converts: %s", r.Body)
	}
}

// TestCorpIDToOpenCorpIDOtherProvider: a corp that installed only another
// provider's suite is not the provider's to convert.
func TestCorpIDToOpenCorpIDOtherProvider(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwcorp
    name: 公司
    apps: [{agentid: 1, name: app, secret: app-secret, visible: {departments: [1]}}]
    departments: [{id: 1, name: 公司, parentid: 0}]
    members: [{userid: alice, name: Alice, department: [1]}]
suites:
  - suite_id: wwsuiteb
    secret: sb
    type: customized
    provider: wwproviderb
    authorizations: [{corpid: wwcorp, agentid: 20, permanent_code: perm-b, privilege: {allow_party: [1]}}]
providers:
  - {corpid: wwprovidera, secret: pa}
  - {corpid: wwproviderb, secret: pb}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	convert := func(provider, secret string) *testkit.Resp {
		tok := testkit.Str(t, testkit.OK(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
			map[string]string{"corpid": provider, "provider_secret": secret})), "provider_access_token")
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/service/corpid_to_opencorpid", "provider_access_token", tok),
			map[string]string{"corpid": "wwcorp"})
	}
	if got := testkit.Str(t, testkit.OK(t, convert("wwproviderb", "pb")), "open_corpid"); got != "wwcorp" {
		t.Errorf("provider b: %q", got)
	}
	testkit.WeComError(t, convert("wwprovidera", "pa"), errcode.InvalidCorpID)
}
