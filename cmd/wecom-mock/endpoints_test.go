package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

func runEndpointsCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"endpoints"}, args...), &out, &errOut, func(string) string { return "" }, nil)
	return out.String(), errOut.String(), code
}

// The coverage page is the generator's output, so it cannot drift from the
// catalog: after a catalog change, `make docs` rewrites it.
func TestCoveragePageIsCurrent(t *testing.T) {
	want, _, code := runEndpointsCmd(t, "--format", "markdown")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	got, err := os.ReadFile("../../docs/api-coverage.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/api-coverage.md is not the catalog's coverage page: run `make docs`")
	}
}

func TestEndpointsJSONAndFilters(t *testing.T) {
	out, _, code := runEndpointsCmd(t, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var all mockctl.Catalog
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	if all.Counts[mockctl.StatusStateful] == 0 || all.Counts[mockctl.StatusShaped] == 0 {
		t.Fatalf("counts %v", all.Counts)
	}
	out, _, _ = runEndpointsCmd(t, "--format", "json", "--status", "stateful", "--family", "user")
	var some mockctl.Catalog
	if err := json.Unmarshal([]byte(out), &some); err != nil {
		t.Fatal(err)
	}
	if len(some.Endpoints) == 0 || len(some.Endpoints) >= len(all.Endpoints) {
		t.Fatalf("filtered %d of %d", len(some.Endpoints), len(all.Endpoints))
	}
	for _, e := range some.Endpoints {
		if e.Status != mockctl.StatusStateful || e.Family != "user" {
			t.Errorf("filter let through %+v", e)
		}
	}
	table, _, _ := runEndpointsCmd(t)
	if !strings.Contains(table, "/cgi-bin/user/get") || !strings.Contains(table, "stateful") {
		t.Errorf("table output:\n%.500s", table)
	}
}

func TestEndpointsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--format", "xml"}, {"--status", "maybe"}, {"extra"}} {
		if _, errOut, code := runEndpointsCmd(t, args...); code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
