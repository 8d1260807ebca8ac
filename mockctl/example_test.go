package mockctl_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Driving a mock through its control API: a login code, a fault, the
// request journal and the virtual clock. The same calls drive the binary
// and the container; here the mock runs in-process.
func Example() {
	httpc := &http.Client{Timeout: 10 * time.Second}         // every call has a deadline
	srv, err := mockserver.New(mockserver.WithFrozenClock()) // the embedded default world
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ctx := context.Background()
	ctl := mockctl.New(srv.URL())

	// What wx.qy.login would give zhangsan in the mini program of app 1000002.
	code, err := ctl.MintCode(ctx, mockctl.CodeRequest{CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("code valid for", code.ExpiresIn, "s")

	// The next gettoken fails with 40013 (invalid corpid).
	if _, err := ctl.AddFault(ctx, mockctl.Fault{Path: "/cgi-bin/gettoken", ErrCode: 40013, Times: 1}); err != nil {
		log.Fatal(err)
	}
	res, err := httpc.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	calls, err := ctl.Requests(ctx, "/cgi-bin/gettoken")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("gettoken calls:", len(calls), "answered errcode", *calls[0].ErrCode)

	// Two hours later, every token issued so far has expired.
	before, _ := ctl.Now(ctx)
	after, _ := ctl.Advance(ctx, 2*time.Hour)
	fmt.Println("clock moved", after.Sub(before))

	// Refusals are *mockctl.Error, with the HTTP status and the reason.
	_, err = ctl.MintCode(ctx, mockctl.CodeRequest{CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "nobody"})
	var ce *mockctl.Error
	if errors.As(err, &ce) {
		fmt.Println(ce.Status, ce.Msg)
	}
	// Output:
	// code valid for 300 s
	// gettoken calls: 1 answered errcode 40013
	// clock moved 2h0m0s
	// 404 corp "wwmockcorp000001" has no member "nobody"
}

// Counting and verifying calls through the control API, as a test in any
// language would: POST /_mock/requests/count and /_mock/requests/verify.
func ExampleClient_VerifyRequests() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	ctl := mockctl.New(srv.URL())

	for _, path := range []string{"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", "/cgi-bin/user/gett"} {
		res, err := http.Get(srv.URL() + path)
		if err != nil {
			log.Fatal(err)
		}
		res.Body.Close()
	}
	n, err := ctl.CountRequests(ctx, mockctl.RequestPattern{Path: "/cgi-bin/gettoken", Query: map[string]string{"corpid": "wwmockcorp000001"}})
	fmt.Println("gettoken for the corp:", n, err)

	// The app called a misspelt path: the journal says what it meant.
	err = ctl.VerifyRequests(ctx, mockctl.RequestPattern{Path: "/cgi-bin/user/get"}, 1)
	var ve *mockctl.VerifyError
	if errors.As(err, &ve) {
		miss := ve.NearMisses[0].Request
		fmt.Println(ve.Count, "calls;", miss.Path, "did you mean", miss.DidYouMean[0])
	}
	// Output:
	// gettoken for the corp: 1 <nil>
	// 0 calls; /cgi-bin/user/gett did you mean /cgi-bin/user/get
}
