package wecommock_test

import (
	"context"
	"fmt"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/docker/wecommock"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// A mini-program login against the container. (Compiled, not run: it needs
// Docker and the image from `make docker`.)
func ExampleRun() {
	ctx := context.Background()
	ctr, err := wecommock.Run(ctx, wecommock.DefaultImage, wecommock.WithFrozenClock())
	defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	if err != nil {
		panic(err)
	}
	base, _ := ctr.URL(ctx)

	// What wx.qy.login gives the mini program of app 1000002 when zhangsan opens it.
	code, _ := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})

	// The backend under test, pointed at the container.
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(base))
	sess, err := c.Code2Session(ctx, code.Code)
	fmt.Println(sess.UserID, err)

	// Two hours later every token has expired; the client fetches a new one.
	_, _ = ctr.Advance(ctx, 2*time.Hour)
	u, err := c.GetUser(ctx, "zhangsan")
	fmt.Println(u.Name, err)
}

// An app that hard-codes https://qyapi.weixin.qq.com, reaching the container
// over real TLS through its HTTPS proxy, trusting only its CA.
func ExampleContainer_ProxyClient() {
	ctx := context.Background()
	ctr, err := wecommock.Run(ctx, wecommock.DefaultImage, wecommock.WithTLS())
	defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	if err != nil {
		panic(err)
	}
	hc, _ := ctr.ProxyClient(ctx)
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithHTTPClient(hc)) // no base URL
	tok, err := c.Token(ctx)
	fmt.Println(tok != "", err)
}

// The whole control API of a running container: a fault, then the request
// journal. (Compiled, not run: it needs Docker and the image.)
func ExampleContainer_Control() {
	ctx := context.Background()
	ctr, err := wecommock.Run(ctx, wecommock.DefaultImage)
	defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	if err != nil {
		panic(err)
	}
	ctl := ctr.Control()

	// The next user/get answers 60011 (no privilege).
	_, _ = ctl.AddFault(ctx, mockctl.Fault{Path: "/cgi-bin/user/get", ErrCode: 60011, Times: 1})

	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(ctl.URL()))
	_, err = c.GetUser(ctx, "zhangsan")
	fmt.Println(err != nil)

	calls, _ := ctl.Requests(ctx, "/cgi-bin/user/get")
	fmt.Println(len(calls), *calls[0].ErrCode)
}

// A container whose control API needs a token (its port may be reachable by
// others): Control() sends it. (Compiled, not run: it needs Docker.)
func ExampleWithControlToken() {
	ctx := context.Background()
	ctr, err := wecommock.Run(ctx, wecommock.DefaultImage, wecommock.WithControlToken("s3cret"))
	defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	if err != nil {
		panic(err)
	}
	code, err := ctr.Control().MintCode(ctx, mockctl.CodeRequest{Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})
	fmt.Println(code.Code != "", err)
}
