package mockserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// StartTLS serves HTTPS as the WeCom hosts, for apps whose host names are
// pointed at the mock (hosts file, DNS, network alias). Close stops both
// listeners.
func ExampleServer_StartTLS() {
	ca, err := tlsca.New()
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
	if err := srv.StartTLS("127.0.0.1:0"); err != nil {
		panic(err)
	}
	defer srv.Close()

	// A client whose qyapi.weixin.qq.com resolves to the TLS listener.
	mock, _ := url.Parse(srv.TLSURL())
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig:   ca.ClientTLSConfig(),
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, mock.Host)
		},
	}
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
	fmt.Println(res.Proto, res.TLS.ServerName, body.ErrCode)
	// Output: HTTP/2.0 qyapi.weixin.qq.com 0
}
