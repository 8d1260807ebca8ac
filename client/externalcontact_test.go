package client_test

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The 客户联系 secret and the default world's customers
// (fixtures/default.yaml).
const (
	ecSecret  = "mock-externalcontact-secret"
	customer1 = "wmmockcust0001" // 陈小明, WeChat, followed by zhangsan and lisi
	customer2 = "wmmockcust0002" // 林小红, WeChat, zhangsan
	customer3 = "wmmockcust0003" // 王总, WeCom user of 合作伙伴, zhangsan

	ecGetPath     = "/cgi-bin/externalcontact/get"
	ecBatchPath   = "/cgi-bin/externalcontact/batch/get_by_user"
	ecListPath    = "/cgi-bin/externalcontact/list"
	ecRemarkPath  = "/cgi-bin/externalcontact/remark"
	ecWelcomePath = "/cgi-bin/externalcontact/send_welcome_msg"
)

func TestFollowUserList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	tests := []struct {
		secret string
		want   []string
	}{
		{ecSecret, []string{"zhangsan", "lisi", "wangwu"}},
		{appSecret, []string{"zhangsan", "lisi"}}, // wangwu is outside the app's range
	}
	for _, tt := range tests {
		got, err := newClient(t, srv, tt.secret).FollowUserList(ctx)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("FollowUserList with %s = %v, %v; want %v", tt.secret, got, err, tt.want)
		}
	}
	_, err := newClient(t, srv, contactsSecret).FollowUserList(ctx)
	wantAPIError(t, err, errcode.APIForbidden, "/cgi-bin/externalcontact/get_follow_user_list")
}

func TestListExternalContacts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	got, err := c.ListExternalContacts(ctx, "zhangsan")
	if want := []string{customer1, customer2, customer3}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("ListExternalContacts(zhangsan) = %v, %v; want %v", got, err, want)
	}
	if q := lastQuery(t, srv, ecListPath); !containsAll(q, "userid=zhangsan") {
		t.Errorf("query = %q", q)
	}
	tests := []struct {
		userID string
		code   errcode.Code
	}{
		{"wangwu", errcode.NotExternalContact},
		{"zhouqi", errcode.NoExternalContactPrivilege},
		{"nobody", errcode.UserIDNotFound},
	}
	for _, tt := range tests {
		ids, err := c.ListExternalContacts(ctx, tt.userID)
		if ids != nil {
			t.Errorf("ListExternalContacts(%s) returned %v with an error", tt.userID, ids)
		}
		wantAPIError(t, err, tt.code, ecListPath)
	}
}

func TestGetExternalContactTyped(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	got, err := c.GetExternalContact(context.Background(), customer3)
	if err != nil {
		t.Fatal(err)
	}
	want := &client.Customer{
		ExternalContact: client.ExternalContact{
			ExternalUserID: customer3, Name: "王总", Avatar: "https://wework.qpic.cn/wwhead/mock-wangzong/0",
			Type: client.CustomerWeCom, Gender: client.CustomerGenderMale,
			Position: "采购总监", CorpName: "合作伙伴", CorpFullName: "合作伙伴科技有限公司",
		},
		FollowUsers: []client.FollowUser{{
			UserID: "zhangsan", Remark: "王总（合作伙伴）", CreateTime: 1700300000,
			Tags: []client.FollowUserTag{}, RemarkCorpName: "合作伙伴科技", RemarkMobiles: []string{},
			AddWay: 10, OperUserID: "zhangsan",
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GetExternalContact(%s) =\n%+v\nwant\n%+v", customer3, got, want)
	}

	wechat, err := c.GetExternalContact(context.Background(), customer1)
	if err != nil {
		t.Fatal(err)
	}
	if wechat.ExternalContact.Type != client.CustomerWeChat || wechat.ExternalContact.UnionID != "ozmockunion0001" || len(wechat.FollowUsers) != 2 {
		t.Fatalf("customer1 = %+v", wechat)
	}
	z := wechat.FollowUsers[0]
	wantTag := client.FollowUserTag{GroupName: "客户等级", TagName: "重要客户", TagID: "etmockvip0001", Type: client.TagTypeCorp}
	if z.UserID != "zhangsan" || z.State != "channel_a" || !slices.Equal(z.Tags, []client.FollowUserTag{wantTag}) ||
		!slices.Equal(z.RemarkMobiles, []string{"13900001111"}) || z.OperUserID != customer1 {
		t.Errorf("zhangsan's follow = %+v", z)
	}
}

func TestGetExternalContactErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	tests := []struct {
		name, secret, id string
		code             errcode.Code
	}{
		{"unknown customer", ecSecret, "wmnobody", errcode.InvalidExternalUserID},
		{"contacts secret", contactsSecret, customer1, errcode.APIForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cust, err := newClient(t, srv, tt.secret).GetExternalContact(ctx, tt.id)
			if cust != nil {
				t.Errorf("got a customer with an error")
			}
			wantAPIError(t, err, tt.code, ecGetPath)
		})
	}
}

// TestGetExternalContactFollowsCursor gives a customer 501 follow-users:
// the client reads both pages and returns them all.
func TestGetExternalContactFollowsCursor(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	corp := &w.Corps[0]
	for i := range 501 {
		id := "member" + strconv.Itoa(i)
		corp.Members = append(corp.Members, fixtures.Member{UserID: id, Name: id, Department: []int{2}, MainDepartment: 2, Status: 1})
		corp.ExternalContact.FollowUsers = append(corp.ExternalContact.FollowUsers, id)
		corp.ExternalContact.Customers[1].FollowUsers = append(corp.ExternalContact.Customers[1].FollowUsers,
			fixtures.FollowUser{UserID: id, CreateTime: 1700000000, AddWay: 1, OperUserID: id})
	}
	srv := newServer(t, mockserver.WithFixtures(w))
	cust, err := newClient(t, srv, ecSecret).GetExternalContact(context.Background(), customer2)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cust.FollowUsers); n != 502 {
		t.Fatalf("%d follow-users, want 502", n)
	}
	if last := cust.FollowUsers[501].UserID; last != "member500" {
		t.Errorf("last follow-user %s, want member500", last)
	}
	if n := calls(srv, ecGetPath); n != 2 {
		t.Errorf("%d calls to get, want 2", n)
	}
}

func TestBatchGetByUserPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()

	first, err := c.BatchGetByUser(ctx, []string{"zhangsan", "lisi"}, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Customers) != 3 || first.NextCursor == "" {
		t.Fatalf("first page: %d customers, cursor %q", len(first.Customers), first.NextCursor)
	}
	fc := first.Customers[0]
	if fc.ExternalContact.ExternalUserID != customer1 || fc.FollowInfo.UserID != "zhangsan" ||
		!slices.Equal(fc.FollowInfo.TagIDs, []string{"etmockvip0001"}) || fc.FollowInfo.State != "channel_a" {
		t.Errorf("first entry = %+v", fc)
	}
	second, err := c.BatchGetByUser(ctx, []string{"zhangsan", "lisi"}, first.NextCursor, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Customers) != 1 || second.NextCursor != "" || second.Customers[0].FollowInfo.UserID != "lisi" {
		t.Fatalf("second page = %+v", second)
	}

	for _, tt := range []struct {
		name   string
		users  []string
		cursor string
		limit  int
		code   errcode.Code
	}{
		{"bad cursor", []string{"zhangsan"}, "forged", 0, errcode.InvalidParameter},
		{"limit over 100", []string{"zhangsan"}, "", client.MaxBatchCustomers + 1, errcode.InvalidParameter},
		{"no members", nil, "", 0, errcode.InvalidParameter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.BatchGetByUser(ctx, tt.users, tt.cursor, tt.limit)
			wantAPIError(t, err, tt.code, ecBatchPath)
		})
	}
}

func TestCustomersOfIterates(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	var got []string
	for fc, err := range c.CustomersOf(context.Background(), []string{"zhangsan", "lisi"}, 1) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fc.FollowInfo.UserID+"/"+fc.ExternalContact.ExternalUserID)
	}
	want := []string{"zhangsan/" + customer1, "zhangsan/" + customer2, "zhangsan/" + customer3, "lisi/" + customer1}
	if !slices.Equal(got, want) {
		t.Fatalf("CustomersOf = %v, want %v", got, want)
	}
	if n := calls(srv, ecBatchPath); n != 4 {
		t.Errorf("%d pages fetched, want 4", n)
	}
	// Breaking out of the loop stops fetching.
	for range c.CustomersOf(context.Background(), []string{"zhangsan"}, 1) {
		break
	}
	if n := calls(srv, ecBatchPath); n != 5 {
		t.Errorf("%d pages fetched after an early break, want 5", n)
	}
	// An error is yielded once and ends the loop.
	errs := 0
	for _, err := range c.CustomersOf(context.Background(), []string{"zhouqi"}, 1) {
		if err == nil {
			t.Fatal("zhouqi has customers?")
		}
		errs++
	}
	if errs != 1 {
		t.Errorf("%d errors yielded, want 1", errs)
	}
}

func TestRemark(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	remark, desc := "小林", "周末联系"
	err := c.Remark(ctx, client.CustomerRemark{UserID: "zhangsan", ExternalUserID: customer2,
		Remark: &remark, Description: &desc, RemarkMobiles: &[]string{"13912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	cust, err := c.GetExternalContact(ctx, customer2)
	if err != nil {
		t.Fatal(err)
	}
	f := cust.FollowUsers[0]
	if f.Remark != remark || f.Description != desc || !slices.Equal(f.RemarkMobiles, []string{"13912345678"}) {
		t.Errorf("after remark: %+v", f)
	}
	// lisi does not follow customer2.
	err = c.Remark(ctx, client.CustomerRemark{UserID: "lisi", ExternalUserID: customer2, Remark: &remark})
	wantAPIError(t, err, errcode.NotExternalContact, ecRemarkPath)
}

func TestSendWelcomeMsg(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: corpID, UserID: "zhangsan",
		Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat}})
	if err != nil {
		t.Fatal(err)
	}
	err = c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: added.WelcomeCode, Text: "您好，我是张三",
		Attachments: []client.Attachment{client.LinkAttachment(client.AttachmentLink{Title: "官网", URL: "https://mock.example.com"})}})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: added.ExternalUserID})
	if len(msgs) != 1 || msgs[0].Content != "您好，我是张三" || msgs[0].Sender != "zhangsan" || msgs[0].API != ecWelcomePath {
		t.Fatalf("inbox = %+v", msgs)
	}

	// Used once; a fresh code fails 20 s later.
	err = c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: added.WelcomeCode, Text: "again"})
	wantAPIError(t, err, errcode.InvalidWelcomeCode, ecWelcomePath)
	late, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: corpID, UserID: "zhangsan", ExternalUserID: customer2, State: "x"})
	if err == nil {
		t.Fatalf("customer2 added zhangsan twice: %+v", late)
	}
	late, err = srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: corpID, UserID: "lisi", ExternalUserID: customer2})
	if err != nil {
		t.Fatal(err)
	}
	srv.Advance(20 * time.Second)
	err = c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: late.WelcomeCode, Text: "too late"})
	wantAPIError(t, err, errcode.InvalidWelcomeCode, ecWelcomePath)

	// Nothing to send is refused before any call.
	if err := c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: "x"}); err == nil {
		t.Error("an empty welcome message was sent")
	}
	if n := calls(srv, ecWelcomePath); n != 3 {
		t.Errorf("%d calls to send_welcome_msg, want 3", n)
	}
}
