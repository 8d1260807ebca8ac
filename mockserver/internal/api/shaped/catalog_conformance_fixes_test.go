package shaped_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The third-party suite of the default world, and the extra credentials the
// suite endpoints' valid calls need.
const (
	thirdPartySuite = "wwmocksuite000001"
	templateSuite   = "dkmocktemplate0001"
	permanentCodeOf = "permanent_code:" // creds key prefix: corp → permanent code
	templateToken   = "template"
)

// installThirdParty installs the third-party suite in corp 1 and keeps its
// permanent code, and gets the 代开发 template's suite token.
func installThirdParty(t *testing.T, srv *mockserver.Server, creds credentials) {
	t.Helper()
	in, err := srv.InstallSuite(thirdPartySuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", creds[catalog.Suite], map[string]string{"auth_code": in.AuthCode}))
	creds[permanentCodeOf+testkit.Corp1] = testkit.Str(t, m, "permanent_code")
	creds[templateToken] = testkit.SuiteToken(t, srv, templateSuite, "mock-template-secret")
}

// conformanceEnv is what a fix may use.
type conformanceEnv struct {
	srv   *mockserver.Server
	creds credentials
}

func (env *conformanceEnv) oauthCode(t *testing.T, scope string) string {
	t.Helper()
	code, err := env.srv.MintCode(mockserver.CodeRequest{Kind: "oauth", CorpID: testkit.Corp1, AgentID: testkit.AgentID, UserID: "zhangsan", Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	return code.Code
}

func (env *conformanceEnv) suiteCode(t *testing.T, suiteID, kind, scope string) string {
	t.Helper()
	code, err := env.srv.MintSuiteCode(suiteID, mockserver.SuiteCodeRequest{Kind: kind, CorpID: testkit.Corp1, UserID: "zhangsan", Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	return code.Code
}

// conformanceFixes complete the valid call of stateful endpoints whose
// models need live state: a fresh code, an uploaded media_id, a sent
// message. Each returns a reason when no valid call can be made.
var conformanceFixes = map[string]func(*testing.T, *conformanceEnv, *conformanceCall) string{
	"/cgi-bin/miniprogram/jscode2session": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("js_code", testkit.Mint(t, env.srv, testkit.Corp1, testkit.AgentID, "zhangsan"))
		return ""
	},
	"/cgi-bin/auth/getuserinfo": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("code", env.oauthCode(t, "snsapi_base"))
		return ""
	},
	"/cgi-bin/user/getuserinfo": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("code", env.oauthCode(t, "snsapi_base"))
		return ""
	},
	"/cgi-bin/auth/getuserdetail": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		m := testkit.GetOK(t, testkit.URL(env.srv, "/cgi-bin/auth/getuserinfo", "access_token", env.creds[catalog.App], "code", env.oauthCode(t, "snsapi_privateinfo")))
		c.body["user_ticket"] = testkit.Str(t, m, "user_ticket")
		return ""
	},
	"/cgi-bin/webhook/send": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["text"] = map[string]any{"content": "磁盘使用率超过 90%"}
		return ""
	},
	"/cgi-bin/media/get": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("media_id", uploadSample(t, env.srv, env.creds[catalog.App]))
		return ""
	},
	"/cgi-bin/media/get/jssdk": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		up := testkit.MediaUploadOK(t, env.srv, env.creds[catalog.App], "voice", "v.amr", "", []byte("#!AMR\nconformance"))
		c.query.Set("media_id", up.MediaID)
		return ""
	},
	"/cgi-bin/message/recall": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		m := testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/message/send", "access_token", env.creds[catalog.App]),
			map[string]any{"touser": "zhangsan", "msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "to recall"}}))
		c.body["msgid"] = testkit.Str(t, m, "msgid")
		return ""
	},
	"/cgi-bin/message/send": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["touser"] = "zhangsan"
		c.body["msgtype"] = "text"
		c.body["text"] = map[string]any{"content": "conformance"}
		return ""
	},
	// A card's response code, spent on zhangsan's buttons.
	"/cgi-bin/message/update_template_card": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		m := testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/message/send", "access_token", env.creds[catalog.App]),
			map[string]any{"touser": "zhangsan", "msgtype": "template_card", "agentid": testkit.AgentID, "template_card": map[string]any{
				"card_type": "button_interaction", "task_id": "conformance", "main_title": map[string]any{"title": "审批"},
				"button_list": []any{map[string]any{"text": "同意", "key": "approve"}},
			}}))
		c.body["response_code"] = testkit.Str(t, m, "response_code")
		c.body["userids"] = []any{"zhangsan"}
		c.body["button"] = map[string]any{"replace_name": "已同意"}
		delete(c.body, "template_card")
		return ""
	},
	// Tag 1 (试点) holds zhouqi; lisi joins it and leaves again.
	"/cgi-bin/tag/addtagusers": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["userlist"] = []any{"lisi"}
		return ""
	},
	"/cgi-bin/tag/deltagusers": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["userlist"] = []any{"lisi"}
		return ""
	},
	"/cgi-bin/user/create": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["userid"] = "conformance01"
		c.body["mobile"] = "13900000101"
		return ""
	},
	"/cgi-bin/user/update": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["userid"] = "lisi"
		c.body["position"] = "架构师"
		return ""
	},
	"/cgi-bin/user/delete": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.query.Set("userid", "zhouqi")
		return ""
	},
	"/cgi-bin/department/create": func(_ *testing.T, _ *conformanceEnv, c *conformanceCall) string {
		c.body["name"] = "一致性测试部"
		c.body["parentid"] = 1
		return ""
	},
	"/cgi-bin/department/delete": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		r := testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/department/create", "access_token", env.creds[catalog.Contacts]),
			map[string]any{"name": "待删除部门", "parentid": 1})
		m := testkit.DecodeMap(t, r.Body)
		if testkit.ErrCode(t, m) != 0 {
			t.Fatalf("department/create: %s", r.Body)
		}
		c.query.Set("id", fmt.Sprint(m["id"]))
		return ""
	},
	"/cgi-bin/service/get_suite_token": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["suite_id"] = thirdPartySuite
		c.body["suite_secret"] = "mock-suite-secret"
		c.body["suite_ticket"] = testkit.SuiteTicket(t, env.srv, thirdPartySuite)
		return ""
	},
	"/cgi-bin/service/set_session_info": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		m := testkit.GetOK(t, testkit.SuiteURL(env.srv, "/cgi-bin/service/get_pre_auth_code", env.creds[catalog.Suite]))
		c.body["pre_auth_code"] = testkit.Str(t, m, "pre_auth_code")
		return ""
	},
	"/cgi-bin/service/get_permanent_code": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["auth_code"] = freshAuthCode(t, env.srv)
		return ""
	},
	"/cgi-bin/service/v2/get_permanent_code": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["auth_code"] = freshAuthCode(t, env.srv)
		return ""
	},
	"/cgi-bin/service/get_corp_token":   corpOfInstall,
	"/cgi-bin/service/get_auth_info":    corpOfInstall,
	"/cgi-bin/service/v2/get_auth_info": corpOfInstall,
	"/cgi-bin/service/auth/getuserinfo3rd": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("code", env.suiteCode(t, thirdPartySuite, "oauth", "snsapi_base"))
		return ""
	},
	"/cgi-bin/service/getuserinfo3rd": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.query.Set("code", env.suiteCode(t, thirdPartySuite, "oauth", "snsapi_base"))
		return ""
	},
	"/cgi-bin/service/auth/getuserdetail3rd": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		code := env.suiteCode(t, thirdPartySuite, "oauth", "snsapi_privateinfo")
		m := testkit.GetOK(t, testkit.SuiteURL(env.srv, "/cgi-bin/service/auth/getuserinfo3rd", env.creds[catalog.Suite], "code", code))
		c.body["user_ticket"] = testkit.Str(t, m, "user_ticket")
		return ""
	},
	"/cgi-bin/service/get_login_info": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		// The provider's website login: zhangsan of corp 1, where the
		// provider's 代开发 template is installed, picked on the page.
		page := testkit.PageURL(env.srv, "/wwopen/sso/3rd_qrConnect", []string{
			"appid", "wwmockprovider0001", "redirect_uri", testkit.AppCallback, "state", "s", "usertype", "admin",
		})
		r := testkit.PostForm(t, env.srv.URL()+"/wwmock/sso3rd/choose",
			testkit.AuthorizeForm(t, page, "member", testkit.Corp1+" zhangsan"))
		u, err := url.Parse(r.Header.Get("Location"))
		if r.Status != http.StatusFound || err != nil || u.Query().Get("auth_code") == "" {
			t.Fatalf("provider login: %s", r)
		}
		c.body["auth_code"] = u.Query().Get("auth_code")
		return ""
	},
	"/cgi-bin/service/miniprogram/jscode2session": func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		// Only the 代开发 template has a mini program in the default world.
		c.query.Set("suite_access_token", env.creds[templateToken])
		c.query.Set("js_code", env.suiteCode(t, templateSuite, "miniprogram", ""))
		return ""
	},
}

func corpOfInstall(_ *testing.T, env *conformanceEnv, c *conformanceCall) string {
	c.body["auth_corpid"] = testkit.Corp1
	c.body["permanent_code"] = env.creds[permanentCodeOf+testkit.Corp1]
	return ""
}

// freshAuthCode installs the third-party suite in corp 2 again (cancelling
// the previous install) for a new, unspent auth_code.
func freshAuthCode(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	_, _ = srv.CancelSuiteAuth(thirdPartySuite, testkit.Corp2)
	in, err := srv.InstallSuite(thirdPartySuite, mockserver.InstallRequest{CorpID: testkit.Corp2, UserID: "zhaoliu"})
	if err != nil {
		t.Fatal(err)
	}
	return in.AuthCode
}

// uploadSample uploads a small file and returns its media_id.
func uploadSample(t *testing.T, srv *mockserver.Server, tok string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("media", "sample.txt")
	_, _ = fw.Write(bytes.Repeat([]byte("conformance "), 8))
	_ = mw.Close()
	r := testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/media/upload", "access_token", tok, "type", "file"), &buf,
		http.Header{"Content-Type": {mw.FormDataContentType()}})
	return testkit.Str(t, testkit.OK(t, r), "media_id")
}
