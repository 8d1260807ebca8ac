package mockserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// PUT /_mock/fixtures refuses what the loader refuses, with its reason, and
// keeps the previous world: a second YAML document or JSON value (silently
// dropped before), a second root department.
func TestControlPutFixturesRefusesAmbiguousWorlds(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, tc := range []struct{ name, body, want string }{
		{"second YAML document", replacementYAML + "---\ncorps: []\n", "a second document"},
		{"trailing JSON value", `{"corps":[]} {"corps":[]}`, "data after the world's closing brace"},
		{"two roots", strings.Replace(replacementYAML, "    departments:\n", "    departments:\n      - {id: 5, name: Other, parentid: 0}\n", 1),
			"two root departments: 1 and 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testkit.Do(t, http.MethodPut, srv.URL()+"/_mock/fixtures", strings.NewReader(tc.body), nil)
			testkit.ControlError(t, r, http.StatusBadRequest, tc.want)
		})
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "zhangsan"))
}

// A body announced larger than WithMaxFixturesSize is refused before it is
// read: the client gets its 413 while it still holds most of the body.
func TestControlPutFixturesTooLargeUnread(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxFixturesSize(1024))
	pr, pw := io.Pipe()
	defer pw.Close()
	req, err := http.NewRequest(http.MethodPut, srv.URL()+"/_mock/fixtures", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 1 << 30 // a gigabyte that is never sent
	res, err := testkit.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "--max-fixtures-size") {
		t.Errorf("HTTP %d %s", res.StatusCode, body)
	}
}
