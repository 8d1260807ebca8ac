package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The callback and contact endpoints of the control API, over HTTP, as a
// test in any language would use them.
func TestCallbackControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithCallbackTimeout(2*time.Second))
	ctl := func(method, path string, body any) *testkit.Resp {
		return testkit.SendJSON(t, method, srv.URL()+"/_mock"+path, body)
	}
	app := newAppReceiver(t, testkit.Corp1, nil)
	cfg := map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey}

	// Configuration, verified like the admin console does.
	m := testkit.ControlJSON(t, ctl(http.MethodPut, "/callbacks/config", cfg), http.StatusOK)
	if m["saved"] != true || testkit.Obj(t, m, "verification")["verified"] != true {
		t.Fatalf("PUT config: %v", m)
	}
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "nope", 403) }))
	t.Cleanup(refuse.Close)
	testkit.ControlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{
		"corpid": testkit.Corp1, "agentid": 0, "url": refuse.URL, "token": cbToken, "encoding_aes_key": cbKey,
	}), http.StatusUnprocessableEntity, "URL verification failed", "HTTP 403")
	testkit.ControlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": "wwnope", "agentid": 1, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey}),
		http.StatusNotFound, "wwnope")
	testkit.ControlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": testkit.Corp1, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey, "tokn": 1}),
		http.StatusBadRequest, "tokn")
	m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks/config", nil), http.StatusOK)
	if cbs := testkit.List(t, m, "callbacks"); len(cbs) != 1 || testkit.Item(t, cbs, 0)["url"] != app.URL {
		t.Errorf("GET config: %v", m)
	}

	// Trigger, then wait for it.
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{
		"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "text", "from": "zhangsan", "content": "hi",
	}), http.StatusOK)
	id := testkit.Str(t, m, "id")
	if !strings.Contains(testkit.Str(t, m, "plaintext"), "<Content><![CDATA[hi]]></Content>") || testkit.Num(t, m, "msgid") == 0 {
		t.Errorf("trigger: %v", m)
	}
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"id": id, "timeout_ms": 5000}), http.StatusOK)
	d := testkit.Item(t, testkit.List(t, m, "callbacks"), 0)
	if d["status"] != "delivered" || d["kind"] != "text" || len(testkit.List(t, d, "attempts")) != 1 {
		t.Errorf("wait: %v", d)
	}
	if ev := app.next(t); testkit.As[*callback.TextMessage](t, ev).Content != "hi" {
		t.Errorf("received %s", ev.Raw())
	}
	m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks/"+id, nil), http.StatusOK)
	if m["id"] != id || m["receiver"] != "app" || testkit.Num(t, m, "agentid") != testkit.AgentID {
		t.Errorf("GET one: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodGet, "/callbacks/cb999999", nil), http.StatusNotFound, "cb999999")
	testkit.ControlError(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"id": "cb999999"}), http.StatusNotFound, "cb999999")

	// Trigger refusals.
	for _, tc := range []struct {
		body   map[string]any
		status int
		want   string
	}{
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "shout", "from": "zhangsan"}, 400, "unknown \"kind\""},
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "text", "from": "wangwu", "content": "x"}, 400, "outside the visible range"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "text", "from": "ghost", "content": "x"}, 404, "no member"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "text", "from": "zhangsan"}, 400, "content"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "click", "from": "zhangsan"}, 400, "event_key"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "raw", "xml": "<xml><a></xml>"}, 400, "not well-formed"},
		{map[string]any{"corpid": testkit.Corp2, "agentid": testkit.AgentID, "kind": "enter_agent", "from": "zhaoliu"}, 409, "no callback configured"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": 0, "kind": "raw", "xml": "<xml/>"}, 409, "contact-sync assistant"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": 0, "kind": "text", "from": "zhangsan", "content": "x"}, 400, "agentid"},
		{map[string]any{"corpid": testkit.Corp1, "agentid": 9, "kind": "text", "from": "zhangsan", "content": "x"}, 404, "agentid 9"},
	} {
		testkit.ControlError(t, ctl(http.MethodPost, "/callbacks/trigger", tc.body), tc.status, tc.want)
	}

	// Contact changes from the console.
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": testkit.Corp1, "action": "create",
		"user": map[string]any{"userid": "qianshi", "name": "钱十", "department": []int{4}, "mobile": "13600000010"},
	}), http.StatusOK)
	if m["change_type"] != "create_user" || m["userid"] != "qianshi" || len(testkit.List(t, m, "deliveries")) != 1 {
		t.Errorf("create: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": testkit.Corp1, "action": "create", "user": map[string]any{"userid": "qianshi", "name": "x", "department": []int{4}, "mobile": "1"},
	}), http.StatusBadRequest, "invalid mobile", "60103")
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": testkit.Corp1, "action": "create", "user": map[string]any{"userid": "qianshi", "name": "x", "department": []int{4}, "mobile": "13600000011"},
	}), http.StatusConflict, "userid existed", "60102")
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": testkit.Corp1, "action": "create", "user": map[string]any{"userid": "x", "nmae": "typo"}}),
		http.StatusBadRequest, "nmae")
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": testkit.Corp1, "action": "update", "user": map[string]any{"userid": "qianshi", "position": "实习生"},
	}), http.StatusOK)
	if m["change_type"] != "update_user" {
		t.Errorf("update: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": testkit.Corp1, "action": "delete", "user": map[string]any{"userid": "ghost"}}),
		http.StatusNotFound, "userid not found")
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": "wwnope", "action": "delete", "user": map[string]any{"userid": "x"}}),
		http.StatusNotFound, "wwnope")
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": testkit.Corp1, "action": "fire", "user": map[string]any{"userid": "x"}}),
		http.StatusBadRequest, "action")
	testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": testkit.Corp1, "action": "delete", "user": map[string]any{"userid": "qianshi"}}), http.StatusOK)

	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{
		"corpid": testkit.Corp1, "action": "create", "department": map[string]any{"name": "新组", "parentid": 2, "id": 30},
	}), http.StatusOK)
	if testkit.Num(t, m, "id") != 30 || m["change_type"] != "create_party" {
		t.Errorf("department create: %v", m)
	}
	testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": testkit.Corp1, "action": "update", "department": map[string]any{"id": 30, "name": "新名"}}), http.StatusOK)
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": testkit.Corp1, "action": "delete", "department": map[string]any{"id": 4}}),
		http.StatusConflict, "department contains members")
	testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": testkit.Corp1, "action": "delete", "department": map[string]any{"id": 30}}), http.StatusOK)
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/contacts/tags", map[string]any{"corpid": testkit.Corp1, "action": "add", "tagid": 1, "userlist": []string{"lisi", "ghost"}}), http.StatusOK)
	if !slices.Contains(testkit.List(t, m, "invalidlist"), any("ghost")) || m["change_type"] != "update_tag" {
		t.Errorf("tags: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodPost, "/contacts/tags", map[string]any{"corpid": testkit.Corp1, "action": "add", "tagid": 5, "userlist": []string{"lisi"}}),
		http.StatusNotFound, "invalid tagid")

	// The journal, filtered.
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"kind": "change_contact"}), http.StatusOK)
	if n := len(testkit.List(t, m, "callbacks")); n != 7 {
		t.Errorf("%d change_contact deliveries, want 7: %v", n, m)
	}
	m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks?kind=change_contact/update_user&agentid=1000002&status=delivered", nil), http.StatusOK)
	if n := len(testkit.List(t, m, "callbacks")); n != 1 {
		t.Errorf("filtered journal: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodGet, "/callbacks?agentid=x", nil), http.StatusBadRequest, "agentid")

	// A wait that runs out answers 504 naming what is still pending.
	stall := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(stall.Close)
	testkit.ControlJSON(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": testkit.Corp2, "agentid": testkit.AgentID, "url": stall.URL, "token": cbToken, "encoding_aes_key": cbKey, "skip_verify": true}), http.StatusOK)
	m = testkit.ControlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{"corpid": testkit.Corp2, "agentid": testkit.AgentID, "kind": "enter_agent", "from": "zhaoliu"}), http.StatusOK)
	r := ctl(http.MethodPost, "/callbacks/wait", map[string]any{"corpid": testkit.Corp2, "timeout_ms": 20})
	if r.Status != http.StatusGatewayTimeout || !strings.Contains(string(r.Body), testkit.Str(t, m, "id")) {
		t.Errorf("wait timeout: %s", r)
	}
	testkit.ControlError(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"timeout_ms": -1}), http.StatusBadRequest, "timeout_ms")

	// Removal, clearing, reset.
	m = testkit.ControlJSON(t, ctl(http.MethodDelete, "/callbacks/config?corpid="+testkit.Corp2+"&agentid=1000002", nil), http.StatusOK)
	if m["removed"] != true {
		t.Errorf("DELETE config: %v", m)
	}
	testkit.ControlError(t, ctl(http.MethodDelete, "/callbacks/config?agentid=1", nil), http.StatusBadRequest, "corpid")
	testkit.ControlJSON(t, ctl(http.MethodDelete, "/callbacks", nil), http.StatusOK)
	if m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks", nil), http.StatusOK); len(testkit.List(t, m, "callbacks")) != 0 {
		t.Errorf("after DELETE: %v", m)
	}
	testkit.ControlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": "enter_agent", "from": "lisi"}), http.StatusOK)
	testkit.ControlJSON(t, ctl(http.MethodPost, "/reset", nil), http.StatusOK)
	if m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks", nil), http.StatusOK); len(testkit.List(t, m, "callbacks")) != 0 {
		t.Errorf("after reset: %v", m)
	}
	if m = testkit.ControlJSON(t, ctl(http.MethodGet, "/callbacks/config", nil), http.StatusOK); len(testkit.List(t, m, "callbacks")) != 0 {
		t.Errorf("config after reset: %v", m)
	}
	r = ctl(http.MethodPatch, "/callbacks/config", nil)
	if r.Status != http.StatusMethodNotAllowed {
		t.Errorf("PATCH: %s", r)
	}
}
