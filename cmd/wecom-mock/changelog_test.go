package main

import (
	"os"
	"regexp"
	"testing"
)

// changelogTopRE is CHANGELOG.md's first version heading: "## v0.1.0 —
// unreleased" or "## v0.1.0 — 2026-12-31".
var changelogTopRE = regexp.MustCompile(`(?m)^## (v\S+)(.*)$`)

// The version a build without -ldflags prints is CHANGELOG.md's top entry:
// "-dev" while the entry is unreleased, the bare version once it is dated.
func TestChangelogNamesTheVersion(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	m := changelogTopRE.FindStringSubmatch(string(text))
	if m == nil {
		t.Fatal("CHANGELOG.md has no '## vX.Y.Z' entry")
	}
	want := m[1]
	if regexp.MustCompile(`(?i)unreleased`).MatchString(m[2]) {
		want += "-dev"
	}
	if defaultVersion != want {
		t.Errorf("defaultVersion is %q; CHANGELOG.md's top entry %q wants %q", defaultVersion, m[0], want)
	}
}
