package catalog_test

import (
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
)

func TestNearest(t *testing.T) {
	t.Parallel()
	c := catalog.Default()
	cases := []struct {
		path string
		want string // first suggestion; "" for none
	}{
		{"/cgi-bin/user/gett", "/cgi-bin/user/get"},
		{"/cgi-bin/user/ge", "/cgi-bin/user/get"},
		{"/cgi-bin/message/sned", "/cgi-bin/message/send"},
		{"/cgi-bin/gettokn", "/cgi-bin/gettoken"},
		{"/favicon.ico", ""},
		{"/cgi-bin/" + string(make([]byte, 400)), ""},
	}
	for _, tc := range cases {
		got := c.Nearest(tc.path, 3)
		if len(got) > 3 {
			t.Errorf("Nearest(%q) = %d paths, want at most 3", tc.path, len(got))
		}
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("Nearest(%q) = %v, want none", tc.path, got)
		case tc.want != "" && (len(got) == 0 || got[0] != tc.want):
			t.Errorf("Nearest(%q) = %v, want %q first", tc.path, got, tc.want)
		}
		for _, p := range got {
			if _, ok := c.Lookup(p); !ok {
				t.Errorf("Nearest(%q) suggests %q, not in the catalog", tc.path, p)
			}
		}
	}
	if got := c.Nearest("/cgi-bin/user/get", 3); !slices.Contains(got, "/cgi-bin/user/get") {
		t.Errorf("a known path is its own nearest: %v", got)
	}
}
