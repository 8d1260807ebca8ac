package wecommock_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dockerclient "github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/docker/wecommock"
)

// Credentials of the default world (fixtures/default.yaml).
const (
	corpID    = "wwmockcorp000001"
	appSecret = "mock-app-secret"
	agentID   = 1000002
)

// containerTimeout bounds each test's use of Docker.
const containerTimeout = 2 * time.Minute

func TestMain(m *testing.M) {
	// Ryuk, the reaper container, would have to be pulled; tests terminate
	// their containers themselves. (Nothing else is set: Run finds where
	// the container answers by itself.)
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	os.Exit(m.Run())
}

// image returns the image under test (WECOM_MOCK_IMAGE, or wecom-mock:dev)
// once it knows Docker is reachable and has the image. Otherwise it skips
// the test, or fails it under WECOM_MOCK_REQUIRE_DOCKER=1 (as in CI), where
// container tests must run.
func image(t *testing.T) string {
	t.Helper()
	img := os.Getenv("WECOM_MOCK_IMAGE")
	if img == "" {
		img = wecommock.DefaultImage
	}
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := "container test not run: " + strings.TrimSpace(fmt.Sprintf(format, args...))
		if os.Getenv("WECOM_MOCK_REQUIRE_DOCKER") == "1" {
			t.Fatal(msg + " (WECOM_MOCK_REQUIRE_DOCKER=1: container tests must run)")
		}
		t.Skip(msg + " (set WECOM_MOCK_REQUIRE_DOCKER=1 to make this an error)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cli, err := newDockerClient(ctx)
	if err != nil {
		unavailable("no Docker engine reachable: %v", err)
		return ""
	}
	defer cli.Close()
	if _, err := cli.ImageInspect(ctx, img); err != nil {
		unavailable("image %s not found (build it with `make docker`): %v", img, err)
	}
	return img
}

// newDockerClient connects to the Docker engine testcontainers would use and
// pings it. (testcontainers panics in some setups without Docker.)
func newDockerClient(ctx context.Context) (cli *testcontainers.DockerClient, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	cli, err = testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := cli.Ping(ctx, dockerclient.PingOptions{}); err != nil {
		_ = cli.Close()
		return nil, err
	}
	return cli, nil
}

// run starts a container for the test and terminates it when the test ends.
func run(t *testing.T, ctx context.Context, opts ...testcontainers.ContainerCustomizer) *wecommock.Container {
	t.Helper()
	img := image(t)
	opts = append([]testcontainers.ContainerCustomizer{testcontainers.WithLogger(tclog.TestLogger(t))}, opts...)
	ctr, err := wecommock.Run(ctx, img, opts...)
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

func TestImage(t *testing.T) {
	img := image(t)
	ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
	defer cancel()
	cli, err := newDockerClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	info, err := cli.ImageInspect(ctx, img)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("image %s: %.1f MB", img, float64(info.Size)/1e6)
	if info.Size >= 20_000_000 {
		t.Errorf("image is %d bytes, want under 20 MB", info.Size)
	}
	cfg := info.Config
	if cfg == nil {
		t.Fatal("image has no config")
	}
	if hc := cfg.Healthcheck; hc == nil || !slices.Equal(hc.Test, []string{"CMD", "/wecom-mock", "healthcheck"}) {
		t.Errorf("HEALTHCHECK %+v, want CMD /wecom-mock healthcheck", hc)
	}
	if cfg.User == "" || cfg.User == "root" || strings.HasPrefix(cfg.User, "0") {
		t.Errorf("image runs as %q, want a non-root user", cfg.User)
	}
	if !slices.Equal(cfg.Entrypoint, []string{"/wecom-mock"}) {
		t.Errorf("ENTRYPOINT %v", cfg.Entrypoint)
	}
	for _, p := range []string{"8080/tcp", "8443/tcp"} {
		if _, ok := cfg.ExposedPorts[p]; !ok {
			t.Errorf("port %s not exposed: %v", p, cfg.ExposedPorts)
		}
	}
	if !slices.Contains(cfg.Env, "WECOM_MOCK_ADDR=0.0.0.0:8080") {
		t.Errorf("env %v lacks WECOM_MOCK_ADDR=0.0.0.0:8080", cfg.Env)
	}
}

// TestMiniProgramFlow is the whole mini-program login, done by our client
// against the container, with the start-up time measured.
func TestMiniProgramFlow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
	defer cancel()
	begin := time.Now()
	ctr := run(t, ctx)
	ready := time.Now()
	reportStartup(t, ctx, ctr, begin, ready)

	base, err := ctr.URL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, err := ctr.MintCode(ctx, wecommock.CodeRequest{Kind: "miniprogram", CorpID: corpID, AgentID: agentID, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	if code.Code == "" || code.ExpiresIn != 300 {
		t.Errorf("minted %+v", code)
	}

	c := client.New(corpID, appSecret, client.WithBaseURL(base))
	sess, err := c.Code2Session(ctx, code.Code)
	if err != nil {
		t.Fatal(err)
	}
	if sess.CorpID != corpID || sess.UserID != "zhangsan" || sess.SessionKey == "" {
		t.Fatalf("session %+v", sess)
	}
	u, err := c.GetUser(ctx, sess.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "张三" {
		t.Errorf("user %+v", u)
	}
	// Codes are single use.
	if _, err := c.Code2Session(ctx, code.Code); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("reused code: %v, want 40029", err)
	}
	// Codes live 5 minutes of virtual time.
	late, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	now, err := ctr.Advance(ctx, 5*time.Minute+time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if now.Before(before.Add(5 * time.Minute)) {
		t.Errorf("virtual time after Advance: %v", now)
	}
	if _, err := c.Code2Session(ctx, late.Code); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("expired code: %v, want 40029", err)
	}
	// Control API mistakes come back as *ControlError.
	_, err = ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "nobody"})
	var ce *wecommock.ControlError
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound || !strings.Contains(ce.Message, "nobody") {
		t.Errorf("minting for an unknown member: %v", err)
	}
	if err := ctr.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	if sess, err := c.Code2Session(ctx, fresh.Code); err != nil || sess.UserID != "zhangsan" {
		t.Errorf("after Reset: %+v, %v", sess, err)
	}
}

// reportStartup logs how long the container took to answer /_mock/healthz
// and to be reported healthy by Docker (the image's HEALTHCHECK), and fails
// if Docker's health comes too late.
func reportStartup(t *testing.T, ctx context.Context, ctr *wecommock.Container, begin, ready time.Time) {
	t.Helper()
	info, err := ctr.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	started, err := time.Parse(time.RFC3339Nano, info.State.StartedAt)
	if err != nil {
		t.Fatal(err)
	}
	// Wait (bounded) for Docker's own health status.
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err = ctr.Inspect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h := info.State.Health; h != nil && h.Status == "healthy" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Docker did not report the container healthy within 10 s: %+v", info.State.Health)
		}
		time.Sleep(25 * time.Millisecond)
	}
	var healthyAt time.Time
	for _, l := range info.State.Health.Log {
		if l.ExitCode == 0 {
			healthyAt = l.End
			break
		}
	}
	t.Logf("start-up: Run returned after %v; container start → /_mock/healthz answering: %v; container start → Docker healthy (HEALTHCHECK): %v",
		ready.Sub(begin).Round(time.Millisecond), ready.Sub(started).Round(time.Millisecond), healthyAt.Sub(started).Round(time.Millisecond))
	if d := healthyAt.Sub(started); d > 3*time.Second {
		t.Errorf("Docker reported healthy %v after start, want about half a second", d)
	}
}

const customWorld = `
corps:
  - corpid: wwtestcorp
    name: Test Corp
    contacts_secret: test-contacts
    apps:
      - agentid: 1000005
        name: Portal
        secret: test-portal
        visible: {departments: [1]}
        trusted_domains: [localhost]
        miniprogram: {appid: wxtestportal}
    departments:
      - {id: 1, name: Test Corp, parentid: 0}
    members:
      - {userid: alice, name: Alice, department: [1]}
`

func TestFixtures(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(file, []byte(customWorld), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, opt := range map[string]testcontainers.ContainerCustomizer{
		"WithFixturesYAML": wecommock.WithFixturesYAML(customWorld),
		"WithFixtures":     wecommock.WithFixtures(file),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
			defer cancel()
			ctr := run(t, ctx, opt, wecommock.WithFrozenClock())
			base, err := ctr.URL(ctx)
			if err != nil {
				t.Fatal(err)
			}
			code, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: "wwtestcorp", AgentID: 1000005, UserID: "alice"})
			if err != nil {
				t.Fatal(err)
			}
			c := client.New("wwtestcorp", "test-portal", client.WithBaseURL(base))
			sess, err := c.Code2Session(ctx, code.Code)
			if err != nil || sess.UserID != "alice" {
				t.Fatalf("session %+v, %v", sess, err)
			}
			// The default world is not loaded.
			if _, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "zhangsan"}); err == nil {
				t.Error("the default corp exists beside the fixtures")
			}
			// The clock is frozen: time moves only through Advance.
			var clock struct {
				Now    time.Time `json:"now"`
				Frozen bool      `json:"frozen"`
			}
			getJSON(t, base+"/_mock/clock", &clock)
			if !clock.Frozen {
				t.Error("WithFrozenClock: clock not frozen")
			}
		})
	}
}

func TestRunOptionErrors(t *testing.T) {
	_, err := wecommock.Run(context.Background(), "", wecommock.WithFixtures(filepath.Join(t.TempDir(), "missing.yaml")))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing fixture file: %v", err)
	}
}

// TestTLS reaches the container as https://qyapi.weixin.qq.com: through its
// HTTPS proxy, trusting only its CA, with our client and its default base
// URL, as an app with a hard-coded URL would.
func TestTLS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
	defer cancel()
	ctr := run(t, ctx, wecommock.WithTLS())

	hc, err := ctr.ProxyClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hc.CloseIdleConnections()
	code, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(corpID, appSecret, client.WithHTTPClient(hc)) // no base URL: https://qyapi.weixin.qq.com
	sess, err := c.Code2Session(ctx, code.Code)
	if err != nil {
		t.Fatal(err)
	}
	if sess.UserID != "zhangsan" {
		t.Errorf("session %+v", sess)
	}
	if u, err := c.GetUser(ctx, "zhangsan"); err != nil || u.Name != "张三" {
		t.Errorf("GetUser over TLS: %+v, %v", u, err)
	}

	res, err := hc.Get("https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=" + corpID + "&corpsecret=" + appSecret)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.TLS == nil || res.TLS.ServerName != "qyapi.weixin.qq.com" {
		t.Errorf("gettoken not over TLS: %+v", res.TLS)
	}
	// The proxy refuses every other host.
	if _, err := hc.Get("https://example.com/"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("example.com through the container's proxy: %v, want 403", err)
	}

	// The HTTPS listener, as https://localhost:port (its certificate names
	// localhost and 127.0.0.1 too).
	pemBytes, err := ctr.CACertPEM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	httpsURL, err := ctr.HTTPSURL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	direct := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	defer direct.CloseIdleConnections()
	res, err = direct.Get(httpsURL + "/_mock/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("HTTPS healthz: %d", res.StatusCode)
	}

	// The rewriting client: plain HTTP to the container, hard-coded URL.
	rw, err := ctr.HTTPClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	getJSONWith(t, rw, "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+appSecret, &tok)
	if tok.ErrCode != 0 || tok.AccessToken == "" {
		t.Errorf("gettoken through HTTPClient: %+v", tok)
	}
}

func TestWithoutTLS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
	defer cancel()
	ctr := run(t, ctx)
	if _, err := ctr.CACertPEM(ctx); err == nil {
		t.Error("CACertPEM without WithTLS succeeded")
	}
	if _, err := ctr.ProxyClient(ctx); err == nil {
		t.Error("ProxyClient without WithTLS succeeded")
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	getJSONWith(t, http.DefaultClient, u, v)
}

func getJSONWith(t *testing.T, c *http.Client, u string, v any) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %q", u, err, body)
	}
}
