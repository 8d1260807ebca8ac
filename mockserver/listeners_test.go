package mockserver_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// directClient reaches every host at addr over TLS, trusting only ca, as an
// app whose WeCom host names point at the mock would. h2 says whether it
// speaks HTTP/2.
func directClient(t *testing.T, addr string, ca *tlsca.CA, h2 bool) *http.Client {
	t.Helper()
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig:   ca.ClientTLSConfig(),
		ForceAttemptHTTP2: h2,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}
	if !h2 {
		tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func hostOf(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		t.Fatalf("URL %q", u)
	}
	return p.Host
}

// One Shutdown stops the plain and the TLS listener together, without
// waiting for the connections clients hold open on either: idle keep-alive
// connections (HTTP/1.1 and HTTP/2), a TLS connection that finished its
// handshake but never sent a request, and connections that never sent a
// byte.
func TestShutdownStopsTLSListener(t *testing.T) {
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
	if err := srv.StartTLS("127.0.0.1:0"); err != nil {
		_ = srv.Close()
		t.Fatal(err)
	}
	plainAddr, tlsAddr := hostOf(t, srv.URL()), hostOf(t, srv.TLSURL())

	// Idle keep-alive connections on the TLS listener, HTTP/2 and HTTP/1.1.
	for _, h2 := range []bool{true, false} {
		a, res := fetchToken(t, directClient(t, tlsAddr, ca, h2), realGettoken)
		if a.ErrCode != 0 || a.AccessToken == "" {
			t.Fatalf("gettoken over the TLS listener (HTTP/2 %v): %+v", h2, a)
		}
		if want := map[bool]int{true: 2, false: 1}[h2]; res.ProtoMajor != want {
			t.Errorf("TLS listener answered %s, want HTTP/%d", res.Proto, want)
		}
	}
	// An idle keep-alive connection on the plain listener.
	if a, _ := fetchToken(t, srv.HTTPClient(), realGettoken); a.ErrCode != 0 {
		t.Fatalf("gettoken over the plain listener: %+v", a)
	}

	var held []net.Conn
	dial := func(addr string) net.Conn {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		held = append(held, c)
		return c
	}
	// Connections that never send a byte, on both listeners.
	dial(tlsAddr)
	dial(plainAddr)
	// A TLS connection that completes its handshake and sends nothing more.
	cfg := ca.ClientTLSConfig()
	cfg.ServerName, cfg.NextProtos = "qyapi.weixin.qq.com", []string{"http/1.1"}
	tc := tls.Client(dial(tlsAddr), cfg)
	_ = tc.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tc.Handshake(); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	// By now the server has accepted the raw connections too.
	if a, _ := fetchToken(t, directClient(t, tlsAddr, ca, false), realGettoken); a.ErrCode != 0 {
		t.Fatalf("gettoken: %+v", a)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	// net/http alone would wait 5 s for the connections that never sent a
	// request (golang/go#22682).
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Shutdown took %v with idle connections open", d)
	}
	for _, addr := range []string{plainAddr, tlsAddr} {
		if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after Shutdown", addr)
		}
	}
	for i, c := range held {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		// A closed TLS connection may still say close_notify.
		if _, err := io.Copy(io.Discard, c); isTimeout(err) {
			t.Errorf("held connection %d still open after Shutdown: %v", i, err)
		}
	}
}

func TestServeTLSErrors(t *testing.T) {
	t.Parallel()
	plain, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.ServeTLS(ln); err == nil || !strings.Contains(err.Error(), "WithInterception") {
		t.Errorf("ServeTLS without interception: %v", err)
	}
	if _, err := ln.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("ServeTLS did not close the listener it refused: %v", err)
	}
	if err := plain.StartTLS("127.0.0.1:0"); err == nil {
		t.Error("StartTLS without interception succeeded")
	}
	if plain.TLSURL() != "" {
		t.Errorf("TLSURL of a server without TLS = %q", plain.TLSURL())
	}

	ca, err := tlsca.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockserver.New(mockserver.WithInterception(ca))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.StartTLS("256.0.0.1:0"); err == nil {
		t.Error("StartTLS on an impossible address succeeded")
	}
	// The TLS listener alone, without Serve.
	if err := srv.StartTLS("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.TLSURL(), "https://127.0.0.1:") || srv.URL() != "" {
		t.Errorf("TLSURL %q, URL %q; want https://127.0.0.1:<port> and none", srv.TLSURL(), srv.URL())
	}
	if err := srv.StartTLS("127.0.0.1:0"); err == nil {
		t.Error("a second StartTLS succeeded")
	}
	addr := hostOf(t, srv.TLSURL())
	if a, _ := fetchToken(t, directClient(t, addr, ca, true), srv.TLSURL()+"/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret); a.ErrCode != 0 {
		t.Errorf("gettoken at %s: %+v", srv.TLSURL(), a)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
		c.Close()
		t.Error("the TLS listener still accepts connections after Close")
	}
}
