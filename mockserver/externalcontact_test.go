package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The control API of the customer's side answers a refusal with a 4xx and
// words that say what is wrong; a success with the event's deliveries.
func TestExternalContactControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	post := func(path string, body any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/externalcontact/"+path, body)
	}
	testkit.ControlError(t, post("add", map[string]any{
		"corpid": testkit.Corp1, "userid": "lisi", "config_id": testkit.ContactWay1,
		"customer": map[string]any{"name": "扫码客户", "type": 1},
	}), http.StatusBadRequest, "not in the contact way")
	added := testkit.ControlJSON(t, post("add", map[string]any{
		"corpid": testkit.Corp1, "userid": "zhangsan", "config_id": testkit.ContactWay1,
		"customer": map[string]any{"name": "扫码客户", "type": 1},
	}), http.StatusOK)
	if added["state"] != "channel_a" || added["welcome_code"] == "" || added["external_userid"] == "" {
		t.Errorf("add through the contact way: %v", added)
	}
	for _, tc := range []struct {
		name, path string
		body       any
		status     int
		words      string
	}{
		{"neither customer nor id", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan"}, http.StatusBadRequest, "external_userid"},
		{"both customer and id", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "external_userid": testkit.Customer1, "customer": map[string]any{"name": "x"}}, http.StatusBadRequest, "external_userid"},
		{"unknown corp", "add", map[string]any{"corpid": "wwnope", "userid": "zhangsan", "external_userid": testkit.Customer1}, http.StatusNotFound, "corpid"},
		{"unknown member", "add", map[string]any{"corpid": testkit.Corp1, "userid": "nobody", "external_userid": testkit.Customer1}, http.StatusNotFound, "userid"},
		{"member without 客户联系", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhouqi", "external_userid": testkit.Customer1}, http.StatusBadRequest, "84074"},
		{"already following", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "external_userid": testkit.Customer1}, http.StatusConflict, "already follows"},
		{"unknown customer", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "external_userid": "wmnobody"}, http.StatusNotFound, "external userid"},
		{"customer without a name", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "customer": map[string]any{"type": 1}}, http.StatusBadRequest, "name"},
		{"taken external_userid", "add", map[string]any{"corpid": testkit.Corp1, "userid": "wangwu", "customer": map[string]any{"name": "x", "external_userid": testkit.Customer1}}, http.StatusConflict, "exists"},
		{"unknown contact way", "add", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "config_id": "nope", "customer": map[string]any{"name": "x"}}, http.StatusNotFound, "config_id"},
		{"misspelt field", "add", map[string]any{"corpid": testkit.Corp1, "user_id": "zhangsan"}, http.StatusBadRequest, "user_id"},
		{"no relation to delete", "del_follow_user", map[string]any{"corpid": testkit.Corp1, "userid": "wangwu", "external_userid": testkit.Customer1}, http.StatusNotFound, "not external contact"},
		{"no relation to edit", "edit", map[string]any{"corpid": testkit.Corp1, "userid": "wangwu", "external_userid": testkit.Customer1}, http.StatusNotFound, "not external contact"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ControlError(t, post(tc.path, tc.body), tc.status, tc.words)
		})
	}
	got := testkit.ControlJSON(t, post("del_external_contact", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan", "external_userid": testkit.Customer2}), http.StatusOK)
	if got["event"] != "change_external_contact" || got["change_type"] != "del_external_contact" {
		t.Errorf("del_external_contact: %v", got)
	}
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/externalcontact/add"), http.StatusMethodNotAllowed, "GET")
}
