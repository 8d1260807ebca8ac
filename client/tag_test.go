package client_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// The directory tag calls against the mock: an app creates, fills, renames
// and deletes its own tag; tag/get shows only its visible range; the
// world's tag is not the app's.
func TestDirectoryTags(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	app := newClient(t, srv, appSecret)
	contacts := newClient(t, srv, contactsSecret)

	id, err := app.CreateTag(ctx, "值班", 0)
	if err != nil || id != 2 {
		t.Fatalf("CreateTag = %d, %v; want 2", id, err)
	}
	_, err = app.CreateTag(ctx, "值班", 0)
	wantAPIError(t, err, errcode.InvalidTagName, "/cgi-bin/tag/create")

	res, err := app.AddTagUsers(ctx, id, []string{"lisi", "wangwu", "ghost"}, []int{4})
	if err != nil {
		t.Fatal(err)
	}
	if want := (&client.TagChangeResult{InvalidUsers: []string{"wangwu", "ghost"}}); !reflect.DeepEqual(res, want) {
		t.Errorf("AddTagUsers = %+v, want %+v (wangwu is outside the app's range)", res, want)
	}
	if err := app.UpdateTagName(ctx, id, "夜间值班"); err != nil {
		t.Fatal(err)
	}
	got, err := app.GetTag(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&client.TagMembers{Name: "夜间值班", Users: []client.TagUser{{UserID: "lisi", Name: "李四"}}, Parties: []int{4}}); !reflect.DeepEqual(got, want) {
		t.Errorf("GetTag = %+v, want %+v", got, want)
	}
	tags, err := contacts.ListTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []client.Tag{{ID: 1, Name: "试点"}, {ID: 2, Name: "夜间值班"}}; !reflect.DeepEqual(tags, want) {
		t.Errorf("ListTags = %+v, want %+v", tags, want)
	}
	if res, err := app.DelTagUsers(ctx, id, []string{"lisi"}, nil); err != nil || len(res.InvalidUsers)+len(res.InvalidParties) != 0 {
		t.Errorf("DelTagUsers = %+v, %v", res, err)
	}
	err = app.UpdateTagName(ctx, 1, "改名")
	wantAPIError(t, err, errcode.NotTagCreator, "/cgi-bin/tag/update")
	if err := app.DeleteTag(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err = app.GetTag(ctx, id)
	wantAPIError(t, err, errcode.InvalidTagID, "/cgi-bin/tag/get")
}
