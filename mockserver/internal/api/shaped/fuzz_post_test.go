package shaped_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// FuzzPOSTBodies sends arbitrary bytes as the JSON body of a POST API of
// the catalog the input picks, with a live credential of the kind it takes:
// the answer is always WeCom's shape, HTTP 200 with a JSON errcode (a
// download may answer its file), never a 5xx or a panic.
func FuzzPOSTBodies(f *testing.F) {
	var posts []*catalog.Endpoint
	for _, e := range catalog.Default().Endpoints() {
		if e.Method == http.MethodPost {
			posts = append(posts, e)
		}
	}
	srv := mockserver.NewTest(f)
	creds := newCredentials(f, srv)
	for i, e := range posts {
		body, _ := json.Marshal(validCall(e, creds, false).body)
		f.Add(uint16(i), body)
	}
	for _, s := range []string{``, `null`, `[]`, `{"userid":1e400}`, `{"a":` + strings.Repeat("[", 5000), "\xff", `{"department":[-1,0,1e10]}`} {
		f.Add(uint16(0), []byte(s))
		f.Add(uint16(len(posts)/2), []byte(s))
	}
	f.Fuzz(func(t *testing.T, sel uint16, body []byte) {
		e := posts[int(sel)%len(posts)]
		u := srv.URL() + e.Path
		if p := e.TokenParam(); p != "" {
			u += "?" + p + "=" + creds[e.Auth[0]]
		}
		r := testkit.Do(t, http.MethodPost, u, bytes.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		if r.Status != http.StatusOK {
			t.Fatalf("%s %q: %s", e.Path, body, r)
		}
		if e.File && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			return // a download's file
		}
		var answer struct {
			ErrCode *int `json:"errcode"`
		}
		if err := json.Unmarshal(r.Body, &answer); err != nil || answer.ErrCode == nil {
			t.Fatalf("%s %q: not a WeCom answer (%v): %s", e.Path, body, err, r)
		}
	})
}
