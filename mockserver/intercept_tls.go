package mockserver

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// WithInterception lets apps that hard-code WeCom's https URLs reach the
// server unmodified, over real TLS with certificates issued by ca (see
// package tlsca). The server's Handler, and so its listener, then also:
//
//   - acts as an HTTPS proxy for the WeCom hosts (see WeComHosts): it accepts
//     HTTP CONNECT to one of them on port 443, terminates the TLS itself with
//     a certificate from ca, and serves the tunnelled requests like any
//     other (they appear in the journal). CONNECT to any other host, and
//     plain proxy requests for one, are refused with 403. An app run with
//     HTTPS_PROXY=<server URL> and trusting ca reaches the mock;
//   - serves the CA certificate at GET /_mock/ca.pem, for clients to trust.
//
// StartTLS and ServeTLS serve HTTPS directly with the same certificate
// (TLSConfig), for setups that point the WeCom host names at the mock (hosts
// file, DNS, Docker network aliases).
func WithInterception(ca *tlsca.CA) Option { return func(c *config) { c.ca = ca } }

// caPath is where the CA certificate is served.
const caPath = "/_mock/ca.pem"

// interception is the state of WithInterception: the certificate, and the
// HTTP server that serves the connections tunnelled through CONNECT, which
// the listener's own server no longer tracks once they are hijacked.
type interception struct {
	ca        *tlsca.CA
	serverTLS *tls.Config // the WeCom hosts, localhost and loopback

	start   sync.Once
	tunnels *tunnelListener
	srv     *httpServer // listeners.go
}

// enableInterception issues the server certificate and puts the CONNECT
// front door before the handler. It does nothing without WithInterception.
func (s *Server) enableInterception() error {
	ca := s.cfg.ca
	if ca == nil {
		return nil
	}
	names := append(WeComHosts(), "localhost", "127.0.0.1", "::1")
	cert, err := ca.Issue(names...)
	if err != nil {
		return fmt.Errorf("mockserver: interception certificate: %w", err)
	}
	ic := &s.intercept
	ic.ca = ca
	ic.serverTLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ic.tunnels = newTunnelListener()

	tunnelTLS := ic.serverTLS.Clone()
	// The tunnel server speaks HTTP/1.1 only: HTTP/2 needs ServeTLS, which
	// wants a listener of raw connections.
	tunnelTLS.NextProtos = []string{"http/1.1"}
	s.handler = s.interceptFront(s.handler, tunnelTLS)
	ic.srv = newHTTPServer(s.handler, s.infoLog(), s.cfg.timeouts)
	return nil
}

// TLSConfig returns a TLS configuration to serve this server's Handler over
// HTTPS directly, with a certificate for the WeCom hosts, localhost,
// 127.0.0.1 and ::1 issued by the CA given to WithInterception; nil without
// WithInterception. Each call returns a new copy. ServeTLS and StartTLS
// serve with it; for an http.Server of your own:
//
//	hs := &http.Server{Handler: srv.Handler(), TLSConfig: srv.TLSConfig()}
//	go hs.ServeTLS(ln, "", "")
func (s *Server) TLSConfig() *tls.Config {
	if s.intercept.serverTLS == nil {
		return nil
	}
	return s.intercept.serverTLS.Clone()
}

// CACertPEM returns the PEM certificate of the CA given to WithInterception,
// the one clients must trust; nil without WithInterception. It is also
// served at GET /_mock/ca.pem.
func (s *Server) CACertPEM() []byte {
	if s.intercept.ca == nil {
		return nil
	}
	return s.intercept.ca.CertPEM()
}

// interceptFront answers CONNECT and /_mock/ca.pem, refuses proxy requests
// for other hosts, and hands everything else to next.
func (s *Server) interceptFront(next http.Handler, tunnelTLS *tls.Config) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodConnect:
			s.serveConnect(w, r, tunnelTLS)
		case r.URL.Host != "" && !isWeComHost(r.URL.Host):
			// An absolute-form request: someone uses the mock as a plain
			// HTTP proxy for a host it does not stand in for.
			s.refuseProxy(w, r, r.URL.Host)
		case r.URL.Path == caPath:
			s.serveCACert(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (s *Server) serveCACert(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeControlJSON(w, http.StatusMethodNotAllowed, mockctl.ErrorBody{Error: r.Method + " is not allowed on " + caPath + " (allowed: GET, HEAD)"})
		return
	}
	pemBytes := s.intercept.ca.CertPEM()
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Disposition", `attachment; filename="wecom-mock-ca.pem"`)
	w.Header().Set("Content-Length", fmt.Sprint(len(pemBytes)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(pemBytes)
}

// refuseProxy answers 403 to a proxy request for a host the mock does not
// stand in for: the mock must never become a way out to the internet.
func (s *Server) refuseProxy(w http.ResponseWriter, r *http.Request, target string) {
	s.cfg.logger.Info("refused proxy request", "method", r.Method, "target", target, "remote", r.RemoteAddr)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, "wecom-mock: %s %s refused: this proxy stands in only for %s on port 443; "+
		"send other hosts around it (NO_PROXY)\n", r.Method, target, strings.Join(wecomHosts[:], ", "))
}

// serveConnect opens a tunnel for CONNECT host:443 to a WeCom host: it
// answers 200, then terminates the client's TLS with the mock's certificate
// and serves the requests inside with the server's handler.
func (s *Server) serveConnect(w http.ResponseWriter, r *http.Request, tunnelTLS *tls.Config) {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil || port != "443" || !isWeComHost(host) {
		s.refuseProxy(w, r, r.Host)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 (the direct HTTPS listener) cannot be hijacked.
		http.Error(w, "wecom-mock: CONNECT is served over HTTP/1.1 only", http.StatusHTTPVersionNotSupported)
		return
	}
	_ = conn.SetDeadline(time.Time{})
	if _, err := conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		_ = conn.Close()
		return
	}
	var c net.Conn = conn
	if n := brw.Reader.Buffered(); n > 0 {
		// The client sent its ClientHello without waiting for our 200.
		c = &prereadConn{Conn: conn, r: brw.Reader}
	}
	s.cfg.logger.Debug("CONNECT tunnel", "host", r.Host, "remote", r.RemoteAddr)
	if !s.intercept.serveTunnel(tls.Server(c, tunnelTLS)) {
		_ = conn.Close()
	}
}

// serveTunnel hands a tunnelled connection to the tunnel server, starting it
// on first use. It reports false once the server is shut down.
func (ic *interception) serveTunnel(c net.Conn) bool {
	ic.start.Do(func() {
		go func() { _ = ic.srv.hs.Serve(ic.tunnels) }()
	})
	return ic.tunnels.push(c)
}

// shutdown closes the tunnels gracefully, waiting for their in-flight
// requests until ctx is done. It does nothing without interception.
func (ic *interception) shutdown(ctx context.Context) error {
	if ic.srv == nil {
		return nil
	}
	// Stop taking tunnels even if the tunnel server never started.
	_ = ic.tunnels.Close()
	return ic.srv.shutdown(ctx)
}

// prereadConn reads what the HTTP server had already buffered before the
// rest of the connection.
type prereadConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *prereadConn) Read(p []byte) (int, error) {
	if c.r.Buffered() > 0 {
		return c.r.Read(p)
	}
	return c.Conn.Read(p)
}

// tunnelListener is a net.Listener whose connections are handed to it by
// serveConnect.
type tunnelListener struct {
	conns     chan net.Conn
	done      chan struct{}
	closeOnce sync.Once
}

func newTunnelListener() *tunnelListener {
	return &tunnelListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// push hands c to Accept; false if the listener is closed.
func (l *tunnelListener) push(c net.Conn) bool {
	select {
	case <-l.done:
		return false
	default:
	}
	select {
	case l.conns <- c:
		return true
	case <-l.done:
		return false
	}
}

func (l *tunnelListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *tunnelListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return nil
}

func (l *tunnelListener) Addr() net.Addr { return tunnelAddr{} }

type tunnelAddr struct{}

func (tunnelAddr) Network() string { return "tunnel" }
func (tunnelAddr) String() string  { return "connect-tunnels" }
