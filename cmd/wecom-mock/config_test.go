package main

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"time"
)

func TestEnvName(t *testing.T) {
	for flag, want := range map[string]string{
		"addr":         "WECOM_MOCK_ADDR",
		"log-level":    "WECOM_MOCK_LOG_LEVEL",
		"journal-size": "WECOM_MOCK_JOURNAL_SIZE",
		"frozen-clock": "WECOM_MOCK_FROZEN_CLOCK",
		"url":          "WECOM_MOCK_URL",
	} {
		if got := envName(flag); got != want {
			t.Errorf("envName(%q) = %q, want %q", flag, got, want)
		}
	}
}

func TestLoadServeConfigDefaults(t *testing.T) {
	cfg, err := loadServeConfig(nil, envMap(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := serveConfig{Addr: "127.0.0.1:8080", Fixtures: "", LogLevel: slog.LevelInfo, JournalSize: 1000, ShutdownTimeout: defaultShutdownTimeout, MaxFixturesSize: fixtures.DefaultMaxSize}
	if cfg != want {
		t.Errorf("defaults = %+v, want %+v", cfg, want)
	}
}

func TestLoadServeConfig(t *testing.T) {
	def := defaultServeConfig()
	with := func(f func(*serveConfig)) serveConfig { c := def; f(&c); return c }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want serveConfig
	}{
		{"flags", []string{"--addr", ":9090", "--fixtures", "w.yaml", "--log-level", "debug", "--journal-size", "5", "--frozen-clock", "--plain-errmsg"}, nil,
			serveConfig{Addr: ":9090", Fixtures: "w.yaml", LogLevel: slog.LevelDebug, JournalSize: 5, FrozenClock: true, PlainErrmsg: true, ShutdownTimeout: defaultShutdownTimeout, MaxFixturesSize: fixtures.DefaultMaxSize}},
		{"single dash and = form", []string{"-addr=127.0.0.1:0", "-journal-size=7"}, nil,
			with(func(c *serveConfig) { c.Addr, c.JournalSize = "127.0.0.1:0", 7 })},
		{"env", nil, map[string]string{
			"WECOM_MOCK_ADDR": "0.0.0.0:8081", "WECOM_MOCK_FIXTURES": "/data/world.json", "WECOM_MOCK_LOG_LEVEL": "WARN",
			"WECOM_MOCK_JOURNAL_SIZE": "42", "WECOM_MOCK_FROZEN_CLOCK": "true", "WECOM_MOCK_PLAIN_ERRMSG": "1",
		}, serveConfig{Addr: "0.0.0.0:8081", Fixtures: "/data/world.json", LogLevel: slog.LevelWarn, JournalSize: 42, FrozenClock: true, PlainErrmsg: true, ShutdownTimeout: defaultShutdownTimeout, MaxFixturesSize: fixtures.DefaultMaxSize}},
		{"empty env is unset", nil, map[string]string{"WECOM_MOCK_ADDR": "", "WECOM_MOCK_JOURNAL_SIZE": ""}, def},
		{"flag beats env", []string{"--addr", "127.0.0.1:1234", "--log-level", "error", "--frozen-clock=false"},
			map[string]string{"WECOM_MOCK_ADDR": "127.0.0.1:9999", "WECOM_MOCK_LOG_LEVEL": "debug", "WECOM_MOCK_FROZEN_CLOCK": "true", "WECOM_MOCK_JOURNAL_SIZE": "3"},
			with(func(c *serveConfig) {
				c.Addr, c.LogLevel, c.FrozenClock, c.JournalSize = "127.0.0.1:1234", slog.LevelError, false, 3
			})},
		{"invalid env overridden by flag is ignored", []string{"--journal-size", "10"}, map[string]string{"WECOM_MOCK_JOURNAL_SIZE": "lots"},
			with(func(c *serveConfig) { c.JournalSize = 10 })},
		{"warning spelled out", []string{"--log-level", "Warning"}, nil, with(func(c *serveConfig) { c.LogLevel = slog.LevelWarn })},
		{"unrelated env ignored", nil, map[string]string{"WECOM_MOCK_URL": "not a url", "ADDR": "x"}, def},
		{"limits flag", []string{"--limits", "real"}, nil, with(func(c *serveConfig) { c.Limits = "real" })},
		{"limits env", nil, map[string]string{"WECOM_MOCK_LIMITS": "off"}, with(func(c *serveConfig) { c.Limits = "off" })},
		{"max fixtures size flag", []string{"--max-fixtures-size", "64MiB"}, nil, with(func(c *serveConfig) { c.MaxFixturesSize = 64 << 20 })},
		{"max fixtures size env", nil, map[string]string{"WECOM_MOCK_MAX_FIXTURES_SIZE": "4096"}, with(func(c *serveConfig) { c.MaxFixturesSize = 4096 })},
		{"shutdown timeout flag", []string{"--shutdown-timeout", "250ms"}, nil, with(func(c *serveConfig) { c.ShutdownTimeout = 250 * time.Millisecond })},
		{"shutdown timeout env", nil, map[string]string{"WECOM_MOCK_SHUTDOWN_TIMEOUT": "3s"}, with(func(c *serveConfig) { c.ShutdownTimeout = 3 * time.Second })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadServeConfig(tt.args, envMap(tt.env), io.Discard)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadServeConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"bad env int", nil, map[string]string{"WECOM_MOCK_JOURNAL_SIZE": "lots"}, []string{`WECOM_MOCK_JOURNAL_SIZE="lots"`, "want an integer"}},
		{"bad env bool", nil, map[string]string{"WECOM_MOCK_FROZEN_CLOCK": "yes please"}, []string{`WECOM_MOCK_FROZEN_CLOCK="yes please"`, "want true or false"}},
		{"bad env level", nil, map[string]string{"WECOM_MOCK_LOG_LEVEL": "loud"}, []string{`WECOM_MOCK_LOG_LEVEL="loud"`, "debug, info, warn or error"}},
		{"two bad envs both reported", nil, map[string]string{"WECOM_MOCK_LOG_LEVEL": "loud", "WECOM_MOCK_PLAIN_ERRMSG": "maybe"},
			[]string{"WECOM_MOCK_LOG_LEVEL", "WECOM_MOCK_PLAIN_ERRMSG"}},
		{"env journal size zero", nil, map[string]string{"WECOM_MOCK_JOURNAL_SIZE": "0"}, []string{"invalid WECOM_MOCK_JOURNAL_SIZE 0", "want 1 to 1000000"}},
		{"flag journal size negative", []string{"--journal-size", "-1"}, nil, []string{"invalid --journal-size -1"}},
		{"journal size too large", []string{"--journal-size", "1000000000"}, nil, []string{"want 1 to 1000000"}},
		{"env addr without port", nil, map[string]string{"WECOM_MOCK_ADDR": "8080"}, []string{`invalid WECOM_MOCK_ADDR "8080"`, "host:port"}},
		{"flag addr without port", []string{"--addr", "localhost"}, nil, []string{`invalid --addr "localhost"`}},
		{"bad flag level", []string{"--log-level", "trace"}, nil, []string{"-log-level", "debug, info, warn or error"}},
		{"bad flag int", []string{"--journal-size", "x"}, nil, []string{"-journal-size"}},
		{"unknown flag", []string{"--port", "80"}, nil, []string{"flag provided but not defined: -port"}},
		{"positional argument", []string{"world.yaml"}, nil, []string{`unexpected argument "world.yaml"`}},
		{"bad limits flag", []string{"--limits", "strict"}, nil, []string{`invalid --limits "strict"`, "want off or real"}},
		{"bad limits env", nil, map[string]string{"WECOM_MOCK_LIMITS": "on"}, []string{`invalid WECOM_MOCK_LIMITS "on"`}},
		{"bad shutdown timeout env", nil, map[string]string{"WECOM_MOCK_SHUTDOWN_TIMEOUT": "soon"}, []string{`WECOM_MOCK_SHUTDOWN_TIMEOUT="soon"`, "want a duration"}},
		{"bad max fixtures size env", nil, map[string]string{"WECOM_MOCK_MAX_FIXTURES_SIZE": "big"}, []string{`WECOM_MOCK_MAX_FIXTURES_SIZE="big"`, "64MiB"}},
		{"zero max fixtures size", []string{"--max-fixtures-size", "0"}, nil, []string{"invalid --max-fixtures-size 0"}},
		{"zero shutdown timeout", []string{"--shutdown-timeout", "0s"}, nil, []string{"invalid --shutdown-timeout 0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadServeConfig(tt.args, envMap(tt.env), io.Discard)
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("error = %v, want a usage error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), `wecom-mock serve -h`) {
				t.Errorf("error %q does not point to -h", err)
			}
		})
	}
}

func TestLoadServeConfigHelp(t *testing.T) {
	var out bytes.Buffer
	_, err := loadServeConfig([]string{"-h"}, envMap(nil), &out)
	if !errors.Is(err, errHelp) {
		t.Fatalf("error = %v, want errHelp", err)
	}
	for _, w := range []string{"Usage: wecom-mock serve", "--addr host:port", "(default 127.0.0.1:8080)", "[$WECOM_MOCK_ADDR]",
		"--fixtures file", "[$WECOM_MOCK_FIXTURES]", "[$WECOM_MOCK_LOG_LEVEL]", "[$WECOM_MOCK_JOURNAL_SIZE]",
		"[$WECOM_MOCK_FROZEN_CLOCK]", "[$WECOM_MOCK_PLAIN_ERRMSG]"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("usage lacks %q:\n%s", w, out.String())
		}
	}
}
