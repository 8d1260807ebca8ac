package mockctl_test

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Failures are collapsed only when every check failed for the same reason.
func TestProbeReportStringCollapsesOnlyOneCause(t *testing.T) {
	t.Parallel()
	check := func(name string, passed bool, detail string) mockctl.ProbeCheck {
		return mockctl.ProbeCheck{Name: name, Passed: passed, Rule: "rule of " + name, Detail: detail}
	}
	for _, tc := range []struct {
		name      string
		checks    []mockctl.ProbeCheck
		collapsed bool
	}{
		{"one cause", []mockctl.ProbeCheck{check("a", false, "refused"), check("b", false, "GET: refused; POST: refused")}, true},
		{"two causes", []mockctl.ProbeCheck{check("a", false, "refused"), check("b", false, "status 500")}, false},
		{"one passed", []mockctl.ProbeCheck{check("a", false, "refused"), check("b", true, "refused")}, false},
		{"a single check", []mockctl.ProbeCheck{check("a", false, "refused")}, false},
	} {
		out := mockctl.ProbeReport{URL: "http://x", Checks: tc.checks}.String()
		if got := strings.Contains(out, "(× 2)"); got != tc.collapsed {
			t.Errorf("%s: collapsed %v, want %v:\n%s", tc.name, got, tc.collapsed, out)
		}
		if !tc.collapsed && !strings.Contains(out, "rule of a") {
			t.Errorf("%s: the checks are not listed one by one:\n%s", tc.name, out)
		}
	}
}
