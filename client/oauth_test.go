package client_test

import (
	"context"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const (
	userInfoPath   = "/cgi-bin/auth/getuserinfo"
	userDetailPath = "/cgi-bin/auth/getuserdetail"
)

func TestUserInfoFromCode(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()

	t.Run("snsapi_base member", func(t *testing.T) {
		code := mint(t, srv, mockserver.CodeRequest{Kind: "oauth", UserID: "lisi"})
		id, err := c.UserInfoFromCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if *id != (client.OAuthIdentity{UserID: "lisi"}) || !id.IsMember() {
			t.Fatalf("got %+v", id)
		}
		_, err = c.UserInfoFromCode(ctx, code)
		wantAPIError(t, err, errcode.InvalidCode, userInfoPath)
	})

	t.Run("non-member visitor", func(t *testing.T) {
		code := mint(t, srv, mockserver.CodeRequest{Kind: "oauth", OpenID: "oVisitor1"})
		id, err := c.UserInfoFromCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if id.IsMember() || id.OpenID != "oVisitor1" {
			t.Fatalf("got %+v", id)
		}
	})

	t.Run("untrusted redirect", func(t *testing.T) {
		code := mint(t, srv, mockserver.CodeRequest{Kind: "oauth", UserID: "lisi",
			RedirectURI: "https://evil.example.com/cb"})
		_, err := c.UserInfoFromCode(ctx, code)
		wantAPIError(t, err, errcode.RedirectDomainMismatch, userInfoPath)
	})

	t.Run("unknown code", func(t *testing.T) {
		_, err := c.UserInfoFromCode(ctx, "never-minted")
		wantAPIError(t, err, errcode.InvalidCode, userInfoPath)
	})
}

func TestUserDetail(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()

	code := mint(t, srv, mockserver.CodeRequest{Kind: "oauth", UserID: "zhangsan", Scope: "snsapi_privateinfo",
		RedirectURI: "http://127.0.0.1/callback"})
	id, err := c.UserInfoFromCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != "zhangsan" || id.UserTicket == "" {
		t.Fatalf("privateinfo login = %+v, want a user_ticket", id)
	}
	d, err := c.UserDetail(ctx, id.UserTicket)
	if err != nil {
		t.Fatal(err)
	}
	want := client.UserDetail{
		UserID:  "zhangsan",
		Gender:  client.GenderMale,
		Avatar:  "https://wework.qpic.cn/wwhead/mock-zhangsan/0",
		QRCode:  "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=mockzhangsan",
		Mobile:  "13800000001",
		Email:   "zhangsan@mock.example.com",
		BizMail: "zhangsan@mockcorp.example.com",
		Address: "北京市海淀区模拟路1号",
	}
	if *d != want {
		t.Fatalf("UserDetail = %+v, want %+v", d, want)
	}
	reqs := srv.Requests(mockserver.RequestFilter{Path: userDetailPath})
	if len(reqs) != 1 || reqs[0].Method != "POST" {
		t.Fatalf("getuserdetail requests = %+v, want one POST", reqs)
	}

	_, err = c.UserDetail(ctx, "not-a-ticket")
	wantAPIError(t, err, errcode.InvalidCode, userDetailPath)
}
