// Package wecommock runs wecom-mock, the WeCom (企业微信) API emulator, in a
// container for tests, as a testcontainers-go module:
//
//	ctr, err := wecommock.Run(ctx, "wecom-mock:dev", wecommock.WithFixtures("testdata/world.yaml"))
//	defer testcontainers.TerminateContainer(ctr)
//	base, err := ctr.URL(ctx)                 // use in place of https://qyapi.weixin.qq.com
//	code, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})
//	_, err = ctr.Advance(ctx, 2*time.Hour)    // every token issued so far expires
//	ctl := ctr.Control()                      // the whole control API: faults, journal, inbox, callbacks, suites…
//	_, err = ctl.AddFault(ctx, mockctl.Fault{Path: "/cgi-bin/user/get", ErrCode: 60011, Times: 1})
//
// It needs no environment variables of its own: Run finds the address where
// the container answers, also when the tests themselves run in a container.
// On a machine that cannot pull testcontainers' reaper image (no registry),
// set TESTCONTAINERS_RYUK_DISABLED=true; Run says so when that is the
// problem.
//
// It talks to the container over HTTP only (the /_mock/ control API, through
// package mockctl), so it needs neither the server's packages nor a shell in
// the image. Build the image with `make docker` in the wecom-mock repository.
package wecommock

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// DefaultImage is the tag `make docker` builds.
const DefaultImage = "wecom-mock:dev"

// The container's ports.
const (
	HTTPPort  = "8080/tcp" // the WeCom API, /_mock/, pages; the HTTPS proxy with WithTLS
	HTTPSPort = "8443/tcp" // HTTPS for the WeCom hosts, with WithTLS
)

// fixturesDir is where fixture files go in the container.
const fixturesDir = "/fixtures"

// Container is a running wecom-mock.
type Container struct {
	testcontainers.Container
	tls bool
	at  endpoint // where its ports answer
	ctl *mockctl.Client
}

// Run starts a wecom-mock container from img (DefaultImage if empty) and
// returns once it answers GET /_mock/healthz. Options are this package's
// With* functions and any testcontainers.ContainerCustomizer. On error the
// container, if one was created, is returned too so it can be terminated.
//
// Run needs no settings of its own: it finds where the container answers
// (reach.go). Where the reaper container testcontainers starts first
// cannot be pulled, it fails at once with an error that names
// TESTCONTAINERS_RYUK_DISABLED.
func Run(ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	if img == "" {
		img = DefaultImage
	}
	var settings options
	for _, opt := range opts {
		if o, ok := opt.(Option); ok {
			if err := o(&settings); err != nil {
				return nil, fmt.Errorf("wecommock: %w", err)
			}
		}
	}
	ports := []string{HTTPPort}
	if settings.tls {
		ports = append(ports, HTTPSPort)
	}
	reach := &reachStrategy{ports: ports, timeout: 30 * time.Second, poll: 25 * time.Millisecond}
	env := map[string]string{}
	if settings.tls {
		env["WECOM_MOCK_TLS"] = "true"
	}
	if settings.token != "" {
		env[mockctl.EnvControlToken] = settings.token
	}
	modOpts := []testcontainers.ContainerCustomizer{
		testcontainers.WithExposedPorts(ports...),
		testcontainers.WithWaitStrategy(reach),
		testcontainers.WithEnv(env),
	}
	modOpts = append(modOpts, opts...)

	ctr, err := testcontainers.Run(ctx, img, modOpts...)
	var c *Container
	if ctr != nil {
		c = &Container{Container: ctr, tls: settings.tls}
	}
	if err != nil {
		return c, fmt.Errorf("wecommock: run %s: %w", img, explainReaper(err))
	}
	e, ok := reach.endpoint()
	if !ok { // a wait strategy of the caller's replaced ours
		if err := reach.WaitUntilReady(ctx, ctr); err != nil {
			return c, fmt.Errorf("wecommock: %w", err)
		}
		e, _ = reach.endpoint()
	}
	c.at = e
	base, err := c.URL(ctx)
	if err != nil {
		return c, err
	}
	c.ctl = mockctl.New(base, mockctl.WithHTTPClient(controlClient), mockctl.WithToken(settings.token))
	return c, nil
}

// options are the settings of this module that Run itself must know.
type options struct {
	tls   bool
	token string
}

// Option is a setting of this module; it also satisfies
// testcontainers.ContainerCustomizer so it mixes with generic options.
type Option func(*options) error

// Customize does nothing: Run reads Options itself.
func (o Option) Customize(*testcontainers.GenericContainerRequest) error { return nil }

// WithTLS starts the mock with --tls: it creates a CA, serves HTTPS for the
// WeCom hosts on HTTPSPort, and its HTTP port also becomes an HTTPS proxy
// for them. See CACertPEM, ProxyClient and HTTPSURL.
func WithTLS() Option {
	return func(o *options) error { o.tls = true; return nil }
}

// WithControlToken starts the mock with --control-token (as
// WECOM_MOCK_CONTROL_TOKEN): every /_mock/ call but the health check then
// needs "Authorization: Bearer <token>", which Control() and this
// package's methods send. Use it when the container's port is reachable by
// others.
func WithControlToken(token string) Option {
	return func(o *options) error { o.token = token; return nil }
}

// WithFixtures serves the world in the YAML or JSON file at path instead of
// the embedded default world. The file is copied into the container.
func WithFixtures(path string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("wecommock: fixtures: %w", err)
		}
		target := fixturesDir + "/" + filepath.Base(path)
		return addFixtureFile(req, testcontainers.ContainerFile{HostFilePath: path, ContainerFilePath: target, FileMode: 0o644}, target)
	}
}

// WithFixturesYAML serves the world given as YAML (or JSON) text.
func WithFixturesYAML(world string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		target := fixturesDir + "/world.yaml"
		return addFixtureFile(req, testcontainers.ContainerFile{Reader: strings.NewReader(world), ContainerFilePath: target, FileMode: 0o644}, target)
	}
}

func addFixtureFile(req *testcontainers.GenericContainerRequest, f testcontainers.ContainerFile, target string) error {
	if err := testcontainers.WithFiles(f).Customize(req); err != nil {
		return err
	}
	return testcontainers.WithEnv(map[string]string{"WECOM_MOCK_FIXTURES": target}).Customize(req)
}

// WithFrozenClock freezes the virtual clock: it moves only through Advance.
func WithFrozenClock() testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"WECOM_MOCK_FROZEN_CLOCK": "true"})
}

// WithPlainErrmsg drops the ", hint: [...], from ip: ..." suffix of errmsg.
func WithPlainErrmsg() testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"WECOM_MOCK_PLAIN_ERRMSG": "true"})
}

// WithLogLevel sets the log level: debug (every request), info, warn, error.
func WithLogLevel(level string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"WECOM_MOCK_LOG_LEVEL": level})
}

// URL is the base URL to use in place of https://qyapi.weixin.qq.com, e.g.
// http://localhost:32768: the address where Run found the container
// answering. The control API is under URL/_mock/.
func (c *Container) URL(context.Context) (string, error) {
	if c == nil {
		return "", errNotStarted
	}
	return c.at.url("http", HTTPPort)
}

// HTTPSURL is the mock's HTTPS listener (WithTLS only). Its certificate names
// the WeCom hosts, localhost and 127.0.0.1, so a client either connects to it
// as one of the WeCom hosts (see ProxyClient for the simpler way) or as
// https://localhost:port.
func (c *Container) HTTPSURL(context.Context) (string, error) {
	if !c.tls {
		return "", errNoTLS
	}
	return c.at.url("https", HTTPSPort)
}

var errNoTLS = errors.New("wecommock: the container was started without WithTLS")

// CACertPEM is the certificate of the container's CA (WithTLS only), the one
// a client must trust to reach the mock as https://qyapi.weixin.qq.com.
func (c *Container) CACertPEM(ctx context.Context) ([]byte, error) {
	if !c.tls {
		return nil, errNoTLS
	}
	ctl, err := c.control()
	if err != nil {
		return nil, err
	}
	pem, err := ctl.CACertPEM(ctx)
	return pem, controlErr(err)
}

// HTTPClient returns a client that sends requests for the WeCom hosts
// (https://qyapi.weixin.qq.com/..., open.weixin.qq.com, login.work.weixin.qq.com,
// open.work.weixin.qq.com) to the container over plain HTTP, and everything
// else out as usual: for Go SDKs that take an *http.Client but hard-code
// WeCom's URLs.
func (c *Container) HTTPClient(ctx context.Context) (*http.Client, error) {
	base, err := c.URL(ctx)
	if err != nil {
		return nil, err
	}
	return &http.Client{Transport: newRewriteTransport(base)}, nil
}

// ProxyClient returns a client that uses the container as its HTTPS proxy
// and trusts only the container's CA (WithTLS only): requests for the WeCom
// hosts travel over real TLS to the mock, exactly as an app run with
// HTTPS_PROXY and the CA installed; requests for other hosts are refused by
// the mock with 403.
func (c *Container) ProxyClient(ctx context.Context) (*http.Client, error) {
	pemBytes, err := c.CACertPEM(ctx)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, errors.New("wecommock: /_mock/ca.pem holds no certificate")
	}
	proxy, err := c.URL(ctx)
	if err != nil {
		return nil, err
	}
	return &http.Client{Transport: newProxyTransport(proxy, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})}, nil
}
