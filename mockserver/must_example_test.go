package mockserver_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/defaultworld"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// exampleT stands in for a test's *testing.T in these examples: in a test,
// pass t itself.
type exampleT struct{ testing.TB }

func (exampleT) Helper()                   {}
func (exampleT) Fatalf(f string, a ...any) { log.Fatalf(f, a...) }

// started is a started server of the default world; in a test,
// mockserver.NewTest(t) is one, closed when the test ends.
func started(opts ...mockserver.Option) *mockserver.Server {
	srv, err := mockserver.New(opts...)
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	return srv
}

// getJSON decodes the answer of a GET into v.
func getJSON(u string, v any) {
	res, err := http.Get(u)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		log.Fatal(err)
	}
}

// appToken is the default app's access token.
func appToken(srv *mockserver.Server) string {
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	getJSON(srv.URL()+"/cgi-bin/gettoken?corpid="+defaultworld.CorpID+"&corpsecret="+defaultworld.AppSecret, &tok)
	return tok.AccessToken
}

// An OAuth code for lisi, as the authorize page would append it to the
// app's redirect_uri, exchanged by the app's back end.
func ExampleServer_MustMintCode() {
	var t testing.TB = exampleT{} // in a test: t
	srv := started()              // in a test: mockserver.NewTest(t)
	defer srv.Close()

	code := srv.MustMintCode(t, mockserver.CodeRequest{
		Kind: mockserver.CodeOAuth, CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID, UserID: defaultworld.UserLisi,
	})

	var who struct {
		ErrCode int    `json:"errcode"`
		UserID  string `json:"userid"`
	}
	getJSON(srv.URL()+"/cgi-bin/auth/getuserinfo?access_token="+appToken(srv)+"&code="+code, &who)
	fmt.Println(who.ErrCode, who.UserID)
	// Output:
	// 0 lisi
}

// A member added in the admin console is readable at once through an app
// that sees their department.
func ExampleServer_MustCreateUser() {
	var t testing.TB = exampleT{} // in a test: t
	srv := started()              // in a test: mockserver.NewTest(t)
	defer srv.Close()

	srv.MustCreateUser(t, defaultworld.CorpID, fixtures.Member{
		UserID: "xiaoming", Name: "小明", Mobile: "13800000099",
		Department: []int{2}, // 研发部, in the app's visible range
	})

	var user struct {
		ErrCode int    `json:"errcode"`
		Name    string `json:"name"`
	}
	getJSON(srv.URL()+"/cgi-bin/user/get?access_token="+appToken(srv)+"&userid=xiaoming", &user)
	fmt.Println(user.ErrCode, user.Name)
	// Output:
	// 0 小明
}

// The next OAuth authorize page logs zhangsan in without a click.
func ExampleServer_MustNextLogin() {
	var t testing.TB = exampleT{} // in a test: t
	srv := started()              // in a test: mockserver.NewTest(t)
	defer srv.Close()

	srv.MustNextLogin(t, mockserver.LoginAs{UserID: defaultworld.UserZhangsan})

	authorize := srv.URL() + "/connect/oauth2/authorize?" + url.Values{
		"appid": {defaultworld.CorpID}, "agentid": {fmt.Sprint(defaultworld.AgentID)},
		"redirect_uri": {"http://127.0.0.1:3000/callback"}, "response_type": {"code"}, "scope": {mockserver.ScopeBase},
	}.Encode()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(authorize)
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}

	var who struct {
		UserID string `json:"userid"`
	}
	getJSON(srv.URL()+"/cgi-bin/auth/getuserinfo?access_token="+appToken(srv)+"&code="+back.Query().Get("code"), &who)
	fmt.Println(res.StatusCode, who.UserID)
	// Output:
	// 302 zhangsan
}

// The next user/get fails as WeCom does under load, then all is well.
func ExampleServer_MustAddFault() {
	var t testing.TB = exampleT{}                // in a test: t
	srv := started(mockserver.WithPlainErrmsg()) // in a test: mockserver.NewTest(t, …)
	defer srv.Close()

	srv.MustAddFault(t, mockserver.Fault{Path: "/cgi-bin/user/get", ErrCode: 45009, Times: 1})

	token := appToken(srv)
	for range 2 {
		var user struct {
			ErrCode int `json:"errcode"`
		}
		getJSON(srv.URL()+"/cgi-bin/user/get?access_token="+token+"&userid="+defaultworld.UserZhangsan, &user)
		fmt.Println(user.ErrCode)
	}
	// Output:
	// 45009
	// 0
}
