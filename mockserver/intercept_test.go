package mockserver_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// realGettoken is the URL SDKs such as wechatpy hard-code.
const realGettoken = "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret

type gettokenAnswer struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
}

// fetchToken GETs u with c and decodes the gettoken answer.
func fetchToken(t *testing.T, c *http.Client, u string) (gettokenAnswer, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var a gettokenAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("GET %s: HTTP %d %q: %v", u, res.StatusCode, body, err)
	}
	return a, res
}

// recordingTransport answers every request itself and remembers it.
type recordingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.urls = append(rt.urls, r.URL.String())
	rt.mu.Unlock()
	return &http.Response{StatusCode: http.StatusTeapot, Body: io.NopCloser(strings.NewReader("base")), Request: r}, nil
}

func TestHTTPClientSendsWeComHostsToTheMock(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	hc := srv.HTTPClient()
	defer hc.CloseIdleConnections()

	a, _ := fetchToken(t, hc, realGettoken)
	if a.ErrCode != 0 || a.AccessToken == "" {
		t.Fatalf("gettoken through HTTPClient: %+v", a)
	}
	// The mock's own token, so it works on the next call.
	b, _ := fetchToken(t, hc, "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret)
	if b.AccessToken != a.AccessToken {
		t.Errorf("second gettoken: %q, want the same token %q", b.AccessToken, a.AccessToken)
	}
	if got := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})); got != 2 {
		t.Errorf("journal holds %d gettoken calls, want 2", got)
	}

	for _, u := range []string{
		"https://open.weixin.qq.com/_mock/healthz",
		"https://login.work.weixin.qq.com/_mock/healthz",
		"https://open.work.weixin.qq.com/_mock/healthz",
		"http://qyapi.weixin.qq.com/_mock/healthz",
		"https://QYAPI.weixin.qq.com.:443/_mock/healthz",
	} {
		res, err := hc.Get(u)
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
			t.Errorf("GET %s: HTTP %d %s", u, res.StatusCode, body)
		}
	}
}

func TestTransportLeavesOtherHostsToBase(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	base := &recordingTransport{}
	hc := &http.Client{Transport: srv.Transport(base)}
	defer hc.CloseIdleConnections()

	for _, u := range []string{"https://example.com/cgi-bin/gettoken", "https://api.weixin.qq.com/sns/jscode2session", "https://weixin.qq.com/"} {
		res, err := hc.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTeapot {
			t.Errorf("GET %s: HTTP %d, want base's 418", u, res.StatusCode)
		}
	}
	if a, _ := fetchToken(t, hc, realGettoken); a.ErrCode != 0 {
		t.Errorf("gettoken: %+v", a)
	}
	if len(base.urls) != 3 {
		t.Errorf("base saw %v, want the 3 other-host requests only", base.urls)
	}
	if mockserver.WeComHosts()[0] != "qyapi.weixin.qq.com" || len(mockserver.WeComHosts()) != 4 {
		t.Errorf("WeComHosts() = %v", mockserver.WeComHosts())
	}
}

func TestTransportBeforeStart(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	_, err = srv.HTTPClient().Get(realGettoken)
	if err == nil || !strings.Contains(err.Error(), "not listening") {
		t.Fatalf("GET before Start: %v, want a not-listening error", err)
	}
}

// interceptServer starts a server with TLS interception and a fresh CA.
func interceptServer(t *testing.T, opts ...mockserver.Option) (*mockserver.Server, *tlsca.CA) {
	t.Helper()
	ca, err := tlsca.New()
	if err != nil {
		t.Fatal(err)
	}
	return mockserver.NewTest(t, append(opts, mockserver.WithInterception(ca))...), ca
}

// proxyClient uses srv as its HTTPS proxy and trusts only ca, as an app run
// with HTTPS_PROXY and the CA would. It dials nothing but the proxy: every
// address it tries is recorded, and any other fails the test, so no test can
// reach (or even resolve) the real WeCom.
func proxyClient(t *testing.T, srv *mockserver.Server, ca *tlsca.CA) *http.Client {
	t.Helper()
	proxy, _ := url.Parse(srv.URL())
	var d net.Dialer
	tr := &http.Transport{
		Proxy:           http.ProxyURL(proxy),
		TLSClientConfig: ca.ClientTLSConfig(),
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != proxy.Host {
				t.Errorf("client dialed %s, want only the proxy %s", addr, proxy.Host)
				return nil, fmt.Errorf("test: dial %s refused", addr)
			}
			return d.DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func TestInterceptionThroughConnectProxy(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	hc := proxyClient(t, srv, ca)

	a, res := fetchToken(t, hc, realGettoken)
	if a.ErrCode != 0 || a.AccessToken == "" {
		t.Fatalf("gettoken through the proxy: %+v", a)
	}
	if res.TLS == nil || res.TLS.ServerName != "qyapi.weixin.qq.com" {
		t.Fatalf("answer not over TLS for qyapi.weixin.qq.com: %+v", res.TLS)
	}
	leaf := res.TLS.PeerCertificates[0]
	if err := leaf.CheckSignatureFrom(ca.Certificate()); err != nil {
		t.Errorf("server certificate not issued by the CA: %v", err)
	}
	// The token works on the mock, through the same tunnel.
	res2, err := hc.Get("https://qyapi.weixin.qq.com/cgi-bin/user/get?access_token=" + a.AccessToken + "&userid=zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	if !strings.Contains(string(body), `"name":"张三"`) {
		t.Errorf("user/get through the proxy: %s", body)
	}
	// The journal sees tunnelled requests like any other.
	if n := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})); n != 1 {
		t.Errorf("journal holds %d gettoken calls, want 1", n)
	}
	if n := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/user/get"})); n != 1 {
		t.Errorf("journal holds %d user/get calls, want 1", n)
	}

	// The other hosts too.
	for _, h := range mockserver.WeComHosts() {
		res, err := hc.Get("https://" + h + "/_mock/healthz")
		if err != nil {
			t.Errorf("%s: %v", h, err)
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d", h, res.StatusCode)
		}
	}
}

func TestInterceptionRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	hc := proxyClient(t, srv, ca)

	for _, u := range []string{"https://example.com/", "https://api.weixin.qq.com/sns/jscode2session", "https://qyapi.weixin.qq.com:8443/cgi-bin/gettoken"} {
		_, err := hc.Get(u)
		if err == nil || !strings.Contains(err.Error(), "Forbidden") {
			t.Errorf("GET %s through the proxy: %v, want 403 Forbidden", u, err)
		}
	}

	addr := strings.TrimPrefix(srv.URL(), "http://")
	raw := func(request string) (int, string) {
		t.Helper()
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, request); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	status, body := raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
	if status != http.StatusForbidden || !strings.Contains(body, "qyapi.weixin.qq.com") || !strings.Contains(body, "NO_PROXY") {
		t.Errorf("CONNECT example.com:443: %d %q", status, body)
	}
	// A plain HTTP proxy request for another host is refused too...
	status, body = raw("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n")
	if status != http.StatusForbidden {
		t.Errorf("GET http://example.com/ through the proxy: %d %q", status, body)
	}
	// ...and one for a WeCom host is served.
	status, body = raw("GET http://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret + " HTTP/1.1\r\nHost: qyapi.weixin.qq.com\r\nConnection: close\r\n\r\n")
	if status != http.StatusOK || !strings.Contains(body, `"access_token"`) {
		t.Errorf("GET http://qyapi.weixin.qq.com/... through the proxy: %d %q", status, body)
	}
	// Nothing refused reached the API.
	if n := len(srv.Requests(mockserver.RequestFilter{Path: "/"})); n != 0 {
		t.Errorf("journal holds %d requests for /", n)
	}
}

func TestInterceptionNeedsTheCA(t *testing.T) {
	t.Parallel()
	srv, _ := interceptServer(t)
	other, err := tlsca.New()
	if err != nil {
		t.Fatal(err)
	}
	hc := proxyClient(t, srv, other)
	_, err = hc.Get(realGettoken)
	var uae x509.UnknownAuthorityError
	if err == nil || !errors.As(err, &uae) {
		t.Fatalf("client trusting another CA: %v, want an unknown-authority error", err)
	}
}

func TestInterceptionServesTheCACert(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	res, err := testkit.HTTPClient.Get(srv.URL() + "/_mock/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != string(ca.CertPEM()) || res.Header.Get("Content-Type") != "application/x-pem-file" {
		t.Errorf("GET /_mock/ca.pem: HTTP %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if string(srv.CACertPEM()) != string(ca.CertPEM()) {
		t.Error("CACertPEM differs from the CA's")
	}
	if r := testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/ca.pem", nil, nil); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("POST /_mock/ca.pem: %s", r)
	}

	plain := mockserver.NewTest(t)
	if r := testkit.Do(t, http.MethodGet, plain.URL()+"/_mock/ca.pem", nil, nil); r.Status != http.StatusNotFound {
		t.Errorf("GET /_mock/ca.pem without interception: %s", r)
	}
	if plain.CACertPEM() != nil || plain.TLSConfig() != nil {
		t.Error("CACertPEM or TLSConfig non-nil without interception")
	}
	// Without interception CONNECT is just an unknown request.
	if r := testkit.Do(t, http.MethodConnect, plain.URL()+"/", nil, nil); r.Status == http.StatusOK {
		t.Errorf("CONNECT without interception: %s", r)
	}
}

// TestInterceptionDirectHTTPS serves TLSConfig on a listener of its own, as
// `wecom-mock serve --tls` does for setups that point the host names at it.
func TestInterceptionDirectHTTPS(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), TLSConfig: srv.TLSConfig(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.ServeTLS(ln, "", "") }()
	t.Cleanup(func() { _ = hs.Close() })

	// The client believes it talks to qyapi.weixin.qq.com:443.
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig:   ca.ClientTLSConfig(),
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, ln.Addr().String())
		},
	}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	a, res := fetchToken(t, hc, realGettoken)
	if a.ErrCode != 0 || a.AccessToken == "" {
		t.Fatalf("gettoken over direct HTTPS: %+v", a)
	}
	if res.ProtoMajor != 2 {
		t.Errorf("direct HTTPS answered %s, want HTTP/2", res.Proto)
	}
	for _, u := range []string{"https://localhost/_mock/healthz", "https://127.0.0.1/_mock/healthz", "https://login.work.weixin.qq.com/_mock/healthz"} {
		res, err := hc.Get(u)
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			continue
		}
		res.Body.Close()
	}
	// The certificate does not cover other names.
	if _, err := hc.Get("https://example.com/"); err == nil {
		t.Error("certificate accepted for example.com")
	}
}

// TestInterceptionEagerClientHello sends the ClientHello right behind the
// CONNECT request, without waiting for the 200, as some clients do.
func TestInterceptionEagerClientHello(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.URL(), "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	ec := &eagerConn{Conn: conn, pending: []byte("CONNECT qyapi.weixin.qq.com:443 HTTP/1.1\r\nHost: qyapi.weixin.qq.com:443\r\n\r\n")}
	cfg := ca.ClientTLSConfig()
	cfg.ServerName = "qyapi.weixin.qq.com"
	tc := tls.Client(ec, cfg)
	if err := tc.Handshake(); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	fmt.Fprintf(tc, "GET /cgi-bin/gettoken?corpid=%s&corpsecret=%s HTTP/1.1\r\nHost: qyapi.weixin.qq.com\r\n\r\n", testkit.Corp1, testkit.AppSecret)
	res, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"access_token"`) {
		t.Errorf("answer %q", body)
	}
}

// eagerConn writes pending (the CONNECT request) in the same write as the
// first TLS record, and skips the proxy's answer before the first TLS read.
type eagerConn struct {
	net.Conn
	pending []byte
	br      *bufio.Reader
}

func (c *eagerConn) Write(p []byte) (int, error) {
	if c.pending != nil {
		buf := append(c.pending, p...)
		c.pending = nil
		if _, err := c.Conn.Write(buf); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

func (c *eagerConn) Read(p []byte) (int, error) {
	if c.br == nil {
		c.br = bufio.NewReader(c.Conn)
		res, err := http.ReadResponse(c.br, &http.Request{Method: http.MethodConnect})
		if err != nil {
			return 0, err
		}
		if res.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("CONNECT: %s", res.Status)
		}
	}
	return c.br.Read(p)
}

func TestInterceptionShutdownClosesTunnels(t *testing.T) {
	t.Parallel()
	ca, err := tlsca.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockserver.New(mockserver.WithInterception(ca))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	hc := proxyClient(t, srv, ca)
	if a, _ := fetchToken(t, hc, realGettoken); a.ErrCode != 0 {
		t.Fatalf("gettoken: %+v", a)
	}
	// A second tunnel that never sends a request.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "CONNECT qyapi.weixin.qq.com:443 HTTP/1.1\r\nHost: qyapi.weixin.qq.com:443\r\n\r\n")
	br := bufio.NewReader(conn)
	if res, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect}); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("CONNECT: %v %v", res, err)
	}

	start := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v with open tunnels", d)
	}
	// The idle tunnel was closed by the server.
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); err == nil || errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		t.Errorf("idle tunnel still open after Close: %v", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestInterceptionConcurrent(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	var wg sync.WaitGroup
	tokens := make([]string, 16)
	for i := range tokens {
		wg.Go(func() {
			hc := proxyClient(t, srv, ca) // a tunnel each
			for range 5 {
				res, err := hc.Get(realGettoken)
				if err != nil {
					t.Error(err)
					return
				}
				var a gettokenAnswer
				err = json.NewDecoder(res.Body).Decode(&a)
				res.Body.Close()
				if err != nil {
					t.Error(err)
					return
				}
				tokens[i] = a.AccessToken
			}
		})
	}
	testwait.Group(t, &wg)
	for i, tok := range tokens {
		if tok == "" || tok != tokens[0] {
			t.Errorf("client %d got token %q, want %q", i, tok, tokens[0])
		}
	}
	if n := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})); n != 80 {
		t.Errorf("journal holds %d gettoken calls, want 80", n)
	}
}

// The login pages answer by host through the tunnel too: an app whose OAuth
// URLs are hard-coded reaches the mock's pages on WeCom's own host names.
func TestInterceptionServesPagesByHost(t *testing.T) {
	t.Parallel()
	srv, ca := interceptServer(t)
	hc := proxyClient(t, srv, ca)
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	redirect := url.QueryEscape("http://localhost/cb")
	for _, tt := range []struct {
		url    string
		status int
		html   bool
	}{
		{"https://open.weixin.qq.com/connect/oauth2/authorize?appid=" + testkit.Corp1 + "&redirect_uri=" + redirect +
			"&response_type=code&scope=snsapi_base&agentid=1000002&state=s1#wechat_redirect", http.StatusOK, true},
		{"https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=" + testkit.Corp1 +
			"&agentid=1000002&redirect_uri=" + redirect + "&state=s1", http.StatusOK, true},
		// The API host has no pages, as on WeCom.
		{"https://qyapi.weixin.qq.com/connect/oauth2/authorize?appid=" + testkit.Corp1, http.StatusNotFound, false},
	} {
		res, err := hc.Get(tt.url)
		if err != nil {
			t.Errorf("GET %s: %v", tt.url, err)
			continue
		}
		res.Body.Close()
		isHTML := strings.HasPrefix(res.Header.Get("Content-Type"), "text/html")
		if res.StatusCode != tt.status || isHTML != tt.html {
			t.Errorf("GET %s: HTTP %d %s, want %d (html %v)", tt.url, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.html)
		}
	}
}
