package refapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"

	"github.com/wecom-mock/wecom-mock/features/refapp"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The reference app against a mock: zhangsan opens the mini program, the
// mini program posts the wx.qy.login code to the app, the app logs him in.
func ExampleNew() {
	srv, err := mockserver.New()
	if err != nil {
		panic(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()

	// The app's public URL is where it listens.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	publicURL := "http://" + ln.Addr().String()
	app, err := refapp.New(refapp.Config{
		PublicURL:  publicURL,
		APIBaseURL: srv.URL(), OAuthBaseURL: srv.URL(), SSOBaseURL: srv.URL(),
		Tenants: []refapp.Tenant{{CorpID: "wwmockcorp000001", AgentID: 1000002, Secret: "mock-app-secret"}},
	})
	if err != nil {
		panic(err)
	}
	web := httptest.NewUnstartedServer(app)
	web.Listener.Close()
	web.Listener = ln
	web.Start()
	defer web.Close()

	// What wx.qy.login gives the mini program when zhangsan opens it.
	code, err := mockctl.New(srv.URL()).MintCode(context.Background(), mockctl.CodeRequest{
		Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan",
	})
	if err != nil {
		panic(err)
	}
	for range 2 { // the second time, the code has been used
		body, _ := json.Marshal(refapp.MiniProgramLoginRequest{Code: code.Code})
		res, err := http.Post(web.URL+"/api/login/miniprogram", "application/json", bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		var out struct {
			User  *refapp.Session `json:"user"`
			Error string          `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if out.User != nil {
			fmt.Println(res.StatusCode, out.User.UserID, out.User.Name)
		} else {
			fmt.Println(res.StatusCode, out.Error)
		}
	}
	// Output:
	// 200 zhangsan 张三
	// 401 invalid_code
}
