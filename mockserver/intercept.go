package mockserver

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// wecomHosts are the WeCom host names the mock stands in for when an app
// cannot be given a base URL: the API host, and the hosts of the OAuth,
// QR-login and web-login pages.
var wecomHosts = [...]string{
	"qyapi.weixin.qq.com",
	"open.weixin.qq.com",
	"login.work.weixin.qq.com",
	"open.work.weixin.qq.com",
}

// WeComHosts returns the WeCom host names that Transport, HTTPClient and the
// TLS interception (WithInterception) send to the mock.
func WeComHosts() []string { return slices.Clone(wecomHosts[:]) }

// isWeComHost reports whether host, a name with or without a port, is one of
// the WeCom hosts. Case and a trailing dot do not matter.
func isWeComHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return slices.Contains(wecomHosts[:], host)
}

// Transport returns an http.RoundTripper that sends every request for a
// WeCom host (https://qyapi.weixin.qq.com/cgi-bin/..., and the page hosts
// listed by WeComHosts, any scheme and port) to this server instead, over
// plain HTTP to its listener, keeping the original Host header. Requests for
// any other host go to base, or http.DefaultTransport if base is nil.
//
// It is for SDKs that accept an *http.Client but hard-code WeCom's URLs. The
// server must be started (Start, Serve or NewTest) before requests are sent.
func (s *Server) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	toMock := http.DefaultTransport.(*http.Transport).Clone()
	// The mock is local: an HTTP_PROXY from the environment must not catch
	// what is meant for it.
	toMock.Proxy = nil
	return &interceptTransport{s: s, base: base, toMock: toMock}
}

// HTTPClient returns a client whose requests for the WeCom hosts reach this
// server (see Transport) and whose other requests go out as usual. Give it to
// an SDK that hard-codes https://qyapi.weixin.qq.com.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: s.Transport(nil)}
}

type interceptTransport struct {
	s      *Server
	base   http.RoundTripper
	toMock *http.Transport
}

// errNotStarted is returned for a request to a server that does not listen.
var errNotStarted = errors.New("mockserver: the server is not listening yet (call Start or Serve, or use NewTest)")

func (t *interceptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || !isWeComHost(req.URL.Host) {
		return t.base.RoundTrip(req)
	}
	target, err := url.Parse(dialableURL(t.s.URL()))
	if err != nil || target.Host == "" {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, errNotStarted
	}
	r := req.Clone(req.Context())
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
	return t.toMock.RoundTrip(r)
}

// CloseIdleConnections closes the idle connections of both transports, so
// http.Client.CloseIdleConnections works on HTTPClient's client.
func (t *interceptTransport) CloseIdleConnections() {
	t.toMock.CloseIdleConnections()
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// dialableURL turns a listener on every interface (http://0.0.0.0:8080,
// http://[::]:8080) into a loopback URL a client can dial.
func dialableURL(u string) string {
	rest, ok := strings.CutPrefix(u, "http://")
	if !ok {
		return u
	}
	host, port, err := net.SplitHostPort(rest)
	if err != nil {
		return u
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return "http://" + net.JoinHostPort("127.0.0.1", port)
	}
	return u
}
