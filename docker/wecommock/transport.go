package wecommock

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// wecomHosts are the WeCom host names the mock stands in for. (The same list
// as mockserver.WeComHosts; this package talks HTTP only and imports none of
// the mock's packages.)
var wecomHosts = [...]string{
	"qyapi.weixin.qq.com",
	"open.weixin.qq.com",
	"login.work.weixin.qq.com",
	"open.work.weixin.qq.com",
}

func isWeComHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return slices.Contains(wecomHosts[:], host)
}

// rewriteTransport sends requests for the WeCom hosts to the container over
// plain HTTP, keeping their Host header, and the rest to the default
// transport.
type rewriteTransport struct {
	target *url.URL
	toMock *http.Transport
}

func newRewriteTransport(base string) *rewriteTransport {
	u, _ := url.Parse(base)
	toMock := http.DefaultTransport.(*http.Transport).Clone()
	toMock.Proxy = nil
	return &rewriteTransport{target: u, toMock: toMock}
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || !isWeComHost(req.URL.Host) {
		return http.DefaultTransport.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.URL.Scheme, r.URL.Host = t.target.Scheme, t.target.Host
	return t.toMock.RoundTrip(r)
}

func (t *rewriteTransport) CloseIdleConnections() { t.toMock.CloseIdleConnections() }

// newProxyTransport uses proxy as the HTTPS (and HTTP) proxy for every
// request and trusts what tlsConf trusts.
func newProxyTransport(proxy string, tlsConf *tls.Config) *http.Transport {
	pu, _ := url.Parse(proxy)
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyURL(pu)
	t.TLSClientConfig = tlsConf
	return t
}
