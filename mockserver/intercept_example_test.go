package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// An SDK that hard-codes https://qyapi.weixin.qq.com but takes an
// *http.Client reaches the mock through HTTPClient.
func ExampleServer_HTTPClient() {
	srv, err := mockserver.New()
	if err != nil {
		panic(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()

	hc := srv.HTTPClient() // give this to the SDK
	res, err := hc.Get("https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var body struct {
		ErrCode   int `json:"errcode"`
		ExpiresIn int `json:"expires_in"`
	}
	_ = json.NewDecoder(res.Body).Decode(&body)
	fmt.Println(body.ErrCode, body.ExpiresIn)
	// Output: 0 7200
}

// With WithInterception the server is also an HTTPS proxy for the WeCom
// hosts: a client that uses it as its proxy and trusts the CA talks real TLS
// to "qyapi.weixin.qq.com", which is the mock. Programs in any language get
// the same with HTTPS_PROXY and the CA (see `wecom-mock serve --tls`).
func ExampleWithInterception() {
	ca, err := tlsca.New() // tlsca.LoadOrCreate(dir) keeps one across runs
	if err != nil {
		panic(err)
	}
	srv, err := mockserver.New(mockserver.WithInterception(ca))
	if err != nil {
		panic(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()

	proxy, _ := url.Parse(srv.URL())
	tr := &http.Transport{Proxy: http.ProxyURL(proxy), TLSClientConfig: ca.ClientTLSConfig()}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Get("https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var body struct {
		ErrCode int `json:"errcode"`
	}
	_ = json.NewDecoder(res.Body).Decode(&body)
	fmt.Println(res.TLS.ServerName, body.ErrCode)
	// Output: qyapi.weixin.qq.com 0
}
