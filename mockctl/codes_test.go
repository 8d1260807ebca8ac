package mockctl_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// A mini program code minted by appid: corp 1's token redeems corp 2's
// member's code and the answer names corp 2
// (https://developer.work.weixin.qq.com/document/path/91507); an appid no
// app is bound to is a 404.
func TestMintCodeByMiniProgramAppID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	code, err := ctl.MintCode(ctx, mockctl.CodeRequest{Kind: "miniprogram", AppID: "wxmockminiprogram1", CorpID: "wwmockcorp000002", UserID: "zhaoliu"})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	getJSON(t, srv.URL()+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", &tok)
	var s struct {
		ErrCode int    `json:"errcode"`
		CorpID  string `json:"corpid"`
		UserID  string `json:"userid"`
	}
	getJSON(t, srv.URL()+"/cgi-bin/miniprogram/jscode2session?"+url.Values{
		"access_token": {tok.AccessToken}, "js_code": {code.Code}, "grant_type": {"authorization_code"},
	}.Encode(), &s)
	if s.ErrCode != 0 || s.CorpID != "wwmockcorp000002" || s.UserID != "zhaoliu" {
		t.Errorf("jscode2session = %+v, want zhaoliu of wwmockcorp000002", s)
	}
	_, err = ctl.MintCode(ctx, mockctl.CodeRequest{AppID: "wxnowhere", CorpID: "wwmockcorp000001", UserID: "zhangsan"})
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Errorf("unknown appid: %v, want a 404 *mockctl.Error", err)
	}
}

func getJSON(t *testing.T, rawURL string, v any) {
	t.Helper()
	res, err := testHTTP.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
