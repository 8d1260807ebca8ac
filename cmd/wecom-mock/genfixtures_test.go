package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

func genFixtures(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errOut := runCapture(append([]string{"gen-fixtures"}, args...), nil)
	if code != exitOK {
		t.Fatalf("gen-fixtures %v: exit %d, stderr:\n%s", args, code, errOut)
	}
	return out, errOut
}

func TestGenFixturesDeterministic(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"yaml", "json"} {
		a, _ := genFixtures(t, "--corps", "2", "--members", "30", "--seed", "7", "--format", format)
		b, _ := genFixtures(t, "--corps", "2", "--members", "30", "--seed", "7", "--format", format)
		c, _ := genFixtures(t, "--corps", "2", "--members", "30", "--seed", "8", "--format", format)
		if a != b {
			t.Errorf("%s: the same seed gave different output", format)
		}
		if a == c {
			t.Errorf("%s: seeds 7 and 8 gave the same output", format)
		}
	}
}

func TestGenFixturesOutputParses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		out       string // file written, "" for stdout
		wantJSON  bool
		corps, mb int
	}{
		{"yaml to stdout by default", []string{"--corps", "3", "--members", "20", "--seed", "1"}, "", false, 3, 20},
		{"json to stdout", []string{"--corps", "1", "--members", "5", "--seed", "2", "--format", "json"}, "", true, 1, 5},
		{"json from the .json extension", []string{"--members", "4", "--seed", "3", "--out", filepath.Join(dir, "w.json")}, filepath.Join(dir, "w.json"), true, 1, 4},
		{"yaml from the .yml extension", []string{"--members", "4", "--seed", "3", "--out", filepath.Join(dir, "w.yml")}, filepath.Join(dir, "w.yml"), false, 1, 4},
		{"--format beats the extension", []string{"--members", "4", "--seed", "3", "--format", "yaml", "--out", filepath.Join(dir, "x.json")}, filepath.Join(dir, "x.json"), false, 1, 4},
		{"unknown extension means yaml", []string{"--members", "4", "--seed", "3", "--out", filepath.Join(dir, "w.txt")}, filepath.Join(dir, "w.txt"), false, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut := genFixtures(t, tt.args...)
			data := []byte(out)
			if tt.out != "" {
				if out != "" {
					t.Errorf("stdout %q with --out", out)
				}
				if !strings.Contains(errOut, "wrote "+tt.out) {
					t.Errorf("stderr %q does not report the file", errOut)
				}
				var err error
				if data, err = os.ReadFile(tt.out); err != nil {
					t.Fatal(err)
				}
			}
			if isJSON := bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")); isJSON != tt.wantJSON {
				t.Errorf("JSON = %v, want %v:\n%.200s", isJSON, tt.wantJSON, data)
			}
			w, err := fixtures.Parse(data)
			if err != nil {
				t.Fatalf("fixtures.Parse: %v", err)
			}
			n := w.Count()
			if n.Corps != tt.corps || n.Members != tt.corps*tt.mb {
				t.Errorf("counts %+v, want %d corps of %d members", n, tt.corps, tt.mb)
			}
		})
	}
}

// TestGenFixturesYAMLAndJSONAgree checks both formats describe one world.
func TestGenFixturesYAMLAndJSONAgree(t *testing.T) {
	t.Parallel()
	y, _ := genFixtures(t, "--corps", "2", "--members", "10", "--seed", "5")
	j, _ := genFixtures(t, "--corps", "2", "--members", "10", "--seed", "5", "--format", "json")
	wy, err := fixtures.Parse([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	wj, err := fixtures.Parse([]byte(j))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := encodeWorld(wy, "json")
	if string(again) != j {
		t.Errorf("the YAML world re-encoded as JSON differs from the JSON output")
	}
	if wy.Count() != wj.Count() {
		t.Errorf("counts differ: %+v vs %+v", wy.Count(), wj.Count())
	}
}

func TestGenFixturesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--corps", "0"}, "--corps must be at least 1, got 0"},
		{[]string{"--members", "-3"}, "--members must be at least 1, got -3"},
		{[]string{"--format", "xml"}, `--format "xml": want yaml or json`},
		{[]string{"--seed", "abc"}, "-seed"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		code, out, errOut := runCapture(append([]string{"gen-fixtures"}, tt.args...), nil)
		if code != exitUsage || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %.40q; want exit 2 and %q", tt.args, code, errOut, out, tt.want)
		}
	}
	code, _, errOut := runCapture([]string{"gen-fixtures", "--out", filepath.Join(t.TempDir(), "no", "such", "dir", "w.yaml")}, nil)
	if code != exitFail || !strings.Contains(errOut, "no such file") {
		t.Errorf("unwritable --out: exit %d, stderr %q", code, errOut)
	}
}

// TestGenFixturesServe serves a generated file and checks the banner counts.
func TestGenFixturesServe(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "big.json")
	genFixtures(t, "--corps", "3", "--members", "200", "--seed", "9", "--out", path)
	r := startRun(t, []string{"--addr", "127.0.0.1:0", "--fixtures", path}, nil)
	if !strings.Contains(r.stdout.String(), path+": 3 corps, ") || !strings.Contains(r.stdout.String(), ", 600 members") {
		t.Errorf("banner:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout.String(), "(2 more corps: curl") {
		t.Errorf("banner does not point to the other corps:\n%s", r.stdout)
	}
}

// --members counts per corp, and the help says so.
func TestGenFixturesMembersArePerCorp(t *testing.T) {
	t.Parallel()
	code, out, _ := runCapture([]string{"gen-fixtures", "-h"}, nil)
	if code != exitOK || !strings.Contains(out, "N corps of M members each (N×M in all)") ||
		!strings.Contains(out, "members in each corp, not in all") {
		t.Errorf("gen-fixtures -h: exit %d\n%s", code, out)
	}
	data, _ := genFixtures(t, "--corps", "3", "--members", "4", "--seed", "1", "--format", "json")
	w, err := fixtures.Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range w.Corps {
		if len(c.Members) != 4 {
			t.Errorf("corp %s has %d members, want 4 (--members is per corp)", c.CorpID, len(c.Members))
		}
	}
}
