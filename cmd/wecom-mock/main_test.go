package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// noSignal is a signalFunc for commands that must not get as far as waiting.
func noSignal(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}

func runCapture(args []string, env map[string]string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut, envMap(env), noSignal)
	return code, out.String(), errOut.String()
}

func TestRunHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}} {
		code, out, errOut := runCapture(args, nil)
		if code != exitOK || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		for _, w := range []string{"serve", "gen-fixtures", "healthcheck", "version",
			"WECOM_MOCK_ADDR", "WECOM_MOCK_FIXTURES", "WECOM_MOCK_LOG_LEVEL", "WECOM_MOCK_JOURNAL_SIZE",
			"WECOM_MOCK_FROZEN_CLOCK", "WECOM_MOCK_PLAIN_ERRMSG", "WECOM_MOCK_URL"} {
			if !strings.Contains(out, w) {
				t.Errorf("%v: usage lacks %q", args, w)
			}
		}
	}
}

func TestRunSubcommandHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "gen-fixtures", "healthcheck", "version"} {
		code, out, _ := runCapture([]string{cmd, "-h"}, nil)
		if code != exitOK || !strings.Contains(out, "Usage: wecom-mock "+cmd) {
			t.Errorf("%s -h: exit %d, stdout:\n%s", cmd, code, out)
		}
	}
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"serve", "--nope"}, nil, "flag provided but not defined: -nope"},
		{[]string{"--nope"}, nil, "wecom-mock serve: flag provided but not defined"}, // flags alone mean serve
		{[]string{"serve"}, map[string]string{"WECOM_MOCK_JOURNAL_SIZE": "many"}, `invalid WECOM_MOCK_JOURNAL_SIZE="many": want an integer`},
		{nil, map[string]string{"WECOM_MOCK_LOG_LEVEL": "verbose"}, `invalid WECOM_MOCK_LOG_LEVEL="verbose"`},
		{[]string{"version", "extra"}, nil, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		code, out, errOut := runCapture(tt.args, tt.env)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, exitUsage)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q lacks %q", tt.args, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("%v: unexpected stdout %q", tt.args, out)
		}
	}
}
