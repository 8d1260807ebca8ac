package client_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func ExampleClient_CustomersOf() {
	srv := startMock()
	defer srv.Close()
	// The 客户联系 secret, or the secret of an app listed under 客户联系 →
	// 可调用应用.
	c := client.New("wwmockcorp000001", "mock-externalcontact-secret", client.WithBaseURL(srv.URL()))

	for fc, err := range c.CustomersOf(context.Background(), []string{"zhangsan", "lisi"}, 2) { // pages of 2
		if err != nil {
			fmt.Println(err)
			return
		}
		kind := "WeChat"
		if fc.ExternalContact.Type == client.CustomerWeCom {
			kind = "WeCom, " + fc.ExternalContact.CorpName
		}
		fmt.Printf("%s: %s (%s) %q\n", fc.FollowInfo.UserID, fc.ExternalContact.Name, kind, fc.FollowInfo.Remark)
	}
	// Output:
	// zhangsan: 陈小明 (WeChat) "陈先生"
	// zhangsan: 林小红 (WeChat) "林女士"
	// zhangsan: 王总 (WeCom, 合作伙伴) "王总（合作伙伴）"
	// lisi: 陈小明 (WeChat) "小明"
}

func ExampleClient_SendWelcomeMsg() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))
	ctx := context.Background()

	// A customer adds zhangsan in WeChat; the add_external_contact event
	// carries this welcome code.
	added, _ := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: "wwmockcorp000001",
		UserID: "zhangsan", Customer: &fixtures.Customer{Name: "王小姐"}})

	err := c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: added.WelcomeCode, Text: "您好，我是张三"})
	fmt.Println(err)
	for _, m := range srv.Messages(mockserver.MessageFilter{ToExternalUser: added.ExternalUserID}) {
		fmt.Println(m.Sender, m.Content)
	}

	err = c.SendWelcomeMsg(ctx, client.WelcomeMessage{WelcomeCode: added.WelcomeCode, Text: "again"})
	fmt.Println(errors.Is(err, errcode.InvalidWelcomeCode)) // a code works once
	// Output:
	// <nil>
	// zhangsan 您好，我是张三
	// true
}
