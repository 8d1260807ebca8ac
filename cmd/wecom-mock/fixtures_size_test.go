package main

import (
	"strings"
	"testing"
)

// --max-fixtures-size (and its variable) refuses a larger --fixtures file
// before parsing it; a file with a second document is refused with the
// reason instead of serving the first one.
func TestServeFixturesSizeAndTrailingData(t *testing.T) {
	t.Parallel()
	small := writeFile(t, "world.yaml", smallWorld)
	two := writeFile(t, "two.yaml", smallWorld+"---\ncorps: []\n")
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"flag", []string{"--fixtures", small, "--max-fixtures-size", "100"}, nil,
			[]string{small, "over the limit of 100 bytes", "--max-fixtures-size"}},
		{"env", []string{"--fixtures", small}, map[string]string{"WECOM_MOCK_MAX_FIXTURES_SIZE": "200B"},
			[]string{"over the limit of 200 bytes"}},
		{"second document", []string{"--fixtures", two}, nil, []string{two, "a second document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCapture(append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...), tt.env)
			if code != exitFail || out != "" {
				t.Errorf("exit %d, stdout %q; want %d and no banner", code, out, exitFail)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
	// Within the limit it serves.
	r := startRun(t, []string{"--addr", "127.0.0.1:0", "--fixtures", small, "--max-fixtures-size", "64KiB"}, nil)
	if !strings.Contains(r.stdout.String(), "1 corp, 2 apps, 2 members") {
		t.Errorf("banner:\n%s", r.stdout)
	}
}

func TestSizeValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"1048576": 1 << 20, "64MiB": 64 << 20, "64mb": 64 << 20, "2G": 2 << 30, "10 KiB": 10 << 10, "7B": 7} {
		var v sizeValue
		if err := v.Set(in); err != nil || int64(v) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, v, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "1.5MiB", "99999999999GiB"} {
		var v sizeValue
		if err := v.Set(in); err == nil {
			t.Errorf("Set(%q) accepted", in)
		}
	}
	v := sizeValue(128 << 20)
	if v.String() != "128MiB" {
		t.Errorf("String() = %q", v.String())
	}
}
