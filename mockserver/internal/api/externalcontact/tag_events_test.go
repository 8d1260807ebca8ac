package externalcontact_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// wantTagEvent checks a decrypted change_external_tag event; a field
// wanted "" must be absent.
func wantTagEvent(t *testing.T, ev map[string]string, changeType, id, tagType string) {
	t.Helper()
	want := map[string]string{
		"ToUserName": testkit.Corp1, "FromUserName": "sys", "MsgType": "event", "Event": "change_external_tag",
		"ChangeType": changeType, "Id": id, "TagType": tagType,
	}
	for k, v := range want {
		got, ok := ev[k]
		if v == "" && k == "TagType" {
			if ok {
				t.Errorf("%s has TagType %q: %v", changeType, got, ev)
			}
			continue
		}
		if got != v {
			t.Errorf("%s = %q, want %q (event %v)", k, got, v, ev)
		}
	}
	if ev["CreateTime"] == "" {
		t.Errorf("no CreateTime: %v", ev)
	}
}

// The admin's changes in the console, each with the change_external_tag
// the app's callback decrypts; the API's own changes send nothing.
func TestCorpTagEvents(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	corp := testkit.Corp1

	// Changes through the API are not called back: the next event is the
	// console's.
	ec := testkit.ECToken(t, srv)
	made := addTags(t, srv, ec, map[string]any{"group_name": "接口的组", "tag": []map[string]any{{"name": "甲"}}}).TagGroup
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": made.Tag[0].ID, "name": "乙"}))
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"group_id": []string{made.GroupID}}))
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer2, "add_tag": []string{testkit.TagVIP}}))

	// A new group: one event for the group.
	order := int64(3)
	res, err := srv.CreateCorpTags(mockserver.CorpTagChange{CorpID: corp, GroupName: "会员等级", Order: &order, Tags: []mockserver.NewCorpTag{{Name: "金卡"}, {Name: "银卡", Order: 1}}})
	if err != nil || res.TagGroup == nil || len(res.TagGroup.Tags) != 2 || res.TagGroup.Order != 3 || len(res.Events) != 1 || res.Events[0].ChangeType != "create" || len(res.Events[0].Deliveries) != 1 {
		t.Fatalf("create a group: %+v, %v", res, err)
	}
	group, gold, silver := res.TagGroup.GroupID, res.TagGroup.Tags[0].ID, res.TagGroup.Tags[1].ID
	wantTagEvent(t, rcv.Next(t), "create", group, "tag_group")

	// Tags added to an existing group: one event each.
	res, err = srv.CreateCorpTags(mockserver.CorpTagChange{CorpID: corp, GroupID: []string{testkit.TagGroup1}, Tags: []mockserver.NewCorpTag{{Name: "潜在客户"}, {Name: "流失客户"}}})
	if err != nil || len(res.Events) != 2 {
		t.Fatalf("add to 客户等级: %+v, %v", res, err)
	}
	wantTagEvent(t, rcv.Next(t), "create", res.TagGroup.Tags[0].ID, "tag")
	wantTagEvent(t, rcv.Next(t), "create", res.TagGroup.Tags[1].ID, "tag")
	lost := res.TagGroup.Tags[1].ID

	// A rename is update; a new order shuffles the tag's group, or all
	// groups (Id empty) for a group's order.
	name, two := "白金卡", int64(2)
	res, err = srv.UpdateCorpTag(mockserver.CorpTagChange{CorpID: corp, ID: gold, Name: &name, Order: &two})
	if err != nil || len(res.Events) != 2 || res.Events[0].ChangeType != "update" || res.Events[1].ChangeType != "shuffle" {
		t.Fatalf("rename and reorder a tag: %+v, %v", res, err)
	}
	wantTagEvent(t, rcv.Next(t), "update", gold, "tag")
	wantTagEvent(t, rcv.Next(t), "shuffle", group, "")
	groupName := "会员级别"
	if _, err := srv.UpdateCorpTag(mockserver.CorpTagChange{CorpID: corp, ID: group, Name: &groupName}); err != nil {
		t.Fatal(err)
	}
	wantTagEvent(t, rcv.Next(t), "update", group, "tag_group")
	if _, err := srv.UpdateCorpTag(mockserver.CorpTagChange{CorpID: corp, ID: group, Order: &two}); err != nil {
		t.Fatal(err)
	}
	wantTagEvent(t, rcv.Next(t), "shuffle", "", "")
	// Nothing changed, nothing sent.
	if res, err := srv.UpdateCorpTag(mockserver.CorpTagChange{CorpID: corp, ID: group, Name: &groupName, Order: &two}); err != nil || len(res.Events) != 0 {
		t.Errorf("an edit that changes nothing: %+v, %v", res, err)
	}

	// Deletes: a tag; the last tags of a group with the group; a group
	// without events for its tags.
	res, err = srv.DeleteCorpTags(mockserver.CorpTagChange{CorpID: corp, TagIDs: []string{lost}})
	if err != nil || len(res.Events) != 1 {
		t.Fatalf("delete a tag: %+v, %v", res, err)
	}
	wantTagEvent(t, rcv.Next(t), "delete", lost, "tag")
	if _, err := srv.DeleteCorpTags(mockserver.CorpTagChange{CorpID: corp, TagIDs: []string{gold, silver}}); err != nil {
		t.Fatal(err)
	}
	wantTagEvent(t, rcv.Next(t), "delete", gold, "tag")
	wantTagEvent(t, rcv.Next(t), "delete", silver, "tag")
	wantTagEvent(t, rcv.Next(t), "delete", group, "tag_group")
	res, err = srv.DeleteCorpTags(mockserver.CorpTagChange{CorpID: corp, GroupID: []string{testkit.TagGroup1}})
	if err != nil || len(res.Events) != 1 {
		t.Fatalf("delete 客户等级: %+v, %v", res, err)
	}
	wantTagEvent(t, rcv.Next(t), "delete", testkit.TagGroup1, "tag_group")
	rcv.None(t)
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 0 {
		t.Errorf("after the deletes: %+v", groups)
	}
}

// The admin's tags are the admin's: the app may not edit them, the secret
// may.
func TestConsoleTagsBelongToTheAdmin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	res, err := srv.CreateCorpTags(mockserver.CorpTagChange{CorpID: testkit.Corp1, GroupName: "管理员的组", Tags: []mockserver.NewCorpTag{{Name: "甲"}}})
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"id": res.TagGroup.Tags[0].ID, "name": "乙"}
	testkit.WeComError(t, testkit.ECPost(t, srv, testkit.AppToken(t, srv), pathTagEdit, body), errcode.NotTagCreator)
	testkit.OK(t, testkit.ECPost(t, srv, testkit.ECToken(t, srv), pathTagEdit, body))
}
