package main

import (
	"regexp"
	"runtime/debug"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errOut := runCapture(args, nil)
		if code != exitOK || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		if want := "wecom-mock " + versionString() + "\n"; out != want {
			t.Errorf("%v: %q, want %q", args, out, want)
		}
		if !regexp.MustCompile(`^wecom-mock \S+\n$`).MatchString(out) {
			t.Errorf("%v: %q is not 'wecom-mock <version>'", args, out)
		}
	}
}

func TestResolveVersion(t *testing.T) {
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name, ldflag string
		info         func() (*debug.BuildInfo, bool)
		want         string
	}{
		{"ldflags win", "v1.2.3", info("v0.9.0"), "v1.2.3"},
		{"module version", "", info("v0.9.0"), "v0.9.0"},
		{"pseudo-version", "", info("v0.0.0-20260101000000-abcdef123456"), "v0.0.0-20260101000000-abcdef123456"},
		{"devel build", "", info("(devel)"), defaultVersion},
		{"empty version", "", info(""), defaultVersion},
		{"no build info", "", none, defaultVersion},
	}
	for _, tt := range tests {
		if got := resolveVersion(tt.ldflag, tt.info); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
