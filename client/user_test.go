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
	userListPath   = "/cgi-bin/user/list"
	userListIDPath = "/cgi-bin/user/list_id"
)

func TestGetUserAllFields(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	u, err := c.GetUser(context.Background(), "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	want := &client.User{
		UserID:         "zhangsan",
		Name:           "张三",
		Department:     []int{2},
		Order:          []int64{100},
		IsLeaderInDept: []int{1},
		DirectLeader:   []string{},
		MainDepartment: 2,
		Position:       "研发经理",
		Mobile:         "13800000001",
		Gender:         client.GenderMale,
		Email:          "zhangsan@mock.example.com",
		BizMail:        "zhangsan@mockcorp.example.com",
		Avatar:         "https://wework.qpic.cn/wwhead/mock-zhangsan/0",
		ThumbAvatar:    "https://wework.qpic.cn/wwhead/mock-zhangsan/100",
		Telephone:      "010-88880001",
		Alias:          "Zhang San",
		Address:        "北京市海淀区模拟路1号",
		// No OpenUserID: a self-built app reads none.
		Status:           client.StatusActive,
		QRCode:           "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=mockzhangsan",
		ExternalPosition: "研发负责人",
		ExtAttr: client.ExtAttr{Attrs: []client.Attr{
			{Type: client.AttrTypeText, Name: "工号", Text: &client.AttrText{Value: "A0001"}},
			{Type: client.AttrTypeWeb, Name: "个人主页", Web: &client.AttrWeb{URL: "https://mock.example.com/zhangsan", Title: "主页"}},
		}},
		ExternalProfile: &client.ExternalProfile{
			ExternalCorpName: "模拟科技",
			WechatChannels:   &client.WechatChannels{Nickname: "张三的视频号", Status: 1},
			ExternalAttr:     []client.Attr{{Type: client.AttrTypeText, Name: "职级", Text: &client.AttrText{Value: "P7"}}},
		},
		Enable: 1,
	}
	if !reflect.DeepEqual(u, want) {
		t.Fatalf("GetUser(zhangsan) =\n%+v\nwant\n%+v", u, want)
	}
}

func TestGetUserErrors(t *testing.T) {
	srv := newServer(t)
	app := newClient(t, srv, appSecret)
	ctx := context.Background()
	tests := []struct {
		userID string
		code   errcode.Code
	}{
		{"wangwu", errcode.NoPrivilege},    // exists, outside the app's visible range
		{"nobody", errcode.UserIDNotFound}, // does not exist
		{"bad id!", errcode.InvalidUserID}, // not a userid at all
	}
	for _, tt := range tests {
		u, err := app.GetUser(ctx, tt.userID)
		if u != nil {
			t.Errorf("GetUser(%q) returned a user with an error", tt.userID)
		}
		wantAPIError(t, err, tt.code, userGetPath)
	}
	// The contacts-sync secret sees everyone.
	contacts := newClient(t, srv, contactsSecret)
	u, err := contacts.GetUser(ctx, "wangwu")
	if err != nil || u.Name != "王五" || !slices.Equal(u.Department, []int{3}) {
		t.Fatalf("contacts GetUser(wangwu) = %+v, %v", u, err)
	}
	// Visible through the tag 试点.
	if u, err := app.GetUser(ctx, "zhouqi"); err != nil || u.Gender != client.GenderFemale {
		t.Fatalf("GetUser(zhouqi) = %+v, %v", u, err)
	}
}

func TestListUsers(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	ids := func(us []client.User) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.UserID)
		}
		slices.Sort(out)
		return out
	}

	direct, err := c.ListUsers(ctx, 2, client.DirectOnly)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(direct); !slices.Equal(got, []string{"zhangsan"}) {
		t.Fatalf("direct members of 2 = %v", got)
	}
	if q := lastQuery(t, srv, userListPath); !containsAll(q, "department_id=2", "fetch_child=0") {
		t.Fatalf("query = %q", q)
	}

	all, err := c.ListUsers(ctx, 2, client.Recursive)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(all); !slices.Equal(got, []string{"lisi", "zhangsan"}) {
		t.Fatalf("members of 2 and below = %v", got)
	}
	if q := lastQuery(t, srv, userListPath); !containsAll(q, "fetch_child=1") {
		t.Fatalf("query = %q", q)
	}
	// Full objects, typed like user/get.
	for _, u := range all {
		if u.UserID == "lisi" && (u.Gender != client.GenderFemale || !slices.Equal(u.DirectLeader, []string{"zhangsan"})) {
			t.Fatalf("lisi = %+v", u)
		}
	}

	_, err = c.ListUsers(ctx, 3, client.DirectOnly)
	wantAPIError(t, err, errcode.NoPrivilege, userListPath)
}

func TestListUserIDsPaging(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, contactsSecret)
	ctx := context.Background()

	first, err := c.ListUserIDs(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Users) != 3 || first.NextCursor == "" {
		t.Fatalf("first page = %+v", first)
	}
	second, err := c.ListUserIDs(ctx, first.NextCursor, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Users) != 1 || second.NextCursor != "" {
		t.Fatalf("last page = %+v", second)
	}

	want := []client.DeptUser{
		{UserID: "zhangsan", Department: 2}, {UserID: "lisi", Department: 4},
		{UserID: "wangwu", Department: 3}, {UserID: "zhouqi", Department: 3},
	}
	if got := append(first.Users, second.Users...); !slices.Equal(got, want) {
		t.Fatalf("pages = %+v, want %+v", got, want)
	}

	all, err := c.AllUserIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(all, want) {
		t.Fatalf("AllUserIDs = %+v", all)
	}

	// The iterator fetches pages as the loop goes, and stops when it stops.
	before := calls(srv, userListIDPath)
	var got []client.DeptUser
	for u, err := range c.UserIDs(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, u)
		if len(got) == 2 {
			break
		}
	}
	if !slices.Equal(got, want[:2]) {
		t.Fatalf("first two rows = %+v", got)
	}
	if n := calls(srv, userListIDPath) - before; n != 2 {
		t.Fatalf("iterator made %d calls for two rows of one-row pages, want 2", n)
	}

	_, err = c.ListUserIDs(ctx, "not-a-cursor", 10)
	wantAPIError(t, err, errcode.InvalidParameter, userListIDPath)
}

func TestListUserIDsNeedsContactsSecret(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	_, err := c.AllUserIDs(context.Background())
	wantAPIError(t, err, errcode.APIForbidden, userListIDPath)
	for u, err := range c.UserIDs(context.Background(), 10) {
		if err == nil {
			t.Fatalf("got row %+v", u)
		}
		wantAPIError(t, err, errcode.APIForbidden, userListIDPath)
	}
}
