package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	tlsCARE    = regexp.MustCompile(`(?m)^  CA         (\S+)(.*)$`)
	tlsHTTPSRE = regexp.MustCompile(`(?m)^  HTTPS      (https://\S+)`)
	tlsCurlRE  = regexp.MustCompile(`(?m)^  curl --cacert '([^']+)' -x (http://\S+) '(https://qyapi\.weixin\.qq\.com/cgi-bin/gettoken\?[^']+)'$`)
)

// tlsRun is a `wecom-mock serve --tls` running in-process, with what its
// banner said.
type tlsRun struct {
	*serveRun
	caPath, caNote, httpsURL string
	curlURL                  string // the gettoken URL of the printed curl
}

func startTLSRun(t *testing.T, dir string, extra ...string) *tlsRun {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--tls", "--tls-dir", dir, "--tls-addr", "127.0.0.1:0"}, extra...)
	r := &tlsRun{serveRun: startRun(t, args, nil)}
	m, ok := r.stdout.await(tlsCurlRE, r.done, 5*time.Second)
	if !ok {
		t.Fatalf("no TLS section in the banner:\n%s", r.stdout)
	}
	r.curlURL = m[3]
	if m[2] != r.url {
		t.Errorf("printed curl uses proxy %s, want %s", m[2], r.url)
	}
	if m := tlsCARE.FindStringSubmatch(r.stdout.String()); m != nil {
		r.caPath, r.caNote = m[1], m[2]
	}
	if m := tlsHTTPSRE.FindStringSubmatch(r.stdout.String()); m != nil {
		r.httpsURL = m[1]
	}
	return r
}

// trustOnly is a pool holding the PEM certificates in file, nothing else.
func trustOnly(t *testing.T, file string) *x509.CertPool {
	t.Helper()
	pemBytes, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("%s holds no certificate", file)
	}
	return pool
}

// viaProxy is a client with proxy as its HTTPS proxy, trusting only roots. It
// dials the proxy and nothing else, so it never resolves or reaches the real
// WeCom.
func viaProxy(t *testing.T, proxy string, roots *x509.CertPool) *http.Client {
	t.Helper()
	pu, err := url.Parse(proxy)
	if err != nil {
		t.Fatal(err)
	}
	var d net.Dialer
	tr := &http.Transport{
		Proxy:           http.ProxyURL(pu),
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != pu.Host {
				t.Errorf("client dialed %s; only the proxy %s may be dialed", addr, pu.Host)
				return nil, fmt.Errorf("dial %s refused by the test", addr)
			}
			return d.DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func getTokenWith(t *testing.T, c *http.Client, u string) tokenAnswer {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	var a tokenAnswer
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("GET %s: %v in %q", u, err, body)
	}
	return a
}

func TestServeTLS(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "tls")
	r := startTLSRun(t, dir)

	if want := filepath.Join(dir, "ca.pem"); r.caPath != want || !strings.Contains(r.caNote, "new") {
		t.Errorf("banner CA line: %q%q, want %s marked new", r.caPath, r.caNote, want)
	}
	// The CA file and /_mock/ca.pem agree.
	onDisk, err := os.ReadFile(r.caPath)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := testHTTP.Get(r.url + "/_mock/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(served) != string(onDisk) {
		t.Errorf("/_mock/ca.pem differs from %s", r.caPath)
	}
	roots := trustOnly(t, r.caPath)

	// The real, hard-coded URL through the proxy.
	hc := viaProxy(t, r.url, roots)
	if !strings.HasPrefix(r.curlURL, "https://qyapi.weixin.qq.com/cgi-bin/gettoken?") {
		t.Fatalf("printed gettoken URL %s", r.curlURL)
	}
	a := getTokenWith(t, hc, r.curlURL)
	if a.ErrCode != 0 || a.AccessToken == "" {
		t.Fatalf("gettoken through the proxy: %+v", a)
	}
	// Other hosts are refused.
	if _, err := hc.Get("https://example.com/"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("example.com through the proxy: %v, want 403", err)
	}

	// The HTTPS listener, reached as qyapi.weixin.qq.com.
	hu, err := url.Parse(r.httpsURL)
	if err != nil || hu.Host == "" {
		t.Fatalf("banner HTTPS URL %q", r.httpsURL)
	}
	var d net.Dialer
	direct := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, hu.Host)
		},
	}
	defer direct.CloseIdleConnections()
	b := getTokenWith(t, &http.Client{Transport: direct, Timeout: 10 * time.Second}, r.curlURL)
	if b.AccessToken != a.AccessToken {
		t.Errorf("direct HTTPS gettoken: %+v, want the token %q", b, a.AccessToken)
	}
	// And as itself.
	c := getTokenWith(t, &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}, Timeout: 10 * time.Second},
		r.httpsURL+"/cgi-bin/gettoken?"+strings.SplitN(r.curlURL, "?", 2)[1])
	if c.AccessToken != a.AccessToken {
		t.Errorf("gettoken at %s: %+v", r.httpsURL, c)
	}
}

// TestServeTLSCurl is the any-language recipe: curl with --cacert, through
// the proxy and at the HTTPS listener.
func TestServeTLSCurl(t *testing.T) {
	t.Parallel()
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl in PATH")
	}
	r := startTLSRun(t, t.TempDir())
	run := func(args ...string) (string, string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, curl, append([]string{"-sS", "--max-time", "10"}, args...)...)
		// No proxy or CA settings from the environment.
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}

	out, errOut, err := run("--fail", "--cacert", r.caPath, "-x", r.url, r.curlURL)
	if err != nil || !strings.Contains(out, `"access_token"`) || !strings.Contains(out, `"errcode":0`) {
		t.Errorf("curl through the proxy: %v\nstdout %s\nstderr %s", err, out, errOut)
	}
	_, errOut, err = run("--cacert", r.caPath, "-x", r.url, "https://example.com/")
	if err == nil || !strings.Contains(errOut, "403") {
		t.Errorf("curl example.com through the proxy: %v, stderr %q; want a refused CONNECT (403)", err, errOut)
	}
	// Without the CA, curl refuses the mock's certificate.
	_, errOut, err = run("--cacert", "/dev/null", "-x", r.url, r.curlURL)
	if err == nil {
		t.Errorf("curl without the CA accepted the certificate; stderr %q", errOut)
	}

	hu, _ := url.Parse(r.httpsURL)
	_, port, _ := net.SplitHostPort(hu.Host)
	direct := strings.Replace(r.curlURL, "qyapi.weixin.qq.com/", "qyapi.weixin.qq.com:"+port+"/", 1)
	out, errOut, err = run("--fail", "--cacert", r.caPath, "--resolve", "qyapi.weixin.qq.com:"+port+":127.0.0.1", direct)
	if err != nil || !strings.Contains(out, `"access_token"`) {
		t.Errorf("curl at the HTTPS listener: %v\nstdout %s\nstderr %s", err, out, errOut)
	}
}

// A CA trusted once keeps working: a restart with the same --tls-dir loads it.
func TestServeTLSKeepsTheCA(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := startTLSRun(t, dir)
	pem1, _ := os.ReadFile(first.caPath)
	first.stop()
	first.wait(t)

	second := startTLSRun(t, dir)
	pem2, _ := os.ReadFile(second.caPath)
	if string(pem1) != string(pem2) || len(pem1) == 0 {
		t.Error("restart with the same --tls-dir made a new CA")
	}
	if strings.Contains(second.caNote, "new") {
		t.Errorf("reloaded CA marked new: %q", second.caNote)
	}
	a := getTokenWith(t, viaProxy(t, second.url, trustOnly(t, first.caPath)), second.curlURL)
	if a.ErrCode != 0 {
		t.Errorf("gettoken with the CA of the first run: %+v", a)
	}
}

func TestServeTLSFromEnv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := startRun(t, []string{"serve"}, map[string]string{
		"WECOM_MOCK_ADDR": "127.0.0.1:0", "WECOM_MOCK_TLS": "true",
		"WECOM_MOCK_TLS_DIR": dir, "WECOM_MOCK_TLS_ADDR": "127.0.0.1:0",
	})
	if _, ok := r.stdout.await(tlsCurlRE, r.done, 5*time.Second); !ok {
		t.Fatalf("no TLS section:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "ca.pem")); err != nil {
		t.Error(err)
	}
	// --tls-addr= turns the HTTPS listener off.
	r2 := startTLSRun(t, dir, "--tls-addr=")
	if r2.httpsURL != "" {
		t.Errorf("--tls-addr= still printed an HTTPS listener %s", r2.httpsURL)
	}
}

func TestServeWithoutTLS(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"serve", "--addr", "127.0.0.1:0"}, nil)
	if strings.Contains(r.stdout.String(), "TLS interception") {
		t.Errorf("TLS section without --tls:\n%s", r.stdout)
	}
	resp, err := testHTTP.Get(r.url + "/_mock/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/_mock/ca.pem without --tls: HTTP %d", resp.StatusCode)
	}
}

func TestServeTLSErrors(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"bad tls-addr", []string{"--tls", "--tls-addr", "8443"}, nil, exitUsage, `invalid --tls-addr "8443"`},
		{"bad env tls-addr", []string{"--tls"}, map[string]string{"WECOM_MOCK_TLS_ADDR": "nope"}, exitUsage, `invalid WECOM_MOCK_TLS_ADDR "nope"`},
		{"bad env tls", nil, map[string]string{"WECOM_MOCK_TLS": "please"}, exitUsage, `WECOM_MOCK_TLS="please"`},
		{"tls-dir is a file", []string{"--tls", "--tls-dir", file}, nil, exitFail, "--tls"},
		{"tls-addr busy", []string{"--tls", "--tls-dir", t.TempDir(), "--tls-addr", busy.Addr().String()}, nil, exitFail, "already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)
			code, _, errOut := runCapture(args, tt.env)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestServeUsageListsTLSFlags(t *testing.T) {
	_, out, _ := runCapture([]string{"serve", "-h"}, nil)
	for _, w := range []string{"--tls\n", "[$WECOM_MOCK_TLS]", "--tls-addr address", "(default 127.0.0.1:8443)", "[$WECOM_MOCK_TLS_ADDR]",
		"--tls-dir directory", "[$WECOM_MOCK_TLS_DIR]"} {
		if !strings.Contains(out, w) {
			t.Errorf("serve -h lacks %q:\n%s", w, out)
		}
	}
}

func TestLoadServeConfigTLS(t *testing.T) {
	tests := []struct {
		name         string
		args         []string
		env          map[string]string
		tls          bool
		addr, tlsDir string
	}{
		{"off", nil, nil, false, "", ""},
		{"off ignores the TLS settings", nil, map[string]string{"WECOM_MOCK_TLS_ADDR": "not an address", "WECOM_MOCK_TLS_DIR": "/tls"}, false, "", ""},
		{"on with defaults", []string{"--tls"}, nil, true, "127.0.0.1:8443", ""},
		{"from env", nil, map[string]string{"WECOM_MOCK_TLS": "true", "WECOM_MOCK_TLS_ADDR": "0.0.0.0:443", "WECOM_MOCK_TLS_DIR": "/tls"}, true, "0.0.0.0:443", "/tls"},
		{"no HTTPS listener", []string{"--tls", "--tls-addr="}, map[string]string{"WECOM_MOCK_TLS_ADDR": "0.0.0.0:443"}, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadServeConfig(tt.args, envMap(tt.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.TLS != tt.tls || cfg.TLSAddr != tt.addr || cfg.TLSDir != tt.tlsDir {
				t.Errorf("TLS %v, TLSAddr %q, TLSDir %q; want %v, %q, %q", cfg.TLS, cfg.TLSAddr, cfg.TLSDir, tt.tls, tt.addr, tt.tlsDir)
			}
		})
	}
}

// A stop with idle connections held on the HTTPS listener is prompt, ends
// cleanly and closes both listeners.
func TestServeTLSStopsWithIdleConnections(t *testing.T) {
	t.Parallel()
	r := startTLSRun(t, t.TempDir())
	hu, err := url.Parse(r.httpsURL)
	if err != nil || hu.Host == "" {
		t.Fatalf("banner HTTPS URL %q", r.httpsURL)
	}
	roots := trustOnly(t, r.caPath)
	// A keep-alive connection left idle after a request.
	if a := getTokenWith(t, &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}, Timeout: 10 * time.Second},
		r.httpsURL+"/cgi-bin/gettoken?"+strings.SplitN(r.curlURL, "?", 2)[1]); a.ErrCode != 0 {
		t.Fatalf("gettoken at %s: %+v", r.httpsURL, a)
	}
	// A connection that never sends a byte, and one that sends nothing after
	// its handshake.
	raw, err := net.Dial("tcp", hu.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tc, err := tls.Dial("tcp", hu.Host, &tls.Config{RootCAs: roots, ServerName: "qyapi.weixin.qq.com", NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()

	start := time.Now()
	r.stop()
	if code := r.wait(t); code != 0 {
		t.Errorf("exit %d after stop\nstderr:\n%s", code, r.stderr)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stop took %v with idle HTTPS connections", d)
	}
	for _, addr := range []string{strings.TrimPrefix(r.url, "http://"), hu.Host} {
		if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after stop", addr)
		}
	}
}
