// Package tlsca is wecom-mock's local certificate authority: a self-signed
// ECDSA P-256 CA that issues the server certificates with which the mock
// answers as qyapi.weixin.qq.com and the other WeCom hosts, so that an
// unmodified application that trusts the CA reaches the mock over real TLS.
//
// LoadOrCreate keeps the CA in a directory (ca.pem and ca-key.pem), so a CA
// trusted once keeps working across restarts; New makes a throwaway one in
// memory, for tests.
//
// The CA is name-constrained: it can vouch only for names under
// weixin.qq.com, for localhost and for loopback addresses. Trusting it, even
// system-wide, cannot let whoever copies its key impersonate any other site.
//
// Certificate validity is real time, not the mock's virtual clock.
package tlsca

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The files LoadOrCreate keeps in its directory.
const (
	CertFile = "ca.pem"     // the CA certificate, PEM: what clients trust
	KeyFile  = "ca-key.pem" // its private key, PEM PKCS #8, mode 0600
)

// Lifetimes of what the CA creates.
const (
	caLifetime   = 10 * 365 * 24 * time.Hour
	leafLifetime = 397 * 24 * time.Hour // the longest any browser accepts
	backdate     = time.Hour            // tolerate clocks a little behind
)

// permittedDomains are the DNS names a CA made by this package may vouch for
// (each with all its subdomains); permittedIPRanges the addresses.
func permittedDomains() []string { return []string{"weixin.qq.com", "localhost"} }

func permittedIPRanges() []*net.IPNet {
	return []*net.IPNet{
		{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)},
		{IP: net.IPv6loopback, Mask: net.CIDRMask(128, 128)},
	}
}

// CA is a certificate authority that issues TLS server certificates. It is
// safe for concurrent use.
type CA struct {
	cert    *x509.Certificate
	certPEM []byte
	key     crypto.Signer
	dir     string // "" for a CA in memory
	created bool
}

// New makes a fresh CA in memory, for tests.
func New() (*CA, error) {
	certPEM, keyPEM, err := generate(time.Now())
	if err != nil {
		return nil, err
	}
	ca, err := parse(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	ca.created = true
	return ca, nil
}

// LoadOrCreate loads the CA kept in dir, or creates one there (and dir, mode
// 0700) if dir holds none. Two processes that call it at once on an empty
// dir end up with the same CA. A CA that is damaged, expired, or whose key
// does not match its certificate is an error naming the file at fault, never
// silently replaced: a trusted CA must not change behind its users' back.
func LoadOrCreate(dir string) (*CA, error) {
	if dir == "" {
		return nil, errors.New("tlsca: no directory for the CA")
	}
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	ca, err := load(dir)
	if !errors.Is(err, fs.ErrNotExist) {
		return ca, err
	}
	if _, kerr := os.Stat(keyPath); kerr == nil {
		// Another process is creating the CA (the key is written first),
		// or one crashed half-way.
		return waitForCert(dir, createWait)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tlsca: cannot create the CA directory: %w", err)
	}
	certPEM, keyPEM, err := generate(time.Now())
	if err != nil {
		return nil, err
	}
	// The key file is created exclusively: whoever creates it makes the CA,
	// everyone else waits for its certificate.
	kf, err := os.OpenFile(keyPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return waitForCert(dir, createWait)
	}
	if err != nil {
		return nil, fmt.Errorf("tlsca: cannot write the CA key: %w", err)
	}
	if _, err = kf.Write(keyPEM); err == nil {
		err = kf.Sync()
	}
	if cerr := kf.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = writeFileAtomic(certPath, certPEM, 0o644)
	}
	if err != nil {
		_ = os.Remove(keyPath)
		return nil, fmt.Errorf("tlsca: cannot write the CA: %w", err)
	}
	ca, err = parse(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	ca.dir, ca.created = dir, true
	return ca, nil
}

// load reads the CA in dir; fs.ErrNotExist if there is no certificate.
func load(dir string) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("tlsca: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("tlsca: %s has no key beside it (%s): restore the key, or delete %s to create a new CA (which clients must then trust again)",
			certPath, KeyFile, certPath)
	}
	if err != nil {
		return nil, fmt.Errorf("tlsca: %w", err)
	}
	ca, err := parse(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s; delete %s and %s to create a new CA)", err, dir, CertFile, KeyFile)
	}
	if now := time.Now(); now.After(ca.cert.NotAfter) {
		return nil, fmt.Errorf("tlsca: the CA in %s expired on %s: delete %s and %s to create a new one (and trust it again)",
			dir, ca.cert.NotAfter.Format(time.DateOnly), CertFile, KeyFile)
	}
	ca.dir = dir
	return ca, nil
}

// createWait is how long LoadOrCreate waits for another process to finish
// writing a CA it has begun.
const createWait = 3 * time.Second

// waitForCert waits up to wait for a concurrent LoadOrCreate to finish
// writing the CA.
func waitForCert(dir string, wait time.Duration) (*CA, error) {
	deadline := time.Now().Add(wait)
	for {
		ca, err := load(dir)
		if !errors.Is(err, fs.ErrNotExist) {
			return ca, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("tlsca: %s holds %s but no %s: delete the key to create a new CA",
				dir, KeyFile, CertFile)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// generate makes a new name-constrained CA: certificate and PKCS #8 key, PEM.
func generate(now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("tlsca: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			Organization: []string{"wecom-mock"},
			// Distinct names tell apart CAs made on different days or
			// machines in a trust store.
			CommonName: fmt.Sprintf("wecom-mock local CA %s %s", now.UTC().Format(time.DateOnly), hex.EncodeToString(serial.Bytes()[:3])),
		},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caLifetime),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		PermittedDNSDomains:   permittedDomains(),
		PermittedIPRanges:     permittedIPRanges(),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("tlsca: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("tlsca: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), nil
}

func randomSerial() (*big.Int, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("tlsca: %w", err)
	}
	// At least 3 bytes, for the CA's name.
	return serial.SetBit(serial, 126, 1), nil
}

// parse reads a CA certificate and its key. Keys may be PKCS #8 (what this
// package writes), SEC 1 EC or PKCS #1 RSA, so a CA made by other tools
// loads too.
func parse(certPEM, keyPEM []byte) (*CA, error) {
	cb, _ := pem.Decode(certPEM)
	if cb == nil || cb.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("tlsca: %s is not a PEM certificate", CertFile)
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("tlsca: %s: %w", CertFile, err)
	}
	if !cert.IsCA || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, fmt.Errorf("tlsca: %s is not a CA certificate", CertFile)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, fmt.Errorf("tlsca: %s is not a PEM private key", KeyFile)
	}
	key, err := parseKey(kb)
	if err != nil {
		return nil, fmt.Errorf("tlsca: %s: %w", KeyFile, err)
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, fmt.Errorf("tlsca: %s does not belong to %s", KeyFile, CertFile)
	}
	return &CA{cert: cert, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), key: key}, nil
}

func parseKey(b *pem.Block) (crypto.Signer, error) {
	var (
		k   any
		err error
	)
	switch b.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(b.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
	default:
		return nil, fmt.Errorf("unsupported PEM block %q", b.Type)
	}
	if err != nil {
		return nil, err
	}
	switch k := k.(type) {
	case *ecdsa.PrivateKey:
		return k, nil
	case *rsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, fmt.Errorf("unsupported key type %T", k)
}

// Created reports whether this CA was just made (by New, or by LoadOrCreate
// on an empty directory): no client trusts it yet.
func (ca *CA) Created() bool { return ca.created }

// Dir is the directory the CA is kept in; "" for a CA in memory.
func (ca *CA) Dir() string { return ca.dir }

// CertPath is the file of the CA certificate clients should trust; "" for a
// CA in memory.
func (ca *CA) CertPath() string {
	if ca.dir == "" {
		return ""
	}
	return filepath.Join(ca.dir, CertFile)
}

// CertPEM is the CA certificate, PEM-encoded.
func (ca *CA) CertPEM() []byte { return bytes.Clone(ca.certPEM) }

// Certificate is the CA certificate.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// CertPool is a pool holding only the CA certificate.
func (ca *CA) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// ClientTLSConfig is a client configuration that trusts only this CA.
func (ca *CA) ClientTLSConfig() *tls.Config {
	return &tls.Config{RootCAs: ca.CertPool(), MinVersion: tls.VersionTLS12}
}

// Permits reports whether the CA may vouch for name (a DNS name or an IP
// address): whether a certificate it issues for name passes verification.
func (ca *CA) Permits(name string) bool {
	if ip := net.ParseIP(name); ip != nil {
		if len(ca.cert.PermittedIPRanges) == 0 {
			return true
		}
		for _, r := range ca.cert.PermittedIPRanges {
			if r.Contains(ip) {
				return true
			}
		}
		return false
	}
	if len(ca.cert.PermittedDNSDomains) == 0 {
		return true
	}
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	for _, d := range ca.cert.PermittedDNSDomains {
		d = strings.ToLower(d)
		if strings.HasPrefix(d, ".") {
			if strings.HasSuffix(name, d) {
				return true
			}
			continue
		}
		if name == d || strings.HasSuffix(name, "."+d) {
			return true
		}
	}
	return false
}

// Issue makes a server certificate for names (DNS names or IP addresses),
// with a fresh ECDSA P-256 key, valid from an hour ago for 397 days (or
// until the CA expires, if sooner).
func (ca *CA) Issue(names ...string) (tls.Certificate, error) {
	if len(names) == 0 {
		return tls.Certificate{}, errors.New("tlsca: a certificate needs at least one name")
	}
	tmpl := &x509.Certificate{
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, n := range names {
		if !ca.Permits(n) {
			return tls.Certificate{}, fmt.Errorf("tlsca: %q is outside what the CA may vouch for (%s)", n, ca.scope())
		}
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	tmpl.Subject = pkix.Name{Organization: []string{"wecom-mock"}, CommonName: names[0]}
	now := time.Now()
	tmpl.NotBefore = now.Add(-backdate)
	tmpl.NotAfter = now.Add(leafLifetime)
	if tmpl.NotAfter.After(ca.cert.NotAfter) {
		tmpl.NotAfter = ca.cert.NotAfter
	}
	serial, err := randomSerial()
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl.SerialNumber = serial
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("tlsca: %w", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("tlsca: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("tlsca: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

func (ca *CA) scope() string {
	var parts []string
	parts = append(parts, ca.cert.PermittedDNSDomains...)
	for _, r := range ca.cert.PermittedIPRanges {
		parts = append(parts, r.String())
	}
	if len(parts) == 0 {
		return "any name"
	}
	return strings.Join(parts, ", ")
}
