package client_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/client/jssdk"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// startMock starts a wecom-mock server with the default world for an
// example (examples have no *testing.T for mockserver.NewTest).
func startMock() *mockserver.Server {
	srv, err := mockserver.New(mockserver.WithFrozenClock())
	if err != nil {
		panic(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	return srv
}

func ExampleNew() {
	srv := startMock()
	defer srv.Close()

	// Against the real WeCom, leave out WithBaseURL.
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))
	u, err := c.GetUser(context.Background(), "zhangsan")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Gender == client.GenderMale, u.Department, u.MainDepartment)
	// Output: 张三 true [2] 2
}

func ExampleAPIError() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))

	_, err := c.GetUser(context.Background(), "wangwu") // outside the app's visible range
	fmt.Println(errors.Is(err, errcode.NoPrivilege))

	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(int(apiErr.Code), apiErr.Path, strings.HasPrefix(apiErr.Msg, "no privilege"))
	}
	// Output:
	// true
	// 60011 /cgi-bin/user/get true
}

func ExampleClient_Code2Session() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))

	// What wx.qy.login would hand the mini program.
	code, _ := srv.MintCode(mockserver.CodeRequest{Kind: "miniprogram",
		CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})

	s, err := c.Code2Session(context.Background(), code.Code)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.CorpID, s.UserID)

	_, err = c.Code2Session(context.Background(), code.Code) // codes work once
	fmt.Println(errors.Is(err, errcode.InvalidCode))
	// Output:
	// wwmockcorp000001 zhangsan
	// true
}

func ExampleClient_UserInfoFromCode() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))
	ctx := context.Background()

	// The code WeCom appends to the OAuth redirect_uri.
	code, _ := srv.MintCode(mockserver.CodeRequest{Kind: "oauth", CorpID: "wwmockcorp000001",
		AgentID: 1000002, UserID: "zhangsan", Scope: "snsapi_privateinfo"})

	id, err := c.UserInfoFromCode(ctx, code.Code)
	if err != nil {
		fmt.Println(err)
		return
	}
	detail, err := c.UserDetail(ctx, id.UserTicket)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id.UserID, detail.Mobile, detail.Email)
	// Output: zhangsan 13800000001 zhangsan@mock.example.com
}

func ExampleClient_SendMessage() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))

	res, err := c.SendMessage(context.Background(),
		client.NewTextMessage(1000002, "构建成功 ✅", "zhangsan", "wangwu"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("invalid:", res.InvalidUser) // wangwu is outside the app's visible range

	for _, m := range srv.Messages(mockserver.MessageFilter{}) {
		fmt.Println(m.MsgType, m.Recipients, m.Content)
	}
	// Output:
	// invalid: [wangwu]
	// text [zhangsan] 构建成功 ✅
}

func ExampleClient_UploadMedia() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))
	ctx := context.Background()

	up, err := c.UploadMedia(ctx, client.MediaFile, "notes.txt", strings.NewReader("meeting notes"))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := c.GetMedia(ctx, up.MediaID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(up.Type, m.Filename, string(m.Data))
	// Output: file notes.txt meeting notes
}

func ExampleClient_AllUserIDs() {
	srv := startMock()
	defer srv.Close()
	// user/list_id needs the contacts-sync secret.
	c := client.New("wwmockcorp000001", "mock-contacts-secret", client.WithBaseURL(srv.URL()))

	for row, err := range c.UserIDs(context.Background(), 2) { // pages of 2 rows
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(row.UserID, row.Department)
	}
	// Output:
	// zhangsan 2
	// lisi 4
	// wangwu 3
	// zhouqi 3
}

func ExampleClient_AgentConfigTicket() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))

	ticket, err := c.AgentConfigTicket(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	// The ticket's type makes it fit wx.agentConfig only.
	cfg := jssdk.NewAgentConfig(ticket, "wwmockcorp000001", 1000002,
		"https://app.example.com/page", jssdk.NewNonce(), 1700000000, "selectExternalContact")
	fmt.Println(cfg.AgentID, len(cfg.Signature))
	// Output: 1000002 40
}

func ExampleWithClock() {
	srv := startMock()
	defer srv.Close()
	// Share the mock's virtual clock: the client then refreshes its token
	// ahead of the server's expiry instead of running into 42001.
	c := client.New("wwmockcorp000001", "mock-app-secret",
		client.WithBaseURL(srv.URL()), client.WithClock(srv.Now))
	ctx := context.Background()

	first, _ := c.Token(ctx)
	srv.Advance(3 * time.Hour)
	second, _ := c.Token(ctx)
	fmt.Println(first != second, len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/gettoken"})))
	// Output: true 2
}
