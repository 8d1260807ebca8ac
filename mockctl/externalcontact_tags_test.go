package mockctl_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The client drives the admin's tag changes over HTTP.
func TestCorpTagClient(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	const corp = "wwmockcorp000001"
	created, err := ctl.CreateCorpTags(ctx, mockctl.CorpTagChange{CorpID: corp, GroupName: "会员等级", Tags: []mockctl.NewCorpTag{{Name: "金卡"}, {Name: "银卡"}}})
	if err != nil || created.TagGroup == nil || len(created.TagGroup.Tags) != 2 || len(created.Events) != 1 || created.Events[0].ChangeType != "create" {
		t.Fatalf("create: %+v, %v", created, err)
	}
	group := created.TagGroup.GroupID
	added, err := ctl.CreateCorpTags(ctx, mockctl.CorpTagChange{CorpID: corp, GroupID: mockctl.IDs{group}, Tags: []mockctl.NewCorpTag{{Name: "铜卡"}}})
	if err != nil || added.TagGroup.GroupID != group || len(added.Events) != 1 {
		t.Fatalf("create in the group: %+v, %v", added, err)
	}
	order := int64(5)
	updated, err := ctl.UpdateCorpTag(ctx, mockctl.CorpTagChange{CorpID: corp, ID: group, Order: &order})
	if err != nil || len(updated.Events) != 1 || updated.Events[0].ChangeType != "shuffle" {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	deleted, err := ctl.DeleteCorpTags(ctx, mockctl.CorpTagChange{CorpID: corp, GroupID: mockctl.IDs{group}})
	if err != nil || len(deleted.Events) != 1 || deleted.Events[0].ChangeType != "delete" {
		t.Fatalf("delete: %+v, %v", deleted, err)
	}
	_, err = ctl.DeleteCorpTags(ctx, mockctl.CorpTagChange{CorpID: corp, GroupID: mockctl.IDs{group}})
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Errorf("deleting twice: %v, want a 404", err)
	}
}

// IDs is written as the API spells group_id: one id a string, more a list;
// it reads either.
func TestIDsJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ids  mockctl.IDs
		json string
	}{
		{mockctl.IDs{"et1"}, `"et1"`},
		{mockctl.IDs{"et1", "et2"}, `["et1","et2"]`},
		{mockctl.IDs{}, `[]`},
	} {
		b, err := json.Marshal(tc.ids)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.ids, b, err, tc.json)
		}
		var back mockctl.IDs
		if err := json.Unmarshal(b, &back); err != nil || !slices.Equal(back, tc.ids) {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	var ids mockctl.IDs
	if err := json.Unmarshal([]byte(`""`), &ids); err != nil || len(ids) != 0 {
		t.Errorf(`"" reads as %v, %v`, ids, err)
	}
	if err := json.Unmarshal([]byte(`7`), &ids); err == nil {
		t.Error("a number is not an id")
	}
	// Omitted when empty.
	b, _ := json.Marshal(mockctl.CorpTagChange{CorpID: "c", Action: "delete"})
	if string(b) != `{"corpid":"c","action":"delete"}` {
		t.Errorf("an empty change: %s", b)
	}
}
