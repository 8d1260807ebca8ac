package mockserver

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// The server's listeners — the plain one (Serve), the TLS one (ServeTLS) and
// the CONNECT tunnels of WithInterception — are each served by an
// httpServer: the same http.Server settings, the same tracking of
// connections that never sent a request, and the same graceful shutdown.
// Server.Shutdown stops them all.

// httpServer is one of the server's http.Servers and the connections it has
// accepted that have not sent a request yet.
type httpServer struct {
	hs     *http.Server
	unused unusedConns
}

// newHTTPServer serves h with the settings every listener shares: the
// timeouts of t (timeouts.go). errorLog nil means the standard logger.
func newHTTPServer(h http.Handler, errorLog *log.Logger, t Timeouts) *httpServer {
	x := &httpServer{}
	x.hs = &http.Server{
		Handler:   h,
		ConnState: x.unused.track,
		ErrorLog:  errorLog,
	}
	t.withDefaults().applyTo(x.hs)
	return x
}

// shutdown stops x gracefully, waiting for in-flight requests until ctx is
// done. A nil x does nothing.
func (x *httpServer) shutdown(ctx context.Context) error {
	if x == nil {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- x.hs.Shutdown(ctx) }()
	// net/http waits up to 5 s for connections that never sent a request
	// (golang/go#22682). HTTP clients often dial spare connections they then
	// leave unused, so without this every NewTest cleanup after concurrent
	// calls would take 5 s. Once the listener is closed, close them.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				// The grace period is over: cut the connections still
				// busy (a stalled upload, a reader that stopped reading).
				_ = x.hs.Close()
			}
			return err
		case <-tick.C:
			x.unused.closeAll()
		}
	}
}

// shutdownAll shuts the servers down together (nil ones are skipped) and
// waits for all of them.
func shutdownAll(ctx context.Context, servers ...*httpServer) error {
	errs := make([]error, len(servers))
	var wg sync.WaitGroup
	for i, x := range servers {
		if x == nil {
			continue
		}
		wg.Go(func() { errs[i] = x.shutdown(ctx) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// infoLog is the ErrorLog of the servers that terminate TLS: a failed
// handshake usually means a client that does not trust the CA, worth a line
// in the log, not on stderr.
func (s *Server) infoLog() *log.Logger {
	return slog.NewLogLogger(s.cfg.logger.Handler(), slog.LevelInfo)
}

// unusedConns tracks the server's connections that are still waiting for
// their first request.
type unusedConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (u *unusedConns) track(c net.Conn, st http.ConnState) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if st == http.StateNew {
		if u.conns == nil {
			u.conns = map[net.Conn]struct{}{}
		}
		u.conns[c] = struct{}{}
		return
	}
	delete(u.conns, c)
}

func (u *unusedConns) closeAll() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for c := range u.conns {
		_ = c.Close()
	}
}

// StartTLS listens on addr ("127.0.0.1:0" picks a free port) and serves
// HTTPS there in the background until Close; see ServeTLS.
func (s *Server) StartTLS(addr string) error {
	if s.intercept.serverTLS == nil {
		return errNoInterception
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mockserver: listen %s: %w", addr, err)
	}
	return s.ServeTLS(ln)
}

// ServeTLS serves HTTPS (HTTP/2 and HTTP/1.1) on ln in the background until
// Close, with the certificate of TLSConfig, for setups that point the WeCom
// host names at the mock. It needs WithInterception. It may be used with or
// without Serve; Shutdown and Close stop both. It closes ln on error.
func (s *Server) ServeTLS(ln net.Listener) error {
	cfg := s.TLSConfig()
	if cfg == nil {
		_ = ln.Close()
		return errNoInterception
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tlsSrv != nil {
		_ = ln.Close()
		return errors.New("mockserver: already serving TLS")
	}
	s.tlsURL = "https://" + ln.Addr().String()
	x := newHTTPServer(s.handler, s.infoLog(), s.cfg.timeouts)
	x.hs.TLSConfig = cfg
	s.tlsSrv = x
	s.suites.StartTimer(x.hs)
	go func() {
		if err := x.hs.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.logger.Error("serve HTTPS", "err", err)
		}
	}()
	return nil
}

// TLSURL is the base URL of the HTTPS listener of StartTLS or ServeTLS, e.g.
// https://127.0.0.1:41235; empty until it is started.
func (s *Server) TLSURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tlsURL
}

var errNoInterception = errors.New("mockserver: serving TLS needs WithInterception")
