package agent_test

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// What agent/set changes, agent/get and agent/list show, until Reset.
func TestSetIsReflectedUntilReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	logo := testkit.MediaUploadOK(t, srv, tok, "image", "logo.png", "image/png", testkit.MediaPNG).MediaID
	before := getAgent(t, srv, tok, testkit.AgentID)
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/agent/set", map[string]any{
		"agentid": testkit.AgentID, "name": "财务助手", "description": "报销与发票自助服务",
		"redirect_domain": "app.example.com:8443", "home_url": "https://app.example.com/home",
		"report_location_flag": 1, "isreportenter": 1, "logo_mediaid": logo,
	}))
	d := getAgent(t, srv, tok, testkit.AgentID)
	if d.Name != "财务助手" || d.Description != "报销与发票自助服务" || d.RedirectDomain != "app.example.com:8443" ||
		d.HomeURL != "https://app.example.com/home" || d.ReportLocationFlag != 1 || d.IsReportEnter != 1 {
		t.Errorf("after agent/set: %+v", d)
	}
	if d.SquareLogoURL == before.SquareLogoURL {
		t.Errorf("the logo did not change: %q", d.SquareLogoURL)
	}
	list := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/agent/list", "access_token", tok))
	if first := testkit.As[map[string]any](t, testkit.As[[]any](t, list["agentlist"])[0]); first["name"] != "财务助手" || first["square_logo_url"] != d.SquareLogoURL {
		t.Errorf("agent/list: %v", first)
	}
	// A partial set keeps the rest; agentid as a string is read too.
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/agent/set", map[string]any{"agentid": agentID, "isreportenter": 0}))
	if d2 := getAgent(t, srv, tok, testkit.AgentID); d2.IsReportEnter != 0 || d2.Name != "财务助手" || d2.HomeURL != d.HomeURL {
		t.Errorf("after a partial set: %+v", d2)
	}
	srv.Reset()
	tok = testkit.AppToken(t, srv)
	if d := getAgent(t, srv, tok, testkit.AgentID); d.Name != before.Name || d.HomeURL != "" || d.RedirectDomain != before.RedirectDomain {
		t.Errorf("after Reset: %+v", d)
	}
}

// The new redirect_domain is the app's trusted domain: OAuth redirects to
// it pass, and repeated sets do not grow the app's list of domains.
func TestSetRedirectDomainTrustsIt(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	authorize := func(host string) int {
		return testkit.Get(t, testkit.AuthorizeURL(srv, "redirect_uri", "https://"+host+"/cb")).Status
	}
	okStatus := authorize("localhost")
	if got := authorize("sso.example.com"); got == okStatus {
		t.Fatalf("an untrusted domain answered %d like a trusted one", got)
	}
	for _, d := range []string{"a.example.com", "b.example.com", "sso.example.com"} {
		testkit.OK(t, post(t, srv, tok, "/cgi-bin/agent/set", map[string]any{"agentid": testkit.AgentID, "redirect_domain": d}))
	}
	if got := authorize("sso.example.com"); got != okStatus {
		t.Errorf("the new redirect_domain answered %d, want %d", got, okStatus)
	}
	if got := authorize("a.example.com"); got == okStatus {
		t.Errorf("a replaced redirect_domain is still trusted")
	}
	if got := authorize("127.0.0.1"); got != okStatus {
		t.Errorf("the fixture's other trusted domain answered %d", got)
	}
}

func TestSetErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	file := testkit.MediaUploadOK(t, srv, tok, "file", "a.png", "image/png", testkit.MediaPNG).MediaID
	with := func(kv ...any) map[string]any {
		m := map[string]any{"agentid": testkit.AgentID}
		for i := 0; i < len(kv); i += 2 {
			m[testkit.As[string](t, kv[i])] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"no agentid", map[string]any{"name": "x"}, errcode.InvalidAgentID},
		{"agentid not a number", map[string]any{"agentid": "abc"}, errcode.InvalidAgentID},
		{"another app", map[string]any{"agentid": testkit.DKAgent}, errcode.AnotherAgent},
		{"empty name", with("name", ""), errcode.InvalidParameter},
		{"name of 33 characters", with("name", strings.Repeat("名", 33)), errcode.InvalidParameter},
		{"description of 3 characters", with("description", "太短了"), errcode.InvalidParameter},
		{"description of 121 characters", with("description", strings.Repeat("述", 121)), errcode.InvalidParameter},
		{"report_location_flag 2", with("report_location_flag", 2), errcode.InvalidReportLocation},
		{"isreportenter 2", with("isreportenter", 2), errcode.InvalidParameter},
		{"redirect_domain with a scheme", with("redirect_domain", "https://app.example.com"), errcode.InvalidParameter},
		{"redirect_domain with a path", with("redirect_domain", "app.example.com/x"), errcode.InvalidParameter},
		{"redirect_domain with a bad port", with("redirect_domain", "app.example.com:99999"), errcode.InvalidParameter},
		{"home_url without a scheme", with("home_url", "app.example.com/home"), errcode.InvalidURL},
		{"home_url ftp", with("home_url", "ftp://app.example.com/"), errcode.InvalidURL},
		{"home_url past 1024 bytes", with("home_url", "https://a.example.com/"+strings.Repeat("x", 1010)), errcode.InvalidURL},
		{"unknown logo_mediaid", with("logo_mediaid", "nosuchmedia"), errcode.InvalidMediaID},
		{"logo_mediaid not an image", with("logo_mediaid", file), errcode.InvalidMediaID},
		{"name of the wrong type", with("name", 5), errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/agent/set", tt.body), tt.want)
		})
	}
	// Nothing of the refused calls stuck.
	if d := getAgent(t, srv, tok, testkit.AgentID); d.Name != "模拟应用" || d.Description != "" || d.HomeURL != "" {
		t.Errorf("a refused set changed the app: %+v", d)
	}
}

// Third-party and 代开发 apps may not call agent/set (48002).
func TestSetRefusesVendorsApps(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.WeComError(t, post(t, srv, dkToken(t, srv), "/cgi-bin/agent/set", map[string]any{"agentid": testkit.DKAgent, "name": "x"}), errcode.APIForbidden)
	tok, agent := thirdPartyToken(t, srv)
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/agent/set", map[string]any{"agentid": agent, "name": "x"}), errcode.APIForbidden)
}
