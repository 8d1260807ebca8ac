package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// fuzzControlEndpoints are the control endpoints that decode a body. Left
// out: those that reach other hosts (callbacks/config verifies its URL,
// callbacks/probe and callbacks/trigger deliver) and callbacks/wait, which
// blocks by design; their decoders are covered by their own tests.
var fuzzControlEndpoints = []struct {
	method, path, seed string
}{
	{http.MethodPost, "/_mock/codes", `{"kind":"oauth","corpid":"` + testkit.Corp1 + `","agentid":1000002,"userid":"zhangsan"}`},
	{http.MethodPost, "/_mock/clock/advance", `{"seconds":60}`},
	{http.MethodPost, "/_mock/clock/freeze", ``},
	{http.MethodPost, "/_mock/faults", `{"path":"/cgi-bin/user/get","errcode":45009,"times":1}`},
	{http.MethodPost, "/_mock/stubs", `{"path":"/cgi-bin/oa/getapprovalinfo","response":{"sp_no_list":[]},"times":1}`},
	{http.MethodPost, "/_mock/login/next", `{"corpid":"` + testkit.Corp1 + `","userid":"lisi"}`},
	{http.MethodPost, "/_mock/qrlogins", `{"corpid":"` + testkit.Corp1 + `","agentid":1000002}`},
	{http.MethodPost, "/_mock/qrlogins/nokey/scan", `{"userid":"zhangsan"}`},
	{http.MethodPost, "/_mock/contacts/users", `{"corpid":"` + testkit.Corp1 + `","create":[{"userid":"fz1","name":"F","department":[1]}]}`},
	{http.MethodPost, "/_mock/contacts/departments", `{"corpid":"` + testkit.Corp1 + `","create":[{"id":900,"name":"D","parentid":1}]}`},
	{http.MethodPost, "/_mock/contacts/tags", `{"corpid":"` + testkit.Corp1 + `","create":[{"tagid":90,"tagname":"T"}]}`},
	{http.MethodPost, "/_mock/externalcontact/add", `{"corpid":"` + testkit.Corp1 + `","userid":"zhangsan","external_contact":{"name":"C"}}`},
	{http.MethodPost, "/_mock/externalcontact/edit", `{}`},
	{http.MethodPost, "/_mock/externalcontact/groupchats", `{}`},
	{http.MethodPost, "/_mock/externalcontact/tags", `{}`},
	{http.MethodPost, "/_mock/externalcontact/groupmsg/send", `{}`},
	{http.MethodPost, "/_mock/externalcontact/transfer/accept", `{}`},
	{http.MethodPost, "/_mock/messages/nomsg/click", `{"userid":"zhangsan","key":"k"}`},
	{http.MethodPost, "/_mock/suites/wwmocksuite000001/install", `{"corpid":"` + testkit.Corp1 + `"}`},
	{http.MethodPost, "/_mock/suites/wwmocksuite000001/ticket", `{}`},
	{http.MethodPost, "/_mock/suites/wwmocksuite000001/codes", `{"kind":"oauth"}`},
	{http.MethodPost, "/_mock/suites/wwmocksuite000001/change_auth", `{}`},
	{http.MethodPost, "/_mock/sandboxes", `{"ttl_seconds":60}`},
	{http.MethodPut, "/_mock/fixtures", `{"corps":[]}`},
}

// FuzzControlBodies sends arbitrary bytes as the body of a control
// endpoint the input picks: the answer is a 2xx or a clear 4xx JSON
// error, never a 5xx, a panic or something that is not JSON.
func FuzzControlBodies(f *testing.F) {
	for i, e := range fuzzControlEndpoints {
		f.Add(uint8(i), []byte(e.seed))
		f.Add(uint8(i), []byte(`{"corpid":`))
	}
	for _, s := range []string{``, `null`, `[]`, `"x"`, `{"seconds":1e309}`, `{"seconds":-1}`, `{} {}`, `{"times":-5}`, "\xff\xfe"} {
		f.Add(uint8(0), []byte(s))
		f.Add(uint8(4), []byte(s))
	}
	// The kinds of fault, their matches and their chance (entry 3 is
	// POST /_mock/faults).
	for _, s := range []string{
		`{"path":"/cgi-bin/gettoken","kind":"reset"}`,
		`{"path":"*","kind":"http","status":502,"times":0,"probability":0.25,"seed":42}`,
		`{"path":"*","kind":"http","status":500}`,
		`{"path":"/cgi-bin/user/get","kind":"malformed","match":{"query":{"userid":"lisi"}}}`,
		`{"path":"/cgi-bin/user/get","kind":"slow","bytes_per_second":64,"agentid":1000002}`,
		`{"path":"/cgi-bin/message/send","kind":"slow","bytes_per_second":1e99}`,
		`{"path":"/cgi-bin/message/send","errcode":-1,"match":{"body":{"touser":"lisi","text":{"content":"x"}}}}`,
		`{"path":"*","kind":"reset","probability":2}`,
		`{"path":"*","kind":"reset","seed":-1,"probability":1e-300}`,
		`{"path":"*","kind":"nope"}`,
		`{"path":"*","kind":"reset","match":{"body":"x"}}`,
	} {
		f.Add(uint8(3), []byte(s))
	}
	srv := mockserver.NewTest(f)
	client := &http.Client{Timeout: 20 * time.Second}
	f.Fuzz(func(t *testing.T, sel uint8, body []byte) {
		e := fuzzControlEndpoints[int(sel)%len(fuzzControlEndpoints)]
		req, err := http.NewRequest(e.method, srv.URL()+e.path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", e.method, e.path, err)
		}
		defer res.Body.Close()
		var answer any
		decErr := json.NewDecoder(res.Body).Decode(&answer)
		switch {
		case res.StatusCode >= 500:
			t.Errorf("%s %s %q: HTTP %d %v", e.method, e.path, body, res.StatusCode, answer)
		case !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"):
			t.Errorf("%s %s %q: Content-Type %q", e.method, e.path, body, res.Header.Get("Content-Type"))
		case decErr != nil:
			t.Errorf("%s %s %q: answer is not JSON: %v", e.method, e.path, body, decErr)
		}
	})
}
