package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func runServe(args []string, stdout, stderr io.Writer, getenv func(string) string, sig signalFunc) error {
	cfg, err := loadServeConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	logger.Debug("config", "addr", cfg.Addr, "fixtures", cfg.Fixtures, "log_level", cfg.LogLevel,
		"journal_size", cfg.JournalSize, "frozen_clock", cfg.FrozenClock, "plain_errmsg", cfg.PlainErrmsg)

	world, source, err := loadWorld(cfg.Fixtures, cfg.MaxFixturesSize)
	if err != nil {
		return err
	}
	opts := []mockserver.Option{
		mockserver.WithLogger(logger),
		mockserver.WithJournalSize(cfg.JournalSize),
		mockserver.WithMaxFixturesSize(cfg.MaxFixturesSize),
		mockserver.WithControlToken(cfg.ControlToken),
		mockserver.WithAllowedHosts(splitList(cfg.AllowedHosts)...),
	}
	if world != nil { // nil: the default world, shared and checked once
		opts = append(opts, mockserver.WithFixtures(world))
	}
	if cfg.FrozenClock {
		opts = append(opts, mockserver.WithFrozenClock())
	}
	if cfg.PlainErrmsg {
		opts = append(opts, mockserver.WithPlainErrmsg())
	}
	if cfg.Limits == fixtures.LimitsReal {
		opts = append(opts, mockserver.WithRealLimits())
	}
	var restored *mockserver.StateFile
	if cfg.State != "" {
		if restored, err = readState(cfg.State); err != nil {
			return err
		}
		if restored != nil {
			opts = append(opts, restored.Options(time.Now)...)
			source = "state file " + cfg.State
		}
	}
	tlsSrv, err := setupTLS(cfg, logger)
	if err != nil {
		return err
	}
	opts = append(opts, tlsSrv.options()...)
	srv, err := mockserver.New(opts...)
	if err != nil {
		return fmt.Errorf("wecom-mock serve: %w", err)
	}

	if restored != nil {
		n := srv.RestoreState(restored)
		logger.Info("state restored", "file", cfg.State, "now", srv.Now(), "tokens", n)
	}
	var state *stateWriter
	if cfg.State != "" {
		if state, err = startStateWriter(srv, cfg.State, stateInterval, logger); err != nil {
			return fmt.Errorf("wecom-mock serve: --state: %w", err)
		}
		defer func() { // an early return: stop the writer
			if state != nil {
				_ = state.stop()
			}
		}()
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return listenError(cfg.Addr, err)
	}
	// Stop on a signal; a context that is already done (a test's, or a signal
	// during start-up) still shuts down cleanly below.
	ctx, stop := sig(context.Background())
	defer stop()
	if err := srv.Serve(ln); err != nil {
		_ = ln.Close()
		return fmt.Errorf("wecom-mock serve: %w", err)
	}
	if err := tlsSrv.start(srv, logger); err != nil {
		_ = srv.Close()
		return err
	}
	logger.Info("listening", "addr", ln.Addr().String(), "fixtures", source)
	cat := srv.Catalog()
	printBanner(stdout, bannerInfo{
		url:       srv.URL(),
		source:    source,
		world:     srv.Fixtures(),
		frozen:    cfg.FrozenClock,
		limits:    srv.Limits().Enabled,
		endpoints: len(cat.Endpoints),
		stateful:  cat.Counts[mockctl.StatusStateful],
		token:     cfg.ControlToken != "",
		container: inContainer(),
	})
	tlsSrv.printBanner(stdout, srv)

	<-ctx.Done()
	stop() // a second Ctrl-C now kills the process the default way
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil { // the HTTPS listener too
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("wecom-mock serve: shutdown: %w", err)
		}
		// A stalled upload or a client that stopped reading: a stop asked
		// for is still a clean stop once the grace period is over.
		logger.Warn("grace period over: cut off the requests still in flight", "timeout", cfg.ShutdownTimeout)
	}
	if state != nil {
		err := state.stop()
		state = nil
		if err != nil {
			return fmt.Errorf("wecom-mock serve: saving --state: %w", err)
		}
	}
	logger.Info("stopped")
	return nil
}

// loadWorld reads the fixture file (at most max bytes), or nil for the
// embedded default world if path is empty, and says which one it was.
func loadWorld(path string, max int64) (*fixtures.World, string, error) {
	if path == "" {
		return nil, "embedded default world", nil
	}
	w, err := fixtures.LoadFileMax(path, max)
	if err != nil {
		return nil, "", fixtureError(path, err)
	}
	return w, path, nil
}

// fixtureError puts each problem of an invalid fixture file on its own line.
func fixtureError(path string, err error) error {
	var problems []error
	for e := err; e != nil; e = errors.Unwrap(e) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			problems = j.Unwrap()
			break
		}
	}
	if len(problems) < 2 {
		return fmt.Errorf("wecom-mock serve: cannot load fixtures: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "wecom-mock serve: cannot load fixtures: %s has %d problems:", path, len(problems))
	for _, p := range problems {
		fmt.Fprintf(&b, "\n  - %v", p)
	}
	return &messageError{msg: b.String(), err: err}
}

// messageError is err told in other words.
type messageError struct {
	msg string
	err error
}

func (e *messageError) Error() string { return e.msg }
func (e *messageError) Unwrap() error { return e.err }

// listenError explains a failed listen, above all the common "port taken".
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("wecom-mock serve: cannot listen on %s: the address is already in use "+
			"(another wecom-mock, or another server?); choose another port with --addr or %s", addr, envName("addr"))
	}
	return fmt.Errorf("wecom-mock serve: cannot listen on %s: %w", addr, err)
}

type bannerInfo struct {
	url    string // as bound: http://127.0.0.1:41234, http://0.0.0.0:8080, http://[::]:8080
	source string
	world  *fixtures.World
	frozen bool
	limits bool // WeCom's frequency limits are on
	// endpoints and stateful count the catalog's endpoints and those the
	// mock models with state.
	endpoints, stateful int
	token               bool // the control API wants --control-token
	// container is set when the process runs in a container (inContainer):
	// a wildcard address is then the container's, not the host's.
	container bool
}

// inContainer reports whether the process runs in a Docker or Podman
// container, which create these files in every container they start.
func inContainer() bool {
	for _, f := range []string{"/.dockerenv", "/run/.containerenv"} {
		if _, err := os.Stat(f); err == nil {
			return true
		}
	}
	return false
}

// printBanner tells a newcomer where the server is, what it serves, and how
// to call it right now. It is written in one piece, so a reader of out never
// sees half a banner.
func printBanner(out io.Writer, b bannerInfo) {
	var w strings.Builder
	writeBanner(&w, b)
	_, _ = io.WriteString(out, w.String())
}

func writeBanner(w *strings.Builder, b bannerInfo) {
	base := localURL(b.url)
	c := b.world.Count()
	switch {
	case base != b.url && b.container:
		// 127.0.0.1 here is the container's own loopback: a caller on the
		// host uses whatever host port the container's port is published on.
		_, port, _ := net.SplitHostPort(strings.TrimPrefix(b.url, "http://"))
		fmt.Fprintf(w, "wecom-mock %s listening on %s inside its container\n", versionString(), b.url)
		fmt.Fprintf(w, "  from the host: the host port that container port %s is published on (`docker port CONTAINER %s`;\n", port, port)
		fmt.Fprintf(w, "  testcontainers: ctr.URL()); the URLs below are for docker run -p 127.0.0.1:%s:%s\n", port, port)
	case base != b.url:
		fmt.Fprintf(w, "wecom-mock %s listening on %s\n", versionString(), base)
		fmt.Fprintf(w, "  (bound to %s: every interface)\n", strings.TrimPrefix(b.url, "http://"))
	default:
		fmt.Fprintf(w, "wecom-mock %s listening on %s\n", versionString(), base)
	}
	writeControlExposure(w, b)
	fmt.Fprintf(w, "  fixtures  %s: %s, %s, %s\n", b.source,
		plural(c.Corps, "corp"), plural(c.Apps, "app"), plural(c.Members, "member"))
	if b.frozen {
		fmt.Fprintln(w, "  clock     frozen; move it with POST /_mock/clock/advance")
	}
	if b.limits {
		fmt.Fprintln(w, "  limits    WeCom's frequency limits and sending quotas are on; counters at GET /_mock/limits")
	}
	if len(b.world.Corps) == 0 {
		return
	}
	corp := b.world.Corps[0]
	fmt.Fprintf(w, "\nDefault credentials (corp %q):\n", corp.Name)
	fmt.Fprintf(w, "  corpid           %s\n", corp.CorpID)
	for _, a := range corp.Apps {
		fmt.Fprintf(w, "  agentid %-8d secret %s  (%s", a.AgentID, a.Secret, a.Name)
		if a.MiniProgram != nil {
			fmt.Fprintf(w, ", mini program %s", a.MiniProgram.AppID)
		}
		fmt.Fprintln(w, ")")
	}
	if corp.ContactsSecret != "" {
		fmt.Fprintf(w, "  contacts secret  %s\n", corp.ContactsSecret)
	}
	if more := len(b.world.Corps) - 1; more > 0 {
		fmt.Fprintf(w, "  (%s: curl %s)\n", plural(more, "more corp"), shellQuote(base+"/_mock/fixtures"))
	}

	if len(corp.Apps) > 0 {
		q := url.Values{"corpid": {corp.CorpID}, "corpsecret": {corp.Apps[0].Secret}}
		fmt.Fprintf(w, "\nGet an access token:\n  curl %s\n", shellQuote(base+"/cgi-bin/gettoken?"+q.Encode()))
	}
	if app, ok := miniProgramApp(corp); ok && len(corp.Members) > 0 {
		body, _ := json.Marshal(struct {
			CorpID  string `json:"corpid"`
			AgentID int    `json:"agentid"`
			UserID  string `json:"userid"`
		}{corp.CorpID, app.AgentID, corp.Members[0].UserID})
		fmt.Fprintf(w, "Mint a mini-program login code (wx.qy.login) for %s:\n  curl -X POST %s -H 'Content-Type: application/json' -d %s\n",
			corp.Members[0].UserID, shellQuote(base+"/_mock/codes"), shellQuote(string(body)))
	}
	fmt.Fprintf(w, "\nWeCom API: %d endpoints (%d stateful); list them with `wecom-mock endpoints` or %s/_mock/catalog\n",
		b.endpoints, b.stateful, base)
	fmt.Fprintf(w, "Control API: %s/_mock/state   Stop: Ctrl-C\n", base)
}

// writeControlExposure says plainly who can use the control API: anyone
// who reaches a port bound beyond loopback can read every secret, log in as
// anyone and wipe the world unless a control token is set.
func writeControlExposure(w *strings.Builder, b bannerInfo) {
	switch {
	case b.token:
		fmt.Fprintln(w, "  control   /_mock/ needs the control token: Authorization: Bearer $WECOM_MOCK_CONTROL_TOKEN; dashboard: /_mock/ui/?token=...")
	case !loopbackURL(b.url):
		fmt.Fprintln(w, "  WARNING   the control API (/_mock/) is OPEN TO THE NETWORK: anyone who reaches this port can read every")
		fmt.Fprintln(w, "            secret, log in as anyone and wipe the world. Set WECOM_MOCK_CONTROL_TOKEN, or bind 127.0.0.1")
		fmt.Fprintln(w, "            (docker run -p 127.0.0.1:8080:8080).")
	}
}

// loopbackURL reports whether u is bound to a loopback address only.
func loopbackURL(u string) bool {
	host, _, err := net.SplitHostPort(strings.TrimPrefix(u, "http://"))
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func miniProgramApp(c fixtures.Corp) (fixtures.App, bool) {
	for _, a := range c.Apps {
		if a.MiniProgram != nil {
			return a, true
		}
	}
	return fixtures.App{}, false
}

// localURL turns a wildcard listen address into one a local curl can reach.
func localURL(u string) string {
	host, port, err := net.SplitHostPort(strings.TrimPrefix(u, "http://"))
	if err != nil {
		return u
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return "http://" + net.JoinHostPort("127.0.0.1", port)
	}
	return u
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// shellQuote quotes s for POSIX shells, so the printed commands paste as is.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
