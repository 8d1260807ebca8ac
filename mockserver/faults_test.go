package mockserver_test

import (
	"bytes"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func addFault(t testing.TB, srv *mockserver.Server, body string) map[string]any {
	t.Helper()
	m := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", body), http.StatusOK)
	if testkit.Str(t, m, "id") == "" {
		t.Fatalf("fault has no id: %v", m)
	}
	return m
}

func listFaults(t testing.TB, srv *mockserver.Server) []any {
	t.Helper()
	m := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/faults"), http.StatusOK)
	list, ok := m["faults"].([]any)
	if !ok {
		t.Fatalf(`want {"faults": [...]}, got %v`, m)
	}
	return list
}

func TestFaultErrcodeTimes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	f := addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":45009,"times":2}`)
	if testkit.Num(t, f, "times") != 2 || testkit.Num(t, f, "remaining") != 2 || testkit.Num(t, f, "errcode") != 45009 {
		t.Errorf("added fault %v", f)
	}

	// Other APIs are not affected.
	testkit.AppToken(t, srv)

	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
	if list := listFaults(t, srv); len(list) != 1 || testkit.Num(t, testkit.As[map[string]any](t, list[0]), "remaining") != 1 {
		t.Errorf("after one hit: %v", list)
	}
	m := testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
	if !testkit.ErrmsgPattern(errcode.FreqOutOfLimit).MatchString(testkit.Str(t, m, "errmsg")) {
		t.Errorf("errmsg %q", m["errmsg"])
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("a spent fault is still listed: %v", list)
	}
}

func TestFaultDefaultsToOnce(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1}`)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.SystemBusy)
	testkit.AppToken(t, srv)
}

func TestFaultSystemBusy(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":1}`)
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret))
	m := testkit.WeComError(t, r, errcode.SystemBusy)
	if _, ok := m["access_token"]; ok {
		t.Errorf("fault answer carries a token: %v", m)
	}
	if !bytes.HasPrefix(r.Body, []byte(`{"errcode":-1,"errmsg":"system busy, hint: [`)) {
		t.Errorf("body %s", r.Body)
	}
}

func TestFaultUntilRemoved(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	f := addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":40001,"times":0}`)
	u := testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
	for range 5 {
		testkit.GetWeComError(t, u, errcode.InvalidCredential)
	}
	id := testkit.Str(t, f, "id")
	m := testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+id, nil, nil), http.StatusOK)
	if m["removed"] != id {
		t.Errorf("DELETE answered %v", m)
	}
	testkit.GetOK(t, u)
	testkit.ControlError(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+id, nil, nil), http.StatusNotFound, id)
}

func TestFaultCustomErrmsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithPlainErrmsg())
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":60020,"errmsg":"not allow to access from your ip"}`)
	m := testkit.GetJSON(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret))
	if testkit.ErrCode(t, m) != 60020 || m["errmsg"] != "not allow to access from your ip" {
		t.Errorf("got %v", m)
	}
}

func TestFaultScopedToCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok1 := testkit.AppToken(t, srv)
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":0,"corpid":"wwmockcorp000002"}`)

	// Corp 1 is untouched, by corpid parameter and by token.
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret))
	testkit.GetOK(t, testkit.UserGetURL(srv, tok1, "zhangsan"))
	// Corp 2 is hit, by corpid parameter and by token (valid or expired).
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp2, "corpsecret", testkit.AppSecret2), errcode.FreqOutOfLimit)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok2, "zhaoliu"), errcode.FreqOutOfLimit)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok2, "x"), errcode.FreqOutOfLimit)
	// A call for no corp at all is not corp 2's.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
}

func TestFaultWildcardPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	addFault(t, srv, `{"path":"*","errcode":-1,"times":3}`)
	// A login page is not a WeCom API: it neither fails nor uses up the fault.
	if r := testkit.Do(t, http.MethodGet, srv.URL()+"/connect/oauth2/authorize?appid="+testkit.Corp1, nil, nil); r.Status == http.StatusOK && strings.Contains(string(r.Body), `"errcode"`) {
		t.Errorf("the authorize page answered with a WeCom error: %s", r.Body)
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.SystemBusy)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.SystemBusy)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, "x"), errcode.SystemBusy)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
}

func TestFaultOnlyMatchingPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	addFault(t, srv, `{"path":"/cgi-bin/miniprogram/jscode2session","errcode":-1,"times":1}`)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	testkit.AppToken(t, srv)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, "x"), errcode.SystemBusy)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok, "x"), errcode.InvalidCode)
}

func TestFaultFirstMatchWins(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":1}`)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":1}`)
	u := testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
	testkit.GetWeComError(t, u, errcode.SystemBusy)
	testkit.GetWeComError(t, u, errcode.FreqOutOfLimit)
	testkit.GetOK(t, u)
}

func TestFaultDelayOnly(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","delay_ms":150,"times":1}`)
	u := testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
	began := time.Now()
	testkit.GetOK(t, u) // slowed down, but the real answer
	if took := time.Since(began); took < 150*time.Millisecond {
		t.Errorf("delayed call took %v, want at least 150ms", took)
	}
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("delay fault still listed: %v", list)
	}
}

func TestFaultDelayThenError(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","delay_ms":100,"errcode":-1}`)
	began := time.Now()
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.SystemBusy)
	if took := time.Since(began); took < 100*time.Millisecond {
		t.Errorf("took %v, want at least 100ms", took)
	}
}

func TestFaultHTTPStatus(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","http_status":502}`)
	u := testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
	r := testkit.Get(t, u)
	if r.Status != http.StatusBadGateway || len(r.Body) != 0 {
		t.Errorf("got %s, want an empty 502", r)
	}
	if r.Header.Get("Error-Code") != "" {
		t.Errorf("502 carries Error-Code %q", r.Header.Get("Error-Code"))
	}
	testkit.GetOK(t, u)
	reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})
	if len(reqs) != 2 || reqs[0].Status != 502 || reqs[0].ErrCode != nil || reqs[1].Status != 200 {
		t.Errorf("journal %+v", reqs)
	}
}

func TestFaultListAndDelete(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if list := listFaults(t, srv); len(list) != 0 {
		t.Fatalf("fresh server has faults: %v", list)
	}
	a := addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":0}`)
	b := addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":45009,"times":3,"corpid":"wwmockcorp000001"}`)
	c := addFault(t, srv, `{"path":"*","http_status":503,"times":0}`)
	if testkit.Str(t, a, "id") == testkit.Str(t, b, "id") || testkit.Str(t, b, "id") == testkit.Str(t, c, "id") {
		t.Fatalf("fault ids not unique: %v %v %v", a, b, c)
	}
	list := listFaults(t, srv)
	if len(list) != 3 {
		t.Fatalf("want 3 faults, got %v", list)
	}
	second := testkit.As[map[string]any](t, list[1])
	if second["id"] != b["id"] || second["path"] != "/cgi-bin/user/get" || second["corpid"] != testkit.Corp1 ||
		testkit.Num(t, second, "remaining") != 3 || testkit.Num(t, second, "times") != 3 {
		t.Errorf("listed fault %v", second)
	}

	testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+testkit.Str(t, b, "id"), nil, nil), http.StatusOK)
	if list := listFaults(t, srv); len(list) != 2 {
		t.Errorf("after DELETE one: %v", list)
	}
	testkit.ControlError(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/faults/nope", nil, nil), http.StatusNotFound, "nope")

	m := testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/faults", nil, nil), http.StatusOK)
	if l, ok := m["faults"].([]any); !ok || len(l) != 0 {
		t.Errorf("DELETE all answered %v", m)
	}
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("after DELETE all: %v", list)
	}
	if got := srv.Faults(); len(got) != 0 {
		t.Errorf("Faults() = %+v", got)
	}
	testkit.AppToken(t, srv)
}

func TestFaultGoAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	f, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", ErrCode: 45033, Times: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Remaining != 1 {
		t.Errorf("AddFault = %+v", f)
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.ConcurrentOutOfLimit)
	if _, err := srv.AddFault(mockserver.Fault{Path: "/x"}); err == nil {
		t.Error("AddFault accepted a fault that does nothing")
	}
	g, _ := srv.AddFault(mockserver.Fault{Path: "*", ErrCode: -1})
	if !srv.RemoveFault(g.ID) || srv.RemoveFault(g.ID) {
		t.Error("RemoveFault should succeed once")
	}
	srv.AddFault(mockserver.Fault{Path: "*", ErrCode: -1})
	srv.ClearFaults()
	testkit.AppToken(t, srv)
}

func TestFaultValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct {
		name, body string
		wantInMsg  []string
	}{
		{"empty body", ``, []string{"path"}},
		{"no path", `{"errcode":-1}`, []string{"path"}},
		{"relative path", `{"path":"cgi-bin/gettoken","errcode":-1}`, []string{"must start with /"}},
		{"does nothing", `{"path":"*"}`, []string{"errcode", "delay_ms", "http_status"}},
		{"negative times", `{"path":"*","errcode":-1,"times":-2}`, []string{"times"}},
		{"negative delay", `{"path":"*","delay_ms":-5}`, []string{"delay_ms"}},
		{"huge delay", `{"path":"*","delay_ms":600001}`, []string{"delay_ms"}},
		{"http_status too low", `{"path":"*","http_status":99}`, []string{"http_status"}},
		{"http_status too high", `{"path":"*","http_status":600}`, []string{"http_status"}},
		{"id set by client", `{"id":"mine","path":"*","errcode":-1}`, []string{"id"}},
		{"remaining set by client", `{"path":"*","errcode":-1,"remaining":3}`, []string{"remaining"}},
		{"unknown field", `{"path":"*","errcode":-1,"count":3}`, []string{"count"}},
		{"errcode as string", `{"path":"*","errcode":"45009"}`, []string{"errcode"}},
		{"malformed JSON", `{"path":`, []string{"JSON"}},
		{"errcode without a known errmsg", `{"path":"*","errcode":12345}`, []string{"12345", "errmsg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", tt.body)
			testkit.ControlError(t, r, http.StatusBadRequest, tt.wantInMsg...)
		})
	}
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("rejected faults were added: %v", list)
	}
}

func TestFaultDoesNotTouchControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"*","http_status":500,"times":0}`)
	testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/healthz"), http.StatusOK)
	testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/faults"), http.StatusOK)
}

// hintPattern is the per-answer part of WeCom's errmsg suffix.
var hintPattern = regexp.MustCompile(`hint: \[\d{25}\]`)

// TestFaultBodyIsTheEndpointsError: a fault answers exactly what the
// endpoint's own error of that code is — the code's phrase with the hint
// suffix and the fields user/get's errors keep (its empty arrays) — so an
// app's error decoding sees in tests what it sees in production.
func TestFaultBodyIsTheEndpointsError(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	// wangwu is outside the app's visible range: a real 60011 of user/get.
	real := testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "wangwu"), errcode.NoPrivilege)
	for _, code := range []errcode.Code{errcode.FreqOutOfLimit, errcode.SystemBusy, errcode.NoPrivilege} {
		t.Run(strconv.Itoa(int(code)), func(t *testing.T) {
			addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":`+strconv.Itoa(int(code))+`}`)
			// zhangsan is readable: only the fault makes this call fail.
			got := testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), code)
			if len(got) != len(real) {
				t.Errorf("fault body has %d fields, a real error %d: %v vs %v", len(got), len(real), got, real)
			}
			for k, want := range real {
				switch k {
				case "errcode":
				case "errmsg":
					if code != errcode.NoPrivilege {
						break // GetWeComError checked the phrase and suffix
					}
					g, w := hintPattern.ReplaceAllString(testkit.Str(t, got, k), ""), hintPattern.ReplaceAllString(testkit.As[string](t, want), "")
					if g != w {
						t.Errorf("errmsg %q, a real 60011 says %q", g, w)
					}
				default:
					if !reflect.DeepEqual(got[k], want) {
						t.Errorf("%s = %#v, a real error has %#v", k, got[k], want)
					}
				}
			}
		})
	}
}

// TestFaultBodyWithoutErrorFields: an endpoint whose errors carry nothing
// but errcode and errmsg gets just those from a fault, also through "*".
func TestFaultBodyWithoutErrorFields(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":2}`)
	for _, u := range []string{
		testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret),
		testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"),
	} {
		m := testkit.GetWeComError(t, u, errcode.FreqOutOfLimit)
		if strings.Contains(u, "gettoken") && len(m) != 2 {
			t.Errorf("gettoken's fault body %v, want only errcode and errmsg", m)
		}
		if strings.Contains(u, "user/get") {
			if _, ok := m["department"]; !ok {
				t.Errorf("a wildcard fault on user/get lost its error fields: %v", m)
			}
		}
	}
}

// TestFaultUnknownErrcodeWithErrmsg: a code the mock has no phrase for is
// answered with the errmsg the fault gives, never an invented one.
func TestFaultUnknownErrcodeWithErrmsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithPlainErrmsg())
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":99999,"errmsg":"something new"}`)
	m := testkit.GetJSON(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret))
	if testkit.ErrCode(t, m) != 99999 || m["errmsg"] != "something new" {
		t.Errorf("got %v", m)
	}
}

// TestFaultCap: the faults a server holds are bounded; past MaxFaults a new
// one is refused with a 400 naming the cap, and a call still finds the
// fault of its path among many of other paths.
func TestFaultCap(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for i := range mockserver.MaxFaults - 1 {
		if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/other/" + strconv.Itoa(i), ErrCode: 45009, Times: 0}); err != nil {
			t.Fatalf("fault %d: %v", i, err)
		}
	}
	addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":45009,"times":0}`)
	resp := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", `{"path":"/cgi-bin/user/get","errcode":45009}`)
	m := testkit.ControlJSON(t, resp, http.StatusBadRequest)
	if msg := testkit.Str(t, m, "error"); !strings.Contains(msg, strconv.Itoa(mockserver.MaxFaults)) {
		t.Errorf("refusal %q does not name the cap", msg)
	}
	if n := len(srv.Faults()); n != mockserver.MaxFaults {
		t.Errorf("%d faults held, want %d", n, mockserver.MaxFaults)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
}

// TestFaultWildcardOrder: a "*" fault added before a path's own fault
// answers first, as faults apply in the order they were added.
func TestFaultWildcardOrder(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":1}`)
	addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":60111,"times":1}`)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.UserIDNotFound)
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
}
