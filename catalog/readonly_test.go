package catalog_test

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
)

// TestReadOnlyMarks guards the mark wecom-mock contract trusts to call a
// real corp: the APIs it calls by default carry it, and no API whose name
// says it writes does.
func TestReadOnlyMarks(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	for _, p := range []string{"/cgi-bin/gettoken", "/cgi-bin/user/get", "/cgi-bin/user/list", "/cgi-bin/department/list",
		"/cgi-bin/tag/list", "/cgi-bin/agent/get", "/cgi-bin/get_jsapi_ticket"} {
		e, ok := c.Lookup(p)
		if !ok || !e.ReadOnly {
			t.Errorf("%s: not marked read_only", p)
		}
	}
	writes := []string{"create", "update", "delete", "add", "del", "send", "set", "mark", "remark", "transfer", "batch/", "upload", "invite"}
	// batch/get_by_user reads, whatever its folder says.
	reads := map[string]bool{"/cgi-bin/externalcontact/batch/get_by_user": true}
	n := 0
	for _, e := range c.Endpoints() {
		if !e.ReadOnly || reads[e.Path] {
			continue
		}
		n++
		for _, w := range writes {
			if strings.Contains(e.Path, w) {
				t.Errorf("%s is marked read_only but its path says %q", e.Path, w)
			}
		}
	}
	if n == 0 {
		t.Fatal("no endpoint is marked read_only")
	}
}
