package mockserver_test

import (
	"errors"
	"net/http"
	"strconv"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The control API of customer groups: each action answered with its event,
// each refusal with a 4xx whose words say what is wrong.
func TestCustomerGroupControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	post := func(body map[string]any) *testkit.Resp {
		if _, ok := body["corpid"]; !ok {
			body["corpid"] = testkit.Corp1
		}
		return testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/externalcontact/groupchats", body)
	}
	created := testkit.ControlJSON(t, post(map[string]any{
		"action": "create", "owner": "zhangsan", "name": "新群", "chat_id": "wrmockcontrol01", "opengid": "oAAAmockcontrol01",
		"member_list": []map[string]any{{"userid": testkit.Customer1}, {"userid": "lisi"}}, "admin_list": []string{"lisi"},
	}), http.StatusOK)
	if created["chat_id"] != "wrmockcontrol01" || created["opengid"] != "oAAAmockcontrol01" || created["change_type"] != "create" || created["member_version"] == "" {
		t.Errorf("create: %v", created)
	}
	got := testkit.ControlJSON(t, post(map[string]any{"action": "change_name", "chat_id": "wrmockcontrol01", "name": "改名"}), http.StatusOK)
	if got["event"] != "change_external_chat" || got["change_type"] != "update" || got["update_detail"] != "change_name" {
		t.Errorf("change_name: %v", got)
	}

	chat := "wrmockcontrol01"
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		words  string
	}{
		{"unknown action", map[string]any{"action": "explode", "chat_id": chat}, http.StatusBadRequest, "explode"},
		{"no chat_id", map[string]any{"action": "dismiss"}, http.StatusBadRequest, "chat_id"},
		{"unknown chat", map[string]any{"action": "dismiss", "chat_id": "wrnope"}, http.StatusNotFound, "chat_id"},
		{"unknown corp", map[string]any{"action": "create", "owner": "zhangsan", "corpid": "wwnope"}, http.StatusNotFound, "corpid"},
		{"owner without 客户联系", map[string]any{"action": "create", "owner": "zhouqi"}, http.StatusBadRequest, "84074"},
		{"unknown owner", map[string]any{"action": "create", "owner": "nobody"}, http.StatusNotFound, "userid"},
		{"taken chat_id", map[string]any{"action": "create", "owner": "zhangsan", "chat_id": chat}, http.StatusConflict, "exists"},
		{"taken opengid", map[string]any{"action": "create", "owner": "zhangsan", "opengid": "oAAAmockcontrol01"}, http.StatusConflict, "exists"},
		{"admin not in the group", map[string]any{"action": "create", "owner": "zhangsan", "admin_list": []string{"wangwu"}}, http.StatusNotFound, "not a member"},
		{"already in the group", map[string]any{"action": "add_member", "chat_id": chat, "member_list": []map[string]any{{"userid": "lisi"}}}, http.StatusConflict, "already"},
		{"twice in one add", map[string]any{"action": "add_member", "chat_id": chat, "member_list": []map[string]any{{"userid": "wangwu"}, {"userid": "WangWu"}}}, http.StatusConflict, "already"},
		{"unknown customer", map[string]any{"action": "add_member", "chat_id": chat, "member_list": []map[string]any{{"userid": "wmnobody"}}}, http.StatusNotFound, "external userid"},
		{"unknown member", map[string]any{"action": "add_member", "chat_id": chat, "member_list": []map[string]any{{"userid": "nobody", "type": 1}}}, http.StatusNotFound, "userid"},
		{"nobody to add", map[string]any{"action": "add_member", "chat_id": chat}, http.StatusBadRequest, "nothing"},
		{"join_scene 4", map[string]any{"action": "add_member", "chat_id": chat, "join_scene": 4, "member_list": []map[string]any{{"userid": "wangwu"}}}, http.StatusBadRequest, "member"},
		{"invitor not in the group", map[string]any{"action": "add_member", "chat_id": chat, "invitor": "wangwu", "member_list": []map[string]any{{"userid": testkit.Customer2}}}, http.StatusNotFound, "not a member"},
		{"the owner leaves", map[string]any{"action": "del_member", "chat_id": chat, "userid_list": []string{"zhangsan"}}, http.StatusBadRequest, "owner"},
		{"not in the group", map[string]any{"action": "del_member", "chat_id": chat, "userid_list": []string{testkit.Customer2}}, http.StatusNotFound, "not a member"},
		{"quit_scene 2", map[string]any{"action": "del_member", "chat_id": chat, "quit_scene": 2, "userid_list": []string{"lisi"}}, http.StatusBadRequest, "member"},
		{"new owner not in the group", map[string]any{"action": "change_owner", "chat_id": chat, "new_owner": "wangwu"}, http.StatusNotFound, "not a member"},
		{"same owner", map[string]any{"action": "change_owner", "chat_id": chat, "new_owner": "zhangsan"}, http.StatusBadRequest, "90504"},
		{"misspelt field", map[string]any{"action": "dismiss", "chatid": chat}, http.StatusBadRequest, "chatid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ControlError(t, post(tc.body), tc.status, tc.words)
		})
	}
	got = testkit.ControlJSON(t, post(map[string]any{"action": "dismiss", "chat_id": chat}), http.StatusOK)
	if got["change_type"] != "dismiss" {
		t.Errorf("dismiss: %v", got)
	}
	testkit.ControlError(t, post(map[string]any{"action": "dismiss", "chat_id": chat}), http.StatusNotFound, "chat_id")
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/externalcontact/groupchats"), http.StatusMethodNotAllowed, "GET")
}

// A customer group holds at most 500 members.
func TestCustomerGroupMemberBound(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	var people []mockserver.CustomerGroupJoiner
	for i := range store.MaxGroupMembers - 2 { // and the owner
		people = append(people, mockserver.CustomerGroupJoiner{Name: "客户" + strconv.Itoa(i)})
	}
	res, err := srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, Owner: "zhangsan", Members: people})
	if err != nil {
		t.Fatal(err)
	}
	one := []mockserver.CustomerGroupJoiner{{Name: "第500位"}}
	if _, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: res.ChatID, Members: one}); err != nil {
		t.Fatalf("the 500th member: %v", err)
	}
	_, err = srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: res.ChatID, Members: []mockserver.CustomerGroupJoiner{{Name: "第501位"}}})
	var e *mockserver.Error
	if !errors.As(err, &e) || e.Status != http.StatusConflict {
		t.Errorf("the 501st member: %v, want a 409", err)
	}
	_, err = srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, Owner: "zhangsan", Members: append(people, one[0], one[0])})
	if !errors.As(err, &e) || e.Status != http.StatusConflict {
		t.Errorf("creating a group of 501: %v, want a 409", err)
	}
}

// A corp keeps at most store.MaxCustomerGroups groups.
func TestCustomerGroupCountBound(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	for i := len(ec.CustomerGroups); i < store.MaxCustomerGroups; i++ {
		ec.CustomerGroups = append(ec.CustomerGroups, fixtures.CustomerGroup{ChatID: "wrbound" + strconv.Itoa(i), Owner: "zhangsan", CreateTime: 1700000000})
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	_, err := srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, Owner: "zhangsan"})
	var e *mockserver.Error
	if !errors.As(err, &e) || e.Status != http.StatusConflict {
		t.Fatalf("one group too many: %v, want a 409", err)
	}
	if _, err := srv.DismissCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: "wrbound1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, Owner: "zhangsan"}); err != nil {
		t.Errorf("after a dismissal: %v", err)
	}
}
