package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at build time:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/wecom-mock
//
// Left empty, the main module's version from the build info is used
// ("go install ...@v1.2.3" records it), else defaultVersion.
var version string

// defaultVersion is the version of CHANGELOG.md's top entry: "-dev" while
// that entry is unreleased, dropped when it is released (a test checks the
// two agree). `make build` stamps it with the commit when HEAD has no tag.
const defaultVersion = "v0.1.0-dev"

func versionString() string { return resolveVersion(version, debug.ReadBuildInfo) }

func resolveVersion(ldflag string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if ldflag != "" {
		return ldflag
	}
	if bi, ok := buildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return defaultVersion
}

func runVersion(args []string, stdout, _ io.Writer) error {
	c := newCommand("version", "", "Prints the version: wecom-mock <version>.", false, stdout)
	if err := c.parse(args, nil); err != nil {
		return err
	}
	if c.fs.NArg() > 0 {
		return c.usageErrorf("unexpected argument %q", c.fs.Arg(0))
	}
	_, err := fmt.Fprintf(stdout, "wecom-mock %s\n", versionString())
	return err
}
