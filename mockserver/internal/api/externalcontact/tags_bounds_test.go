package externalcontact_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// bigTagGroup is a group of n tags with ids prefix0, prefix1, ….
func bigTagGroup(id, prefix string, n int, deleted bool) fixtures.CorpTagGroup {
	g := fixtures.CorpTagGroup{GroupID: id, GroupName: id, CreateTime: 1690000000, Deleted: deleted}
	for i := range n {
		g.Tags = append(g.Tags, fixtures.CorpTag{ID: prefix + itoa(i), Name: prefix + itoa(i), CreateTime: 1690000000})
	}
	return g
}

// A corp has at most store.MaxCorpTags tags: one more is 40126, and a
// deletion makes room.
func TestCorpTagCountBound(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	ec.TagGroups = append(ec.TagGroups, bigTagGroup("etbound", "etbound", store.MaxCorpTags-2, false))
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	tok := testkit.ECToken(t, srv)
	add := map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "多一个"}}}
	testkit.WeComError(t, testkit.ECPost(t, srv, tok, pathTagAdd, add), errcode.CorpTagLimit)
	// Deleted tags do not count.
	testkit.OK(t, testkit.ECPost(t, srv, tok, pathTagDel, map[string]any{"tag_id": []string{"etbound0"}}))
	testkit.OK(t, testkit.ECPost(t, srv, tok, pathTagAdd, add))
	testkit.WeComError(t, testkit.ECPost(t, srv, tok, pathTagAdd, map[string]any{"group_name": "新组", "tag": []map[string]any{{"name": "甲"}}}), errcode.CorpTagLimit)
}

// The corp keeps store.MaxDeletedCorpTags deleted tags for listing by id;
// the oldest are forgotten first, and a deleted group with them once its
// last tag goes.
func TestDeletedCorpTagBound(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	ec.TagGroups = append(ec.TagGroups,
		bigTagGroup("etold", "etold", 1, true),
		bigTagGroup("etgone", "etgone", store.MaxDeletedCorpTags-1, true))
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	tok := testkit.ECToken(t, srv)
	byID := func(ids ...string) []listedGroup { return listTags(t, srv, tok, map[string]any{"tag_id": ids}) }
	byGroup := func(ids ...string) []listedGroup { return listTags(t, srv, tok, map[string]any{"group_id": ids}) }
	if got := byGroup("etold"); len(got) != 1 || !got[0].Deleted || len(got[0].Tag) != 1 || !got[0].Tag[0].Deleted {
		t.Fatalf("the oldest deleted group: %+v", got)
	}
	testkit.OK(t, testkit.ECPost(t, srv, tok, pathTagDel, map[string]any{"tag_id": []string{testkit.TagNormal}}))
	if got := byGroup("etold"); len(got) != 0 {
		t.Errorf("one deletion too many keeps the oldest: %+v", got)
	}
	got := byID("etgone0", testkit.TagNormal)
	if len(got) != 2 || got[0].Tag[0].ID != testkit.TagNormal || !got[0].Tag[0].Deleted || got[1].Tag[0].ID != "etgone0" {
		t.Errorf("the others: %+v", got)
	}
	// Deleting 客户等级 deletes 重要客户 too: etgone0 is forgotten.
	testkit.OK(t, testkit.ECPost(t, srv, tok, pathTagDel, map[string]any{"group_id": []string{testkit.TagGroup1}}))
	if got := byID("etgone0", "etgone1"); len(got) != 1 || len(got[0].Tag) != 1 || got[0].Tag[0].ID != "etgone1" {
		t.Errorf("after deleting 客户等级: %+v", got)
	}
	got = byGroup("etgone", testkit.TagGroup1)
	if len(got) != 2 || len(got[0].Tag) != 2 || len(got[1].Tag) != store.MaxDeletedCorpTags-2 {
		t.Errorf("the deleted groups: %d groups", len(got))
	}
}

// One member puts at most store.MaxTagsPerCustomer tags on one customer.
func TestTagsPerCustomerBound(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	g := bigTagGroup("etmany", "etmany", store.MaxTagsPerCustomer+1, false)
	ec.TagGroups = append(ec.TagGroups, g)
	follow := &ec.Customers[2].FollowUsers[0] // zhangsan on 王总
	for _, tag := range g.Tags[:store.MaxTagsPerCustomer] {
		follow.Tags = append(follow.Tags, tag.ID)
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	tok := testkit.ECToken(t, srv)
	mark := func(add, remove string) map[string]any {
		return map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer3, "add_tag": []string{add}, "remove_tag": []string{remove}}
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, tok, pathMarkTag, mark(testkit.TagVIP, testkit.TagNormal)), errcode.InvalidParameter)
	// Swapping one for another stays within the bound.
	testkit.OK(t, testkit.ECPost(t, srv, tok, pathMarkTag, mark(testkit.TagVIP, "etmany0")))
	if got := followTags(t, srv, tok, testkit.Customer3, "zhangsan"); len(got) != store.MaxTagsPerCustomer || got[len(got)-1] != testkit.TagVIP {
		t.Errorf("%d tags, last %s", len(got), got[len(got)-1])
	}
}
