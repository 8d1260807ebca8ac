package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The control API of the corp's customer tags: each action answered with
// what it did and its events, each refusal with a 4xx whose words say what
// is wrong.
func TestCorpTagControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	post := func(body map[string]any) *testkit.Resp {
		if _, ok := body["corpid"]; !ok {
			body["corpid"] = testkit.Corp1
		}
		return testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/externalcontact/tags", body)
	}
	created := testkit.ControlJSON(t, post(map[string]any{
		"action": "create", "group_name": "会员等级", "order": 2, "tag": []map[string]any{{"name": "金卡", "order": 1}},
	}), http.StatusOK)
	group, _ := created["tag_group"].(map[string]any)
	events, _ := created["events"].([]any)
	if group == nil || group["group_name"] != "会员等级" || len(testkit.As[[]any](t, group["tag"])) != 1 || len(events) != 1 {
		t.Fatalf("create: %v", created)
	}
	if ev := testkit.As[map[string]any](t, events[0]); ev["event"] != "change_external_tag" || ev["change_type"] != "create" || ev["deliveries"] == nil {
		t.Errorf("create's event: %v", ev)
	}
	groupID := testkit.As[string](t, group["group_id"])
	// group_id as the API spells it: a string to create, a list to delete.
	added := testkit.ControlJSON(t, post(map[string]any{"action": "create", "group_id": groupID, "tag": []map[string]any{{"name": "银卡"}}}), http.StatusOK)
	if g := testkit.As[map[string]any](t, added["tag_group"]); g["group_id"] != groupID || len(testkit.As[[]any](t, added["events"])) != 1 {
		t.Errorf("create in a group: %v", added)
	}
	updated := testkit.ControlJSON(t, post(map[string]any{"action": "update", "id": groupID, "name": "会员级别"}), http.StatusOK)
	if evs := testkit.As[[]any](t, updated["events"]); len(evs) != 1 || testkit.As[map[string]any](t, evs[0])["change_type"] != "update" {
		t.Errorf("update: %v", updated)
	}
	if _, ok := updated["tag_group"]; ok {
		t.Errorf("update has no tag_group: %v", updated)
	}

	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		words  string
	}{
		{"unknown action", map[string]any{"action": "explode"}, http.StatusBadRequest, "explode"},
		{"no action", map[string]any{}, http.StatusBadRequest, "action"},
		{"unknown field", map[string]any{"action": "create", "colour": "red"}, http.StatusBadRequest, "colour"},
		{"unknown corp", map[string]any{"action": "create", "corpid": "wwnope", "group_name": "甲", "tag": []map[string]any{{"name": "乙"}}}, http.StatusNotFound, "corpid"},
		{"unknown corp on delete", map[string]any{"action": "delete", "corpid": "wwnope", "tag_id": []string{testkit.TagVIP}}, http.StatusNotFound, "corpid"},
		{"unknown group", map[string]any{"action": "create", "group_id": "etnope", "tag": []map[string]any{{"name": "乙"}}}, http.StatusNotFound, "tagid"},
		{"two groups to create in", map[string]any{"action": "create", "group_id": []string{groupID, testkit.TagGroup1}, "tag": []map[string]any{{"name": "乙"}}}, http.StatusBadRequest, "group_id"},
		{"no tags", map[string]any{"action": "create", "group_id": groupID}, http.StatusBadRequest, "40058"},
		{"a name the group has", map[string]any{"action": "create", "group_id": groupID, "tag": []map[string]any{{"name": "金卡"}}}, http.StatusBadRequest, "40071"},
		{"update without id", map[string]any{"action": "update", "name": "甲"}, http.StatusBadRequest, "id"},
		{"update of an unknown id", map[string]any{"action": "update", "id": "etnope", "name": "甲"}, http.StatusNotFound, "tagid"},
		{"update to a taken name", map[string]any{"action": "update", "id": groupID, "name": "客户等级"}, http.StatusBadRequest, "40071"},
		{"delete of nothing", map[string]any{"action": "delete"}, http.StatusBadRequest, "40058"},
		{"delete of an unknown tag", map[string]any{"action": "delete", "tag_id": []string{"etnope"}}, http.StatusNotFound, "tagid"},
		{"delete of an unknown group", map[string]any{"action": "delete", "group_id": "etnope"}, http.StatusNotFound, "tagid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ControlError(t, post(tc.body), tc.status, tc.words)
		})
	}

	deleted := testkit.ControlJSON(t, post(map[string]any{"action": "delete", "group_id": groupID, "tag_id": []string{testkit.TagNormal}}), http.StatusOK)
	evs := testkit.As[[]any](t, deleted["events"])
	if len(evs) != 2 || testkit.As[map[string]any](t, evs[0])["change_type"] != "delete" || testkit.As[map[string]any](t, evs[1])["change_type"] != "delete" {
		t.Errorf("delete: %v", deleted)
	}
	if got := testkit.ControlJSON(t, post(map[string]any{"action": "delete", "group_id": []string{groupID}}), http.StatusNotFound); got["error"] == nil {
		t.Errorf("deleting twice: %v", got)
	}
}
