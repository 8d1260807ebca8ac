package mockserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func addFault(t testing.TB, srv *mockserver.Server, body string) map[string]any {
	t.Helper()
	m := controlJSON(t, sendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", body), http.StatusOK)
	if str(t, m, "id") == "" {
		t.Fatalf("fault has no id: %v", m)
	}
	return m
}

func listFaults(t testing.TB, srv *mockserver.Server) []any {
	t.Helper()
	m := controlJSON(t, get(t, srv.URL()+"/_mock/faults"), http.StatusOK)
	list, ok := m["faults"].([]any)
	if !ok {
		t.Fatalf(`want {"faults": [...]}, got %v`, m)
	}
	return list
}

func TestFaultErrcodeTimes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	f := addFault(t, srv, `{"path":"/cgi-bin/user/get","errcode":45009,"times":2}`)
	if num(t, f, "times") != 2 || num(t, f, "remaining") != 2 || num(t, f, "errcode") != 45009 {
		t.Errorf("added fault %v", f)
	}

	// Other APIs are not affected.
	appToken(t, srv)

	wecomError(t, userGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
	if list := listFaults(t, srv); len(list) != 1 || num(t, list[0].(map[string]any), "remaining") != 1 {
		t.Errorf("after one hit: %v", list)
	}
	m := wecomError(t, userGetURL(srv, tok, "zhangsan"), errcode.FreqOutOfLimit)
	if !errmsgPattern(errcode.FreqOutOfLimit).MatchString(str(t, m, "errmsg")) {
		t.Errorf("errmsg %q", m["errmsg"])
	}
	okJSON(t, userGetURL(srv, tok, "zhangsan"))
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("a spent fault is still listed: %v", list)
	}
}

func TestFaultDefaultsToOnce(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1}`)
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret), errcode.SystemBusy)
	appToken(t, srv)
}

func TestFaultSystemBusy(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":1}`)
	r := get(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret))
	m := assertWeComError(t, r, errcode.SystemBusy)
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
	u := apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret)
	for range 5 {
		wecomError(t, u, errcode.InvalidCredential)
	}
	id := str(t, f, "id")
	m := controlJSON(t, do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+id, nil, nil), http.StatusOK)
	if m["removed"] != id {
		t.Errorf("DELETE answered %v", m)
	}
	okJSON(t, u)
	controlError(t, do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+id, nil, nil), http.StatusNotFound, id)
}

func TestFaultCustomErrmsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithPlainErrmsg())
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":60020,"errmsg":"not allow to access from your ip"}`)
	m := getJSON(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret))
	if errCodeOf(t, m) != 60020 || m["errmsg"] != "not allow to access from your ip" {
		t.Errorf("got %v", m)
	}
}

func TestFaultScopedToCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok1 := appToken(t, srv)
	tok2 := token(t, srv, corp2, appSecret2)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":0,"corpid":"wwmockcorp000002"}`)

	// Corp 1 is untouched, by corpid parameter and by token.
	okJSON(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret))
	okJSON(t, userGetURL(srv, tok1, "zhangsan"))
	// Corp 2 is hit, by corpid parameter and by token (valid or expired).
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp2, "corpsecret", appSecret2), errcode.FreqOutOfLimit)
	wecomError(t, userGetURL(srv, tok2, "zhaoliu"), errcode.FreqOutOfLimit)
	wecomError(t, sessionURL(srv, tok2, "x"), errcode.FreqOutOfLimit)
	// A call for no corp at all is not corp 2's.
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
}

func TestFaultWildcardPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	addFault(t, srv, `{"path":"*","errcode":-1,"times":3}`)
	// A login page is not a WeCom API: it neither fails nor uses up the fault.
	if r := do(t, http.MethodGet, srv.URL()+"/connect/oauth2/authorize?appid="+corp1, nil, nil); r.Status == http.StatusOK && strings.Contains(string(r.Body), `"errcode"`) {
		t.Errorf("the authorize page answered with a WeCom error: %s", r.Body)
	}
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret), errcode.SystemBusy)
	wecomError(t, userGetURL(srv, tok, "zhangsan"), errcode.SystemBusy)
	wecomError(t, sessionURL(srv, tok, "x"), errcode.SystemBusy)
	okJSON(t, userGetURL(srv, tok, "zhangsan"))
}

func TestFaultOnlyMatchingPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	addFault(t, srv, `{"path":"/cgi-bin/miniprogram/jscode2session","errcode":-1,"times":1}`)
	okJSON(t, userGetURL(srv, tok, "zhangsan"))
	appToken(t, srv)
	wecomError(t, sessionURL(srv, tok, "x"), errcode.SystemBusy)
	wecomError(t, sessionURL(srv, tok, "x"), errcode.InvalidCode)
}

func TestFaultFirstMatchWins(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","errcode":-1,"times":1}`)
	addFault(t, srv, `{"path":"*","errcode":45009,"times":1}`)
	u := apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret)
	wecomError(t, u, errcode.SystemBusy)
	wecomError(t, u, errcode.FreqOutOfLimit)
	okJSON(t, u)
}

func TestFaultDelayOnly(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","delay_ms":150,"times":1}`)
	u := apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret)
	began := time.Now()
	okJSON(t, u) // slowed down, but the real answer
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
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret), errcode.SystemBusy)
	if took := time.Since(began); took < 100*time.Millisecond {
		t.Errorf("took %v, want at least 100ms", took)
	}
}

func TestFaultHTTPStatus(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addFault(t, srv, `{"path":"/cgi-bin/gettoken","http_status":502}`)
	u := apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret)
	r := get(t, u)
	if r.Status != http.StatusBadGateway || len(r.Body) != 0 {
		t.Errorf("got %s, want an empty 502", r)
	}
	if r.Header.Get("Error-Code") != "" {
		t.Errorf("502 carries Error-Code %q", r.Header.Get("Error-Code"))
	}
	okJSON(t, u)
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
	if str(t, a, "id") == str(t, b, "id") || str(t, b, "id") == str(t, c, "id") {
		t.Fatalf("fault ids not unique: %v %v %v", a, b, c)
	}
	list := listFaults(t, srv)
	if len(list) != 3 {
		t.Fatalf("want 3 faults, got %v", list)
	}
	second := list[1].(map[string]any)
	if second["id"] != b["id"] || second["path"] != "/cgi-bin/user/get" || second["corpid"] != corp1 ||
		num(t, second, "remaining") != 3 || num(t, second, "times") != 3 {
		t.Errorf("listed fault %v", second)
	}

	controlJSON(t, do(t, http.MethodDelete, srv.URL()+"/_mock/faults/"+str(t, b, "id"), nil, nil), http.StatusOK)
	if list := listFaults(t, srv); len(list) != 2 {
		t.Errorf("after DELETE one: %v", list)
	}
	controlError(t, do(t, http.MethodDelete, srv.URL()+"/_mock/faults/nope", nil, nil), http.StatusNotFound, "nope")

	m := controlJSON(t, do(t, http.MethodDelete, srv.URL()+"/_mock/faults", nil, nil), http.StatusOK)
	if l, ok := m["faults"].([]any); !ok || len(l) != 0 {
		t.Errorf("DELETE all answered %v", m)
	}
	if list := listFaults(t, srv); len(list) != 0 {
		t.Errorf("after DELETE all: %v", list)
	}
	if got := srv.Faults(); len(got) != 0 {
		t.Errorf("Faults() = %+v", got)
	}
	appToken(t, srv)
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
	wecomError(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret), errcode.ConcurrentOutOfLimit)
	if _, err := srv.AddFault(mockserver.Fault{Path: "/x"}); err == nil {
		t.Error("AddFault accepted a fault that does nothing")
	}
	g, _ := srv.AddFault(mockserver.Fault{Path: "*", ErrCode: -1})
	if !srv.RemoveFault(g.ID) || srv.RemoveFault(g.ID) {
		t.Error("RemoveFault should succeed once")
	}
	srv.AddFault(mockserver.Fault{Path: "*", ErrCode: -1})
	srv.ClearFaults()
	appToken(t, srv)
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sendJSON(t, http.MethodPost, srv.URL()+"/_mock/faults", tt.body)
			controlError(t, r, http.StatusBadRequest, tt.wantInMsg...)
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
	controlJSON(t, get(t, srv.URL()+"/_mock/healthz"), http.StatusOK)
	controlJSON(t, get(t, srv.URL()+"/_mock/faults"), http.StatusOK)
}
