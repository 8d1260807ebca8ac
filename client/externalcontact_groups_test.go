package client_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const (
	customerChat1    = "wrmockchat0001" // 模拟客户交流群, owned by zhangsan
	groupChatListURL = "/cgi-bin/externalcontact/groupchat/list"
	groupChatGetURL  = "/cgi-bin/externalcontact/groupchat/get"
)

func TestGroupChatListPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	second, err := srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: corpID, Owner: "zhangsan", Name: "第二个群"})
	if err != nil {
		t.Fatal(err)
	}

	var got []client.GroupChatStatus
	cursor := ""
	for range 3 {
		page, err := c.GroupChatList(ctx, client.GroupChatFilter{Owners: []string{"zhangsan"}, Cursor: cursor, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Chats...)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	want := []client.GroupChatStatus{{ChatID: customerChat1, Status: client.GroupChatNormal}, {ChatID: second.ChatID, Status: client.GroupChatNormal}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups = %+v, want %+v", got, want)
	}

	// Nobody else owns a group.
	page, err := c.GroupChatList(ctx, client.GroupChatFilter{Owners: []string{"lisi"}, Limit: 10})
	if err != nil || len(page.Chats) != 0 {
		t.Fatalf("lisi's groups = %+v, %v", page, err)
	}
	for _, tt := range []struct {
		name string
		f    client.GroupChatFilter
	}{
		{"no limit", client.GroupChatFilter{Owners: []string{"zhangsan"}}},
		{"limit over 1000", client.GroupChatFilter{Owners: []string{"zhangsan"}, Limit: client.MaxGroupChatPage + 1}},
		{"unknown status", client.GroupChatFilter{StatusFilter: 9, Limit: 10}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.GroupChatList(ctx, tt.f)
			wantAPIError(t, err, errcode.InvalidParameter, groupChatListURL)
		})
	}
}

func TestGroupChatGet(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	g, err := c.GroupChatGet(ctx, customerChat1, true)
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "模拟客户交流群" || g.Owner != "zhangsan" || g.CreateTime != 1700400000 || g.Notice == "" ||
		len(g.Members) != 4 || g.MemberVersion == "" || !reflect.DeepEqual(g.Admins, []client.GroupChatUser{{UserID: "lisi"}}) {
		t.Fatalf("group = %+v", g)
	}
	want := client.GroupChatMember{UserID: customer1, Type: client.GroupMemberExternal, JoinTime: 1700400200,
		JoinScene: client.JoinSceneQRCode, Invitor: &client.GroupChatUser{UserID: "zhangsan"},
		GroupNickname: "小明", Name: "陈小明", UnionID: "ozmockunion0001"}
	if !reflect.DeepEqual(g.Members[2], want) {
		t.Errorf("member 3 = %+v, want %+v", g.Members[2], want)
	}
	if g.Members[0].Invitor != nil || g.Members[0].Type != client.GroupMemberInternal {
		t.Errorf("the owner = %+v", g.Members[0])
	}

	noNames, err := c.GroupChatGet(ctx, customerChat1, false)
	if err != nil || noNames.Members[2].Name != "" {
		t.Fatalf("without need_name: %+v, %v", noNames, err)
	}
	_, err = c.GroupChatGet(ctx, "wrnothing", false)
	wantAPIError(t, err, errcode.NotCustomerGroup, groupChatGetURL)
}
