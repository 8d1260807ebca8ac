package tlsca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

var wecomHosts = []string{"qyapi.weixin.qq.com", "open.weixin.qq.com", "login.work.weixin.qq.com", "open.work.weixin.qq.com"}

func newCA(t *testing.T) *CA {
	t.Helper()
	ca, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

func TestIssueVerifies(t *testing.T) {
	ca := newCA(t)
	names := append(append([]string{}, wecomHosts...), "localhost", "127.0.0.1", "::1")
	leaf, err := ca.Issue(names...)
	if err != nil {
		t.Fatal(err)
	}
	if len(leaf.Certificate) != 1 || leaf.Leaf == nil {
		t.Fatalf("leaf: %d certificates, parsed %v", len(leaf.Certificate), leaf.Leaf != nil)
	}
	if got := leaf.Leaf.NotAfter.Sub(leaf.Leaf.NotBefore); got > leafLifetime+backdate {
		t.Errorf("leaf valid for %v, want at most %v", got, leafLifetime+backdate)
	}
	for _, n := range names {
		opts := x509.VerifyOptions{Roots: ca.CertPool(), DNSName: n, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		if _, err := leaf.Leaf.Verify(opts); err != nil {
			t.Errorf("verify for %s: %v", n, err)
		}
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{Roots: ca.CertPool(), DNSName: "api.weixin.qq.com"}); err == nil {
		t.Error("leaf verified for a name it does not hold")
	}
	if c := ca.Certificate(); !c.IsCA || !c.MaxPathLenZero || !strings.HasPrefix(c.Subject.CommonName, "wecom-mock local CA ") {
		t.Errorf("CA certificate: IsCA %v, MaxPathLenZero %v, CN %q", c.IsCA, c.MaxPathLenZero, c.Subject.CommonName)
	}
	if _, ok := ca.Certificate().PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("CA key is %T, want ECDSA", ca.Certificate().PublicKey)
	}
}

func TestNameConstraints(t *testing.T) {
	ca := newCA(t)
	for _, n := range []string{"example.com", "weixin.qq.com.evil.com", "qq.com", "10.0.0.1", "evilweixin.qq.com"} {
		if ca.Permits(n) {
			t.Errorf("Permits(%q) = true", n)
		}
		if _, err := ca.Issue("qyapi.weixin.qq.com", n); err == nil || !strings.Contains(err.Error(), "outside") {
			t.Errorf("Issue(%q): %v, want an error", n, err)
		}
	}
	for _, n := range []string{"qyapi.weixin.qq.com", "QYAPI.WEIXIN.QQ.COM.", "weixin.qq.com", "login.work.weixin.qq.com", "localhost", "127.0.0.2", "::1"} {
		if !ca.Permits(n) {
			t.Errorf("Permits(%q) = false", n)
		}
	}

	// Even a certificate signed with the CA's key outside Issue does not
	// verify for another site: clients enforce the constraints.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "example.com"},
		DNSNames:  []string{"example.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := x509.ParseCertificate(der)
	_, err = forged.Verify(x509.VerifyOptions{Roots: ca.CertPool(), DNSName: "example.com"})
	var cie x509.CertificateInvalidError
	if !asCertInvalid(err, &cie) || cie.Reason != x509.CANotAuthorizedForThisName {
		t.Errorf("forged certificate for example.com: %v, want CANotAuthorizedForThisName", err)
	}
}

func asCertInvalid(err error, target *x509.CertificateInvalidError) bool {
	e, ok := err.(x509.CertificateInvalidError)
	if ok {
		*target = e
	}
	return ok
}

func TestIssueNeedsAName(t *testing.T) {
	if _, err := newCA(t).Issue(); err == nil {
		t.Error("Issue() without names succeeded")
	}
}

func TestTLSHandshake(t *testing.T) {
	ca := newCA(t)
	leaf, err := ca.Issue("qyapi.weixin.qq.com")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello "+r.TLS.ServerName)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	srv.StartTLS()
	defer srv.Close()

	cfg := ca.ClientTLSConfig()
	cfg.ServerName = "qyapi.weixin.qq.com"
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	defer c.CloseIdleConnections()
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello qyapi.weixin.qq.com" {
		t.Errorf("body %q", body)
	}

	// The system roots do not know the CA.
	plain := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{ServerName: "qyapi.weixin.qq.com", RootCAs: x509.NewCertPool()}}}
	if _, err := plain.Get(srv.URL); err == nil {
		t.Error("a client without the CA accepted the certificate")
	}
}

func TestLoadOrCreatePersists(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "tls")
	ca, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Created() || ca.Dir() != dir || ca.CertPath() != filepath.Join(dir, CertFile) {
		t.Errorf("created %v, dir %q, cert path %q", ca.Created(), ca.Dir(), ca.CertPath())
	}
	for file, want := range map[string]os.FileMode{CertFile: 0o644, KeyFile: 0o600} {
		fi, err := os.Stat(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", file, fi.Mode().Perm(), want)
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", fi.Mode().Perm())
	}
	onDisk, _ := os.ReadFile(ca.CertPath())
	if string(onDisk) != string(ca.CertPEM()) {
		t.Error("ca.pem differs from CertPEM")
	}

	again, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created() {
		t.Error("second LoadOrCreate created a new CA")
	}
	if !again.Certificate().Equal(ca.Certificate()) {
		t.Error("second LoadOrCreate loaded another CA")
	}
	// A leaf of the reloaded CA verifies against the first one's pool: a
	// client that trusted the CA once keeps working.
	leaf, err := again.Issue("qyapi.weixin.qq.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{Roots: ca.CertPool(), DNSName: "qyapi.weixin.qq.com"}); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("dir holds %d entries, want ca.pem and ca-key.pem only", len(entries))
	}
}

func TestLoadOrCreateConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	cas := make([]*CA, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { cas[i], errs[i] = LoadOrCreate(dir) })
	}
	testwait.Group(t, &wg)
	created := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("LoadOrCreate %d: %v", i, errs[i])
		}
		if !cas[i].Certificate().Equal(cas[0].Certificate()) {
			t.Errorf("LoadOrCreate %d got another CA", i)
		}
		if cas[i].Created() {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d callers created the CA, want 1", created)
	}
}

func TestLoadOrCreateErrors(t *testing.T) {
	good := t.TempDir()
	ca, err := LoadOrCreate(good)
	if err != nil {
		t.Fatal(err)
	}
	certPEM, _ := os.ReadFile(filepath.Join(good, CertFile))
	keyPEM, _ := os.ReadFile(filepath.Join(good, KeyFile))
	other, _ := New()
	otherKey := func() []byte {
		b, _ := x509.MarshalPKCS8PrivateKey(other.key)
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: b})
	}()
	oldCert, oldKey, err := generate(time.Now().Add(-11 * 365 * 24 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		cert, key  []byte // nil: no such file
		wantSubstr string
	}{
		{"cert without key", certPEM, nil, "has no key beside it"},
		{"key of another CA", certPEM, otherKey, "does not belong"},
		{"garbage cert", []byte("hello"), keyPEM, "not a PEM certificate"},
		{"garbage key", certPEM, []byte("-----BEGIN NONSENSE-----\nAAAA\n-----END NONSENSE-----\n"), "unsupported PEM block"},
		{"not a CA", leafPEM(t, ca), keyPEM, "not a CA certificate"},
		{"expired", oldCert, oldKey, "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.cert != nil {
				os.WriteFile(filepath.Join(dir, CertFile), tt.cert, 0o644)
			}
			if tt.key != nil {
				os.WriteFile(filepath.Join(dir, KeyFile), tt.key, 0o600)
			}
			_, err := LoadOrCreate(dir)
			if err == nil || !strings.Contains(err.Error(), tt.wantSubstr) {
				t.Fatalf("err %v, want it to contain %q", err, tt.wantSubstr)
			}
			// Nothing was overwritten.
			if got, _ := os.ReadFile(filepath.Join(dir, CertFile)); tt.cert != nil && string(got) != string(tt.cert) {
				t.Error("ca.pem was replaced")
			}
		})
	}

	t.Run("key without cert", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, KeyFile), keyPEM, 0o600)
		if _, err := waitForCert(dir, 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), "no ca.pem") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("no dir", func(t *testing.T) {
		if _, err := LoadOrCreate(""); err == nil {
			t.Fatal("LoadOrCreate(\"\") succeeded")
		}
	})
	t.Run("unwritable dir", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes anywhere")
		}
		dir := t.TempDir()
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if _, err := LoadOrCreate(dir); err == nil || !strings.Contains(err.Error(), "cannot write") {
			t.Fatalf("err %v", err)
		}
	})
}

func leafPEM(t *testing.T, ca *CA) []byte {
	leaf, err := ca.Issue("localhost")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]})
}

// A CA made by other tools (an RSA key in PKCS #1, no name constraints)
// loads, and may vouch for any name.
func TestLoadForeignRSACA(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dev root"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, CertFile), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(dir, KeyFile), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
	ca, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ca.Created() || !ca.Permits("example.com") {
		t.Errorf("created %v, permits example.com %v", ca.Created(), ca.Permits("example.com"))
	}
	leaf, err := ca.Issue("example.com", "10.1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	// The leaf expires with its CA.
	if !leaf.Leaf.NotAfter.Equal(ca.Certificate().NotAfter) {
		t.Errorf("leaf NotAfter %v, CA NotAfter %v", leaf.Leaf.NotAfter, ca.Certificate().NotAfter)
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{Roots: ca.CertPool(), DNSName: "example.com"}); err != nil {
		t.Error(err)
	}
}
