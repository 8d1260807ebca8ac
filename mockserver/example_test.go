package mockserver_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures/defaultworld"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// ExampleNew runs a mini-program login against a server started by hand:
// the back end exchanges the wx.qy.login code for the member's userid, then
// reads members through the app's visible range.
func ExampleNew() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	srv, err := mockserver.New()                     // the embedded default world
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// What wx.qy.login would give the mini program.
	code, err := srv.MintCode(mockserver.CodeRequest{
		CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID, UserID: defaultworld.UserZhangsan,
	})
	if err != nil {
		log.Fatal(err)
	}

	call := func(path string, query url.Values, v any) {
		res, err := httpc.Get(srv.URL() + path + "?" + query.Encode())
		if err != nil {
			log.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			log.Fatal(err)
		}
	}

	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	call("/cgi-bin/gettoken", url.Values{"corpid": {defaultworld.CorpID}, "corpsecret": {defaultworld.AppSecret}}, &tok)

	var session struct {
		ErrCode int    `json:"errcode"`
		CorpID  string `json:"corpid"`
		UserID  string `json:"userid"`
	}
	call("/cgi-bin/miniprogram/jscode2session", url.Values{
		"access_token": {tok.AccessToken}, "js_code": {code.Code}, "grant_type": {"authorization_code"},
	}, &session)
	fmt.Println("logged in:", session.UserID, "of", session.CorpID)

	// wangwu is outside the app's visible range.
	var user struct {
		ErrCode int `json:"errcode"`
	}
	call("/cgi-bin/user/get", url.Values{"access_token": {tok.AccessToken}, "userid": {defaultworld.UserWangwu}}, &user)
	fmt.Println("user/get wangwu errcode:", user.ErrCode)

	// Two hours later the token has expired.
	srv.Advance(2 * time.Hour)
	call("/cgi-bin/user/get", url.Values{"access_token": {tok.AccessToken}, "userid": {defaultworld.UserZhangsan}}, &user)
	fmt.Println("after 2h errcode:", user.ErrCode)

	// Output:
	// logged in: zhangsan of wwmockcorp000001
	// user/get wangwu errcode: 60011
	// after 2h errcode: 42001
}

// ExampleServer_AddFault makes the next gettoken fail with 45009.
func ExampleServer_AddFault() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	srv, err := mockserver.New(mockserver.WithPlainErrmsg())
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", ErrCode: 45009, Times: 1}); err != nil {
		log.Fatal(err)
	}
	for range 2 {
		res, err := httpc.Get(srv.URL() + "/cgi-bin/gettoken?corpid=" + defaultworld.CorpID + "&corpsecret=" + defaultworld.AppSecret)
		if err != nil {
			log.Fatal(err)
		}
		var body struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(body.ErrCode, body.ErrMsg)
	}
	// Output:
	// 45009 api freq out of limit
	// 0 ok
}
