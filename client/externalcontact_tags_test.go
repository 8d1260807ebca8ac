package client_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

const (
	tagGroup1     = "etmockgroup0001" // 客户等级
	tagVIP        = "etmockvip0001"   // 重要客户
	tagNormal     = "etmocknormal01"  // 普通客户
	addCorpTagURL = "/cgi-bin/externalcontact/add_corp_tag"
	markTagURL    = "/cgi-bin/externalcontact/mark_tag"
	tagListURL    = "/cgi-bin/externalcontact/get_corp_tag_list"
)

func TestCorpTagList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	vip := client.CorpTag{ID: tagVIP, Name: "重要客户", CreateTime: 1690000000, Order: 2}
	normal := client.CorpTag{ID: tagNormal, Name: "普通客户", CreateTime: 1690000000, Order: 1}
	group := func(tags ...client.CorpTag) []client.CorpTagGroup {
		return []client.CorpTagGroup{{GroupID: tagGroup1, GroupName: "客户等级", CreateTime: 1690000000, Order: 1, Tags: tags}}
	}
	tests := []struct {
		name string
		f    client.TagFilter
		want []client.CorpTagGroup
	}{
		{"everything", client.TagFilter{}, group(vip, normal)},
		{"by tag", client.TagFilter{TagIDs: []string{tagNormal}}, group(normal)},
		{"by group, which wins", client.TagFilter{GroupIDs: []string{tagGroup1}, TagIDs: []string{tagVIP}}, group(vip, normal)},
		{"unknown ids", client.TagFilter{TagIDs: []string{"etnope"}}, []client.CorpTagGroup{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.CorpTagList(ctx, tt.f)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("CorpTagList(%+v) = %+v, %v; want %+v", tt.f, got, err, tt.want)
			}
		})
	}
	_, err := newClient(t, srv, contactsSecret).CorpTagList(ctx, client.TagFilter{})
	wantAPIError(t, err, errcode.APIForbidden, tagListURL)
}

func TestAddCorpTag(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	g, err := c.AddCorpTag(ctx, client.NewCorpTags{GroupID: tagGroup1, Tags: []client.NewCorpTag{{Name: "潜在客户", Order: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if g.GroupID != tagGroup1 || g.GroupName != "客户等级" || len(g.Tags) != 1 || g.Tags[0].Name != "潜在客户" || g.Tags[0].Order != 3 || g.Tags[0].ID == "" {
		t.Fatalf("AddCorpTag = %+v", g)
	}
	fresh, err := c.AddCorpTag(ctx, client.NewCorpTags{GroupName: "来源渠道", Order: 5, Tags: []client.NewCorpTag{{Name: "官网"}, {Name: "展会"}}})
	if err != nil || fresh.GroupID == tagGroup1 || fresh.Order != 5 || len(fresh.Tags) != 2 {
		t.Fatalf("a new group: %+v, %v", fresh, err)
	}
	groups, err := c.CorpTagList(ctx, client.TagFilter{})
	if err != nil || len(groups) != 2 || len(groups[0].Tags) != 3 || groups[1].GroupName != "来源渠道" {
		t.Fatalf("after the adds: %+v, %v", groups, err)
	}

	for _, tt := range []struct {
		name string
		in   client.NewCorpTags
		code errcode.Code
	}{
		{"a name the group has", client.NewCorpTags{GroupID: tagGroup1, Tags: []client.NewCorpTag{{Name: "重要客户"}}}, errcode.InvalidTagName},
		{"no tags", client.NewCorpTags{GroupID: tagGroup1}, errcode.InvalidParameter},
		{"no group", client.NewCorpTags{Tags: []client.NewCorpTag{{Name: "无组"}}}, errcode.InvalidParameter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.AddCorpTag(ctx, tt.in)
			wantAPIError(t, err, tt.code, addCorpTagURL)
		})
	}
}

func TestMarkTag(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	// customer2 has 普通客户 from zhangsan; make them 重要客户 instead.
	err := c.MarkTag(ctx, client.TagMarks{UserID: "zhangsan", ExternalUserID: customer2, AddTag: []string{tagVIP}, RemoveTag: []string{tagNormal}})
	if err != nil {
		t.Fatal(err)
	}
	cust, err := c.GetExternalContact(ctx, customer2)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tag := range cust.FollowUsers[0].Tags {
		ids = append(ids, tag.TagID)
	}
	if !slices.Equal(ids, []string{tagVIP}) {
		t.Errorf("tags after mark_tag: %+v", cust.FollowUsers[0].Tags)
	}
	for _, tt := range []struct {
		name string
		m    client.TagMarks
		code errcode.Code
	}{
		{"a member who does not follow the customer", client.TagMarks{UserID: "lisi", ExternalUserID: customer2, AddTag: []string{tagVIP}}, errcode.NotExternalContact},
		{"an unknown customer", client.TagMarks{UserID: "zhangsan", ExternalUserID: "wmnope", AddTag: []string{tagVIP}}, errcode.InvalidExternalUserID},
		{"no customer", client.TagMarks{UserID: "zhangsan", AddTag: []string{tagVIP}}, errcode.ExternalUserIDMissing},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantAPIError(t, c.MarkTag(ctx, tt.m), tt.code, markTagURL)
		})
	}
}
