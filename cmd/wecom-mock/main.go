// Command wecom-mock runs a local emulator of the WeCom (企业微信) server API.
//
//	wecom-mock [serve] [flags]      serve the API (the default command)
//	wecom-mock gen-fixtures [flags] write a generated, seeded fixture world
//	wecom-mock healthcheck [flags]  probe a running server (Docker HEALTHCHECK)
//	wecom-mock probe-callback [flags] grade an app's callback receiver
//	wecom-mock endpoints [flags]    list the WeCom API endpoints the mock serves
//	wecom-mock import [flags]       write a real corp's structure, with fake values, as fixtures
//	wecom-mock contract [flags]     compare a real host's answers with the mock's
//	wecom-mock version              print the version
//
// Every serve flag takes its default from a WECOM_MOCK_* environment variable
// (--journal-size from WECOM_MOCK_JOURNAL_SIZE, and so on); a flag given on
// the command line wins over the environment. Run "wecom-mock help" for the
// full list.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK    = 0 // success, or help was asked for
	exitFail  = 1 // the command ran and failed (port taken, bad fixtures, unhealthy)
	exitUsage = 2 // bad flags, arguments or environment
)

// signalFunc derives the context a long-running command stops on. main uses
// signalContext; tests pass a context they cancel themselves.
type signalFunc func(context.Context) (context.Context, context.CancelFunc)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv, signalContext))
}

// signalContext is cancelled by SIGINT or SIGTERM (docker stop sends SIGTERM).
func signalContext(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// run is the whole program behind main, callable in-process by tests. It
// returns the exit code.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string, sig signalFunc) int {
	cmd, rest := "serve", args
	if len(args) > 0 {
		switch a := args[0]; a {
		case "-h", "-help", "--help", "help":
			printUsage(stdout)
			return exitOK
		case "-version", "--version":
			cmd, rest = "version", args[1:]
		default:
			// Flags without a command are serve flags: "wecom-mock --addr :9090".
			if len(a) == 0 || a[0] != '-' {
				cmd, rest = a, args[1:]
			}
		}
	}

	var err error
	switch cmd {
	case "serve":
		err = runServe(rest, stdout, stderr, getenv, sig)
	case "gen-fixtures":
		err = runGenFixtures(rest, stdout, stderr)
	case "healthcheck":
		err = runHealthcheck(rest, stdout, stderr, getenv)
	case "probe-callback":
		err = runProbeCallback(rest, stdout, stderr)
	case "endpoints":
		err = runEndpoints(rest, stdout, stderr)
	case "import":
		err = runImport(rest, stdout, stderr, getenv, sig)
	case "contract":
		err = runContract(rest, stdout, stderr, getenv, sig)
	case "version":
		err = runVersion(rest, stdout, stderr)
	default:
		err = usageErrorf("wecom-mock: unknown command %q (commands: serve, gen-fixtures, healthcheck, probe-callback, endpoints, import, contract, version, help)", cmd)
	}
	return exitCode(err, stderr)
}

// usageError is a mistake in the command line or environment (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// errHelp reports that usage was printed on request (exit 0).
var errHelp = errors.New("help requested")

// errReported is a failure whose explanation is already printed (exit 1).
var errReported = errors.New("failure already reported")

func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errReported):
		return exitFail
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, err)
		return exitUsage
	default:
		fmt.Fprintln(stderr, err)
		return exitFail
	}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `wecom-mock emulates the WeCom (企业微信) server API on your machine.

Usage:
  wecom-mock [serve] [flags]       serve the API and the /_mock/ control API (default)
  wecom-mock gen-fixtures [flags]  write a generated, seeded fixture world (YAML or JSON)
  wecom-mock healthcheck [flags]   exit 0 if a server answers /_mock/healthz (Docker HEALTHCHECK)
  wecom-mock probe-callback [flags] grade an app's callback receiver (verification, signature,
                                   receiveid, 5 s answer, retries) and print pass/fail per check
  wecom-mock endpoints [flags]     list every WeCom API endpoint the mock serves, with its
                                   credentials and status (stateful or shaped)
  wecom-mock import [flags]        read a real corp (read APIs only) and write its structure,
                                   every personal value faked, as a fixtures file
  wecom-mock contract [flags]      compare read-only APIs' answers of a real host and of the
                                   mock serving the imported world; exit 1 on a difference
  wecom-mock version               print the version
  wecom-mock help                  print this help

Run "wecom-mock <command> -h" for a command's flags.

Environment (each sets the default of the flag; a flag on the command line wins):
  WECOM_MOCK_ADDR          serve --addr          (default 127.0.0.1:8080)
  WECOM_MOCK_FIXTURES      serve --fixtures      (default: the embedded default world)
  WECOM_MOCK_LOG_LEVEL     serve --log-level     debug|info|warn|error (default info)
  WECOM_MOCK_JOURNAL_SIZE  serve --journal-size  (default 1000)
  WECOM_MOCK_FROZEN_CLOCK  serve --frozen-clock  true|false (default false)
  WECOM_MOCK_PLAIN_ERRMSG  serve --plain-errmsg  true|false (default false)
  WECOM_MOCK_LIMITS        serve --limits        off|real (default off)
  WECOM_MOCK_TLS           serve --tls           true|false (default false)
  WECOM_MOCK_TLS_ADDR      serve --tls-addr      (default 127.0.0.1:8443)
  WECOM_MOCK_TLS_DIR       serve --tls-dir       (default <user cache dir>/wecom-mock/tls)
  WECOM_MOCK_SHUTDOWN_TIMEOUT  serve --shutdown-timeout  (default 8s)
  WECOM_MOCK_MAX_FIXTURES_SIZE serve --max-fixtures-size (default 128MiB)
  WECOM_MOCK_CONTROL_TOKEN serve --control-token (default none: /_mock/ open to whoever reaches it)
  WECOM_MOCK_ALLOWED_HOSTS serve --allowed-hosts (host names /_mock/ answers on besides addresses, localhost)
  WECOM_CORPID, WECOM_CONTACTS_SECRET, WECOM_APP_SECRETS (AGENTID=SECRET,...),
  WECOM_EXTERNALCONTACT_SECRET, WECOM_BASE_URL   import and contract credentials
  WECOM_MOCK_URL           healthcheck --url     (default http://127.0.0.1:8080, or
                                                  the port of WECOM_MOCK_ADDR if set)

Examples:
  wecom-mock
  WECOM_MOCK_ADDR=0.0.0.0:8080 wecom-mock serve --fixtures world.yaml
  wecom-mock gen-fixtures --corps 3 --members 500 --seed 42 --out world.json
  wecom-mock healthcheck --url http://127.0.0.1:8080
  wecom-mock probe-callback --url http://127.0.0.1:3000/wecom/callback --token T \
      --aes-key <43 characters> --corpid wwmockcorp000001
`)
}
