package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// envPrefix starts the name of every environment variable the binary reads.
const envPrefix = "WECOM_MOCK_"

// envName is the variable that sets a flag's default: --journal-size is read
// from WECOM_MOCK_JOURNAL_SIZE.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// defaultShutdownTimeout is how long in-flight requests get to finish after
// SIGINT or SIGTERM (docker stop waits 10 s before SIGKILL); then they are
// cut off. maxShutdownTimeout keeps a typo from making stop hang.
const (
	defaultShutdownTimeout = 8 * time.Second
	maxShutdownTimeout     = 10 * time.Minute
)

// maxJournalSize bounds --journal-size: the journal allocates its ring up
// front, so a stray extra zero should be an error, not an out-of-memory kill.
const maxJournalSize = 1_000_000

// serveConfig is everything serve is told by flags and the environment.
type serveConfig struct {
	Addr        string     // listen address, host:port (port 0 picks one)
	Fixtures    string     // fixture file; "" serves the embedded default world
	LogLevel    slog.Level // slog level of the text log on stderr
	JournalSize int        // requests the journal keeps
	FrozenClock bool       // virtual clock moves only through /_mock/clock/advance
	PlainErrmsg bool       // errmsg without WeCom's ", hint: [...]" suffix
	Limits      string     // "real": WeCom's frequency limits (docs/limits.md); "" or "off": none
	TLS         bool       // interception of the WeCom hosts: local CA, CONNECT proxy, HTTPS (tls.go)
	TLSAddr     string     // listen address of the direct HTTPS listener; "" for none
	TLSDir      string     // directory of the CA; "" for the user cache directory
	State       string     // state file kept across restarts (state.go); "" for none

	ShutdownTimeout time.Duration // grace period of in-flight requests after SIGINT/SIGTERM
	MaxFixturesSize int64         // size limit of --fixtures and PUT /_mock/fixtures, bytes
	ControlToken    string        // token every /_mock/ call must send; "" for none
	AllowedHosts    string        // comma-separated host names /_mock/ answers on besides addresses and localhost
}

func defaultServeConfig() serveConfig {
	return serveConfig{Addr: "127.0.0.1:8080", LogLevel: slog.LevelInfo, JournalSize: 1000,
		ShutdownTimeout: defaultShutdownTimeout, MaxFixturesSize: fixtures.DefaultMaxSize}
}

// loadServeConfig reads serve's flags from args, taking each flag's default
// from its WECOM_MOCK_* variable in getenv. A flag given in args beats the
// environment. -h prints usage to usageOut and returns errHelp; every mistake
// is a *usageError naming the flag or variable at fault.
func loadServeConfig(args []string, getenv func(string) string, usageOut io.Writer) (serveConfig, error) {
	cfg := defaultServeConfig()
	c := newCommand("serve", "[flags]", `Serves the WeCom API (/cgi-bin/...), the control API (/_mock/...) and
prints the default credentials. SIGINT or SIGTERM stop it gracefully.`, true, usageOut)
	c.fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address `host:port`; port 0 picks a free port, 0.0.0.0 listens on every interface")
	c.fs.StringVar(&cfg.Fixtures, "fixtures", cfg.Fixtures, "fixture `file` (YAML or JSON) to serve instead of the embedded default world")
	c.fs.Var((*levelValue)(&cfg.LogLevel), "log-level", "log `level` on stderr: debug (logs every request), info, warn or error")
	c.fs.IntVar(&cfg.JournalSize, "journal-size", cfg.JournalSize, fmt.Sprintf("how many API requests (`n`) GET /_mock/requests keeps, 1 to %d", maxJournalSize))
	c.fs.BoolVar(&cfg.FrozenClock, "frozen-clock", cfg.FrozenClock, "freeze the virtual clock; it then moves only through POST /_mock/clock/advance")
	c.fs.BoolVar(&cfg.PlainErrmsg, "plain-errmsg", cfg.PlainErrmsg, `answer errmsg without WeCom's ", hint: [...], from ip: ..." suffix`)
	c.fs.StringVar(&cfg.Limits, "limits", cfg.Limits, "`mode` of WeCom's frequency limits: off (default) or real (45009, 45033, messages dropped past a member's limit; see docs/limits.md)")
	c.fs.StringVar(&cfg.State, "state", cfg.State, "state `file`: restore the world and the clock from it at start (a missing file is created), write it when they change and at shutdown")
	c.fs.Var((*sizeValue)(&cfg.MaxFixturesSize), "max-fixtures-size", "size `limit` of the --fixtures file and of PUT /_mock/fixtures, e.g. 64MiB; a larger world is refused before it is parsed")
	c.fs.StringVar(&cfg.ControlToken, "control-token", cfg.ControlToken, "`token` every /_mock/ call and the dashboard must send as \"Authorization: Bearer <token>\" (prefer the variable: a flag shows in ps)")
	c.fs.StringVar(&cfg.AllowedHosts, "allowed-hosts", cfg.AllowedHosts, "comma-separated host `names` the control API answers on besides IP addresses and localhost (e.g. a compose service name; .example.com allows its subdomains)")
	c.fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "grace `period` of in-flight requests after SIGINT or SIGTERM; then they are cut off and serve exits 0")
	addTLSFlags(c, &cfg)
	if err := c.parse(args, getenv); err != nil {
		return serveConfig{}, err
	}
	if c.fs.NArg() > 0 {
		return serveConfig{}, c.usageErrorf("unexpected argument %q (serve takes only flags)", c.fs.Arg(0))
	}
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return serveConfig{}, c.usageErrorf("invalid %s %q: want host:port, e.g. 127.0.0.1:8080, 0.0.0.0:8080 or :8080", c.origin("addr"), cfg.Addr)
	}
	if cfg.JournalSize < 1 || cfg.JournalSize > maxJournalSize {
		return serveConfig{}, c.usageErrorf("invalid %s %d: want 1 to %d", c.origin("journal-size"), cfg.JournalSize, maxJournalSize)
	}
	if cfg.MaxFixturesSize < 1 {
		return serveConfig{}, c.usageErrorf("invalid %s %d: want at least 1 byte", c.origin("max-fixtures-size"), cfg.MaxFixturesSize)
	}
	if cfg.ShutdownTimeout <= 0 || cfg.ShutdownTimeout > maxShutdownTimeout {
		return serveConfig{}, c.usageErrorf("invalid %s %v: want more than 0 and at most %v", c.origin("shutdown-timeout"), cfg.ShutdownTimeout, maxShutdownTimeout)
	}
	switch cfg.Limits {
	case "", fixtures.LimitsOff, fixtures.LimitsReal:
	default:
		return serveConfig{}, c.usageErrorf("invalid %s %q: want off or real", c.origin("limits"), cfg.Limits)
	}
	if err := checkTLSFlags(c, &cfg); err != nil {
		return serveConfig{}, err
	}
	return cfg, nil
}

// levelValue is a flag.Value for slog levels by name.
type levelValue slog.Level

func (l *levelValue) String() string { return strings.ToLower(slog.Level(*l).String()) }
func (l *levelValue) Get() any       { return slog.Level(*l) }

func (l *levelValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		*l = levelValue(slog.LevelDebug)
	case "info":
		*l = levelValue(slog.LevelInfo)
	case "warn", "warning":
		*l = levelValue(slog.LevelWarn)
	case "error":
		*l = levelValue(slog.LevelError)
	default:
		return errors.New("want debug, info, warn or error")
	}
	return nil
}

// command is a subcommand's flag set with env defaults, usage text and
// knowledge of where each value came from.
type command struct {
	name     string // "serve"
	synopsis string // what follows the command name in the usage line
	about    string
	env      bool // flags take defaults from WECOM_MOCK_* variables
	fs       *flag.FlagSet
	out      io.Writer
	explicit map[string]bool   // flags given on the command line
	fromEnv  map[string]string // flag → variable that set it
}

func newCommand(name, synopsis, about string, env bool, usageOut io.Writer) *command {
	c := &command{name: name, synopsis: synopsis, about: about, env: env, out: usageOut,
		fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	// Errors are reported by run, usage only on -h: a typo should get one
	// clear line, not a screen of flags.
	c.fs.SetOutput(io.Discard)
	c.fs.Usage = func() {}
	return c
}

// parse parses args, then fills every flag not given in args from its
// environment variable (if the command has env defaults and the variable is
// non-empty). An invalid variable that a flag overrides is never looked at.
func (c *command) parse(args []string, getenv func(string) string) error {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printUsage()
			return errHelp
		}
		return c.usageErrorf("%v", err)
	}
	c.explicit = map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { c.explicit[f.Name] = true })
	c.fromEnv = map[string]string{}
	if !c.env {
		return nil
	}
	var errs []error
	c.fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		v := getenv(name)
		if c.explicit[f.Name] || v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("invalid %s=%q: %s", name, v, describeSetError(f, err)))
			return
		}
		c.fromEnv[f.Name] = name
	})
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return c.usageErrorf("%w", errs[0])
	}
	var b strings.Builder
	b.WriteString("invalid environment:")
	for _, e := range errs {
		b.WriteString("\n  - " + e.Error())
	}
	return c.usageErrorf("%w", &messageError{msg: b.String(), err: errors.Join(errs...)})
}

// describeSetError explains a rejected value by the kind of flag, since the
// flag package's own "parse error" says little.
func describeSetError(f *flag.Flag, err error) string {
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			return "want true or false"
		case time.Duration:
			return "want a duration such as 8s or 500ms"
		case int, int64, uint, uint64:
			return "want an integer"
		}
	}
	return err.Error()
}

// origin names where a flag's value came from, for error messages.
func (c *command) origin(flagName string) string {
	if v, ok := c.fromEnv[flagName]; ok {
		return v
	}
	return "--" + flagName
}

func (c *command) usageErrorf(format string, args ...any) error {
	return usageErrorf("wecom-mock %s: %w\nRun \"wecom-mock %s -h\" for usage.", c.name, fmt.Errorf(format, args...), c.name)
}

func (c *command) printUsage() {
	w := c.out
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("wecom-mock "+c.name+" "+c.synopsis), c.about)
	nflags := 0
	c.fs.VisitAll(func(*flag.Flag) { nflags++ })
	if nflags > 0 {
		fmt.Fprint(w, "\nFlags:\n")
	}
	c.fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(w, "%s\n      %s", line, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		if c.env {
			fmt.Fprintf(w, " [$%s]", envName(f.Name))
		}
		fmt.Fprintln(w)
	})
}
