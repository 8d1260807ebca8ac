package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The callback and contact endpoints of the control API, over HTTP, as a
// test in any language would use them.
func TestCallbackControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithCallbackTimeout(2*time.Second))
	ctl := func(method, path string, body any) *resp {
		return sendJSON(t, method, srv.URL()+"/_mock"+path, body)
	}
	app := newAppReceiver(t, corp1, nil)
	cfg := map[string]any{"corpid": corp1, "agentid": agentID, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey}

	// Configuration, verified like the admin console does.
	m := controlJSON(t, ctl(http.MethodPut, "/callbacks/config", cfg), http.StatusOK)
	if m["saved"] != true || m["verification"].(map[string]any)["verified"] != true {
		t.Fatalf("PUT config: %v", m)
	}
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "nope", 403) }))
	t.Cleanup(refuse.Close)
	controlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{
		"corpid": corp1, "agentid": 0, "url": refuse.URL, "token": cbToken, "encoding_aes_key": cbKey,
	}), http.StatusUnprocessableEntity, "URL verification failed", "HTTP 403")
	controlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": "wwnope", "agentid": 1, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey}),
		http.StatusNotFound, "wwnope")
	controlError(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": corp1, "url": app.URL, "token": cbToken, "encoding_aes_key": cbKey, "tokn": 1}),
		http.StatusBadRequest, "tokn")
	m = controlJSON(t, ctl(http.MethodGet, "/callbacks/config", nil), http.StatusOK)
	if cbs := m["callbacks"].([]any); len(cbs) != 1 || cbs[0].(map[string]any)["url"] != app.URL {
		t.Errorf("GET config: %v", m)
	}

	// Trigger, then wait for it.
	m = controlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{
		"corpid": corp1, "agentid": agentID, "kind": "text", "from": "zhangsan", "content": "hi",
	}), http.StatusOK)
	id := str(t, m, "id")
	if !strings.Contains(str(t, m, "plaintext"), "<Content><![CDATA[hi]]></Content>") || num(t, m, "msgid") == 0 {
		t.Errorf("trigger: %v", m)
	}
	m = controlJSON(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"id": id, "timeout_ms": 5000}), http.StatusOK)
	d := m["callbacks"].([]any)[0].(map[string]any)
	if d["status"] != "delivered" || d["kind"] != "text" || len(d["attempts"].([]any)) != 1 {
		t.Errorf("wait: %v", d)
	}
	if ev := app.next(t); ev.(*callback.TextMessage).Content != "hi" {
		t.Errorf("received %s", ev.Raw())
	}
	m = controlJSON(t, ctl(http.MethodGet, "/callbacks/"+id, nil), http.StatusOK)
	if m["id"] != id || m["receiver"] != "app" || num(t, m, "agentid") != agentID {
		t.Errorf("GET one: %v", m)
	}
	controlError(t, ctl(http.MethodGet, "/callbacks/cb999999", nil), http.StatusNotFound, "cb999999")
	controlError(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"id": "cb999999"}), http.StatusNotFound, "cb999999")

	// Trigger refusals.
	for _, tc := range []struct {
		body   map[string]any
		status int
		want   string
	}{
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "shout", "from": "zhangsan"}, 400, "unknown \"kind\""},
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "text", "from": "wangwu", "content": "x"}, 400, "outside the visible range"},
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "text", "from": "ghost", "content": "x"}, 404, "no member"},
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "text", "from": "zhangsan"}, 400, "content"},
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "click", "from": "zhangsan"}, 400, "event_key"},
		{map[string]any{"corpid": corp1, "agentid": agentID, "kind": "raw", "xml": "<xml><a></xml>"}, 400, "not well-formed"},
		{map[string]any{"corpid": corp2, "agentid": agentID, "kind": "enter_agent", "from": "zhaoliu"}, 409, "no callback configured"},
		{map[string]any{"corpid": corp1, "agentid": 0, "kind": "raw", "xml": "<xml/>"}, 409, "contact-sync assistant"},
		{map[string]any{"corpid": corp1, "agentid": 0, "kind": "text", "from": "zhangsan", "content": "x"}, 400, "agentid"},
		{map[string]any{"corpid": corp1, "agentid": 9, "kind": "text", "from": "zhangsan", "content": "x"}, 404, "agentid 9"},
	} {
		controlError(t, ctl(http.MethodPost, "/callbacks/trigger", tc.body), tc.status, tc.want)
	}

	// Contact changes from the console.
	m = controlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": corp1, "action": "create",
		"user": map[string]any{"userid": "qianshi", "name": "钱十", "department": []int{4}, "mobile": "13600000010"},
	}), http.StatusOK)
	if m["change_type"] != "create_user" || m["userid"] != "qianshi" || len(m["deliveries"].([]any)) != 1 {
		t.Errorf("create: %v", m)
	}
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": corp1, "action": "create", "user": map[string]any{"userid": "qianshi", "name": "x", "department": []int{4}, "mobile": "1"},
	}), http.StatusBadRequest, "invalid mobile", "60103")
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": corp1, "action": "create", "user": map[string]any{"userid": "qianshi", "name": "x", "department": []int{4}, "mobile": "13600000011"},
	}), http.StatusConflict, "userid existed", "60102")
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": corp1, "action": "create", "user": map[string]any{"userid": "x", "nmae": "typo"}}),
		http.StatusBadRequest, "nmae")
	m = controlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{
		"corpid": corp1, "action": "update", "user": map[string]any{"userid": "qianshi", "position": "实习生"},
	}), http.StatusOK)
	if m["change_type"] != "update_user" {
		t.Errorf("update: %v", m)
	}
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": corp1, "action": "delete", "user": map[string]any{"userid": "ghost"}}),
		http.StatusNotFound, "userid not found")
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": "wwnope", "action": "delete", "user": map[string]any{"userid": "x"}}),
		http.StatusNotFound, "wwnope")
	controlError(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": corp1, "action": "fire", "user": map[string]any{"userid": "x"}}),
		http.StatusBadRequest, "action")
	controlJSON(t, ctl(http.MethodPost, "/contacts/users", map[string]any{"corpid": corp1, "action": "delete", "user": map[string]any{"userid": "qianshi"}}), http.StatusOK)

	m = controlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{
		"corpid": corp1, "action": "create", "department": map[string]any{"name": "新组", "parentid": 2, "id": 30},
	}), http.StatusOK)
	if num(t, m, "id") != 30 || m["change_type"] != "create_party" {
		t.Errorf("department create: %v", m)
	}
	controlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": corp1, "action": "update", "department": map[string]any{"id": 30, "name": "新名"}}), http.StatusOK)
	controlError(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": corp1, "action": "delete", "department": map[string]any{"id": 4}}),
		http.StatusConflict, "department contains members")
	controlJSON(t, ctl(http.MethodPost, "/contacts/departments", map[string]any{"corpid": corp1, "action": "delete", "department": map[string]any{"id": 30}}), http.StatusOK)
	m = controlJSON(t, ctl(http.MethodPost, "/contacts/tags", map[string]any{"corpid": corp1, "action": "add", "tagid": 1, "userlist": []string{"lisi", "ghost"}}), http.StatusOK)
	if m["invalidlist"].([]any)[0] != "ghost" || m["change_type"] != "update_tag" {
		t.Errorf("tags: %v", m)
	}
	controlError(t, ctl(http.MethodPost, "/contacts/tags", map[string]any{"corpid": corp1, "action": "add", "tagid": 5, "userlist": []string{"lisi"}}),
		http.StatusNotFound, "invalid tagid")

	// The journal, filtered.
	m = controlJSON(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"kind": "change_contact"}), http.StatusOK)
	if n := len(m["callbacks"].([]any)); n != 7 {
		t.Errorf("%d change_contact deliveries, want 7: %v", n, m)
	}
	m = controlJSON(t, ctl(http.MethodGet, "/callbacks?kind=change_contact/update_user&agentid=1000002&status=delivered", nil), http.StatusOK)
	if n := len(m["callbacks"].([]any)); n != 1 {
		t.Errorf("filtered journal: %v", m)
	}
	controlError(t, ctl(http.MethodGet, "/callbacks?agentid=x", nil), http.StatusBadRequest, "agentid")

	// A wait that runs out answers 504 naming what is still pending.
	stall := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(stall.Close)
	controlJSON(t, ctl(http.MethodPut, "/callbacks/config", map[string]any{"corpid": corp2, "agentid": agentID, "url": stall.URL, "token": cbToken, "encoding_aes_key": cbKey, "skip_verify": true}), http.StatusOK)
	m = controlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{"corpid": corp2, "agentid": agentID, "kind": "enter_agent", "from": "zhaoliu"}), http.StatusOK)
	r := ctl(http.MethodPost, "/callbacks/wait", map[string]any{"corpid": corp2, "timeout_ms": 20})
	if r.Status != http.StatusGatewayTimeout || !strings.Contains(string(r.Body), str(t, m, "id")) {
		t.Errorf("wait timeout: %s", r)
	}
	controlError(t, ctl(http.MethodPost, "/callbacks/wait", map[string]any{"timeout_ms": -1}), http.StatusBadRequest, "timeout_ms")

	// Removal, clearing, reset.
	m = controlJSON(t, ctl(http.MethodDelete, "/callbacks/config?corpid="+corp2+"&agentid=1000002", nil), http.StatusOK)
	if m["removed"] != true {
		t.Errorf("DELETE config: %v", m)
	}
	controlError(t, ctl(http.MethodDelete, "/callbacks/config?agentid=1", nil), http.StatusBadRequest, "corpid")
	controlJSON(t, ctl(http.MethodDelete, "/callbacks", nil), http.StatusOK)
	if m = controlJSON(t, ctl(http.MethodGet, "/callbacks", nil), http.StatusOK); len(m["callbacks"].([]any)) != 0 {
		t.Errorf("after DELETE: %v", m)
	}
	controlJSON(t, ctl(http.MethodPost, "/callbacks/trigger", map[string]any{"corpid": corp1, "agentid": agentID, "kind": "enter_agent", "from": "lisi"}), http.StatusOK)
	controlJSON(t, ctl(http.MethodPost, "/reset", nil), http.StatusOK)
	if m = controlJSON(t, ctl(http.MethodGet, "/callbacks", nil), http.StatusOK); len(m["callbacks"].([]any)) != 0 {
		t.Errorf("after reset: %v", m)
	}
	if m = controlJSON(t, ctl(http.MethodGet, "/callbacks/config", nil), http.StatusOK); len(m["callbacks"].([]any)) != 0 {
		t.Errorf("config after reset: %v", m)
	}
	r = ctl(http.MethodPatch, "/callbacks/config", nil)
	if r.Status != http.StatusMethodNotAllowed {
		t.Errorf("PATCH: %s", r)
	}
}
