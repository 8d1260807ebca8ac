package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// fuzzPages are the login and install entry pages, with a valid query each
// as a seed: OAuth authorize (https://developer.work.weixin.qq.com/document/path/91022),
// web QR login (98152) and its old address, the providers' 3rd_qrConnect
// (91124) and the suite install page (90597).
var fuzzPages = []struct{ path, seed string }{
	{"/connect/oauth2/authorize", "appid=" + testkit.Corp1 + "&redirect_uri=http%3A%2F%2Fapp.example.com%2Fcb&response_type=code&scope=snsapi_base&agentid=1000002&state=s#wechat_redirect"},
	{"/wwlogin/sso/login", "login_type=CorpApp&appid=" + testkit.Corp1 + "&agentid=1000002&redirect_uri=http%3A%2F%2Fapp.example.com%2Fcb&state=s"},
	{"/wwopen/sso/qrConnect", "appid=" + testkit.Corp1 + "&agentid=1000002&redirect_uri=http%3A%2F%2Fapp.example.com%2Fcb&state=s"},
	{"/wwopen/sso/3rd_qrConnect", "appid=wwmockprovider0001&redirect_uri=http%3A%2F%2Fapp.example.com%2Fcb&state=s&usertype=member"},
	{"/3rdapp/install", "suite_id=wwmocksuite000001&pre_auth_code=x&redirect_uri=http%3A%2F%2Fapp.example.com%2Fcb&state=s"},
}

// FuzzLoginPageQueries opens the login and install pages with arbitrary
// queries: an error page or a redirect at worst, never a 5xx.
func FuzzLoginPageQueries(f *testing.F) {
	for i, p := range fuzzPages {
		f.Add(uint8(i), strings.TrimSuffix(p.seed, "#wechat_redirect"))
		f.Add(uint8(i), "appid=%zz&redirect_uri=javascript:alert(1)&agentid=-1")
	}
	f.Add(uint8(0), "appid="+testkit.Corp1+"&agentid=99999999999999999999&scope=snsapi_privateinfo&redirect_uri=%00")
	f.Add(uint8(4), "suite_id=&pre_auth_code=&redirect_uri=//evil.example&state="+strings.Repeat("s", 600))
	srv := mockserver.NewTest(f)
	f.Fuzz(func(t *testing.T, sel uint8, rawQuery string) {
		if strings.ContainsAny(rawQuery, " #\r\n\t") || len(rawQuery) > 4096 {
			t.Skip("not a query a browser sends on the request line")
		}
		p := fuzzPages[int(sel)%len(fuzzPages)]
		req, err := http.NewRequest(http.MethodGet, srv.URL()+p.path+"?"+rawQuery, nil)
		if err != nil {
			t.Skip(err)
		}
		res, err := testkit.HTTPClient.Do(req)
		if err != nil {
			t.Skip(err) // the client refused to send it
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("%s?%s: HTTP %d", p.path, rawQuery, res.StatusCode)
		}
	})
}
