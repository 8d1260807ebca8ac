package mockserver_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// One mini program bound in several corps: a code minted by the mini
// program's appid for a member of corp 2 is redeemed with corp 1's token,
// and the answer names the member's own corp
// (https://developer.work.weixin.qq.com/document/path/91507).
func ExampleServer_MintCode_sharedMiniProgram() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	code, err := srv.MintCode(mockserver.CodeRequest{
		AppID: "wxmockminiprogram1", CorpID: "wwmockcorp000002", UserID: "zhaoliu",
	})
	if err != nil {
		log.Fatal(err)
	}
	get := func(path string, query url.Values, v any) {
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
	}
	get("/cgi-bin/gettoken", url.Values{"corpid": {"wwmockcorp000001"}, "corpsecret": {"mock-app-secret"}}, &tok)
	var session struct {
		CorpID string `json:"corpid"`
		UserID string `json:"userid"`
	}
	get("/cgi-bin/miniprogram/jscode2session", url.Values{
		"access_token": {tok.AccessToken}, "js_code": {code.Code}, "grant_type": {"authorization_code"},
	}, &session)
	fmt.Println(session.CorpID, session.UserID)
	// Output: wwmockcorp000002 zhaoliu
}
