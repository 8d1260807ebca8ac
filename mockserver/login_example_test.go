package mockserver_test

import (
	"fmt"
	"log"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/fixtures/defaultworld"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// An end-to-end test of an app that logs in with WeCom OAuth does not need to
// click: it queues who logs in next, and the authorize page redirects at once.
func ExampleServer_NextLogin() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	if err := srv.NextLogin(mockserver.LoginAs{UserID: defaultworld.UserZhangsan}); err != nil {
		log.Fatal(err)
	}
	// What the app's "Log in with WeCom" link opens.
	authorize := srv.URL() + "/connect/oauth2/authorize?appid=wwmockcorp000001" +
		"&redirect_uri=" + url.QueryEscape("http://127.0.0.1:3000/callback") +
		"&response_type=code&scope=snsapi_base&state=s1&agentid=1000002#wechat_redirect"
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(authorize)
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	back, _ := url.Parse(res.Header.Get("Location"))
	fmt.Println(res.StatusCode, back.Host+back.Path, "state="+back.Query().Get("state"), "code?", back.Query().Get("code") != "")
	// The app would now call auth/getuserinfo with that code: userid zhangsan.
	// Output:
	// 302 127.0.0.1:3000/callback state=s1 code? true
}

// A QR-code login without a phone: start it (or let the app's page start
// it), then scan and confirm as the phone would.
func ExampleServer_StartQRLogin() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	login, err := srv.StartQRLogin(mockserver.QRLoginRequest{
		CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID,
		RedirectURI: "http://127.0.0.1:3000/callback", State: "s2",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(login.Status)
	login, _ = srv.ScanQRLogin(login.Key, mockserver.LoginAs{UserID: defaultworld.UserLisi})
	fmt.Println(login.Status, login.Name)
	login, _ = srv.ConfirmQRLogin(login.Key)
	fmt.Println(login.Status, login.RedirectURL == "http://127.0.0.1:3000/callback?code="+login.Code+"&state=s2")
	// Output:
	// waiting
	// scanned 李四
	// confirmed true
}
