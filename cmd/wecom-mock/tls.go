package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/tlsca"
)

// defaultTLSAddr is where --tls serves HTTPS unless told otherwise.
const defaultTLSAddr = "127.0.0.1:8443"

// addTLSFlags declares serve's --tls flags.
func addTLSFlags(c *command, cfg *serveConfig) {
	c.fs.BoolVar(&cfg.TLS, "tls", cfg.TLS, "stand in for the WeCom hosts (qyapi.weixin.qq.com, open.weixin.qq.com, login.work.weixin.qq.com, "+
		"open.work.weixin.qq.com) over TLS with a local CA: the --addr listener also becomes an HTTPS proxy for them "+
		"(HTTPS_PROXY) and serves the CA at /_mock/ca.pem, and --tls-addr serves HTTPS")
	c.fs.StringVar(&cfg.TLSAddr, "tls-addr", defaultTLSAddr, "with --tls, listen `address` host:port of the HTTPS listener; empty for none")
	c.fs.StringVar(&cfg.TLSDir, "tls-dir", cfg.TLSDir, "with --tls, `directory` that keeps the CA (ca.pem, ca-key.pem), created if missing, "+
		"so a CA trusted once keeps working (default <user cache dir>/wecom-mock/tls)")
}

// checkTLSFlags validates the --tls flags. Without --tls they mean nothing
// and are cleared (the image sets WECOM_MOCK_TLS_ADDR for when TLS is on).
func checkTLSFlags(c *command, cfg *serveConfig) error {
	if !cfg.TLS {
		cfg.TLSAddr, cfg.TLSDir = "", ""
		return nil
	}
	if cfg.TLSAddr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(cfg.TLSAddr); err != nil {
		return c.usageErrorf("invalid %s %q: want host:port, e.g. 127.0.0.1:8443 or 0.0.0.0:443", c.origin("tls-addr"), cfg.TLSAddr)
	}
	return nil
}

// tlsServing is what serve does for --tls: the CA, the interception option,
// the direct HTTPS listener and their lines in the banner. A nil
// *tlsServing (no --tls) does nothing.
type tlsServing struct {
	ca   *tlsca.CA
	addr string // --tls-addr
	url  string // https://host:port of the HTTPS listener once started
}

// setupTLS loads or creates the CA for --tls.
func setupTLS(cfg serveConfig, logger *slog.Logger) (*tlsServing, error) {
	if !cfg.TLS {
		return nil, nil
	}
	dir := cfg.TLSDir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("wecom-mock serve: --tls needs a directory for its CA and there is no user cache directory (%v): "+
				"give --tls-dir or %s", err, envName("tls-dir"))
		}
		dir = filepath.Join(cache, "wecom-mock", "tls")
	}
	ca, err := tlsca.LoadOrCreate(dir)
	if err != nil {
		return nil, fmt.Errorf("wecom-mock serve: --tls: %w", err)
	}
	if ca.Created() {
		logger.Info("created a new CA; clients must trust it", "cert", ca.CertPath())
	} else {
		logger.Info("loaded the CA", "cert", ca.CertPath(), "subject", ca.Certificate().Subject.CommonName)
	}
	return &tlsServing{ca: ca, addr: cfg.TLSAddr}, nil
}

func (t *tlsServing) options() []mockserver.Option {
	if t == nil {
		return nil
	}
	return []mockserver.Option{mockserver.WithInterception(t.ca)}
}

// start opens the HTTPS listener on --tls-addr (if not empty), served by
// srv, whose Shutdown stops it.
func (t *tlsServing) start(srv *mockserver.Server, logger *slog.Logger) error {
	if t == nil || t.addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", t.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("wecom-mock serve: cannot listen on %s for HTTPS: the address is already in use; "+
				"choose another with --tls-addr or %s, or give --tls-addr= for no HTTPS listener", t.addr, envName("tls-addr"))
		}
		return fmt.Errorf("wecom-mock serve: cannot listen on %s for HTTPS: %w", t.addr, err)
	}
	if err := srv.ServeTLS(ln); err != nil {
		return fmt.Errorf("wecom-mock serve: %w", err)
	}
	t.url = strings.Replace(localURL("http://"+ln.Addr().String()), "http://", "https://", 1)
	logger.Info("listening for HTTPS", "addr", ln.Addr().String())
	return nil
}

// printBanner tells how to reach the mock as the WeCom hosts, in one write.
func (t *tlsServing) printBanner(out io.Writer, srv *mockserver.Server) {
	if t == nil {
		return
	}
	var w strings.Builder
	base := localURL(srv.URL())
	fmt.Fprintf(&w, "\nTLS interception of %s:\n", strings.Join(mockserver.WeComHosts(), ", "))
	note := ""
	if t.ca.Created() {
		note = "  (new: make your app trust it)"
	}
	fmt.Fprintf(&w, "  CA         %s%s\n", t.ca.CertPath(), note)
	fmt.Fprintf(&w, "             also at %s/_mock/ca.pem\n", base)
	fmt.Fprintf(&w, "  proxy      HTTPS_PROXY=%s  (any other host is refused: list it in NO_PROXY)\n", base)
	if t.url != "" {
		fmt.Fprintf(&w, "  HTTPS      %s  (point the host names at it: hosts file, DNS, network alias)\n", t.url)
	}
	if world := srv.Fixtures(); len(world.Corps) > 0 && len(world.Corps[0].Apps) > 0 {
		q := url.Values{"corpid": {world.Corps[0].CorpID}, "corpsecret": {world.Corps[0].Apps[0].Secret}}
		fmt.Fprintf(&w, "Get an access token from the real URL, as an SDK that hard-codes it would:\n  curl --cacert %s -x %s %s\n",
			shellQuote(t.ca.CertPath()), base, shellQuote("https://qyapi.weixin.qq.com/cgi-bin/gettoken?"+q.Encode()))
	}
	_, _ = io.WriteString(out, w.String())
}
