package client_test

import (
	"context"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// A 代开发 template's vendor: corp 2 installs the template, the vendor
// exchanges the auth_code for the permanent code, and serves the corp with
// an ordinary Client whose secret is that permanent code.
func ExampleNewSuite() {
	srv := startMock()
	defer srv.Close()
	ctx := context.Background()

	// A real vendor returns the suite_ticket its callback received last.
	ticket := func(context.Context) (string, error) {
		t, err := srv.SuiteTicket("dkmocktemplate0001")
		return t.Ticket, err
	}
	s := client.NewSuite("dkmocktemplate0001", "mock-template-secret", ticket, client.WithBaseURL(srv.URL()))

	// The admin of corp 2 authorizes the template; create_auth brings the auth_code.
	in, err := srv.InstallSuite("dkmocktemplate0001", mockserver.InstallRequest{
		CorpID: "wwmockcorp000002", UserID: "zhaoliu", Market: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	auth, err := s.PermanentCode(ctx, in.AuthCode)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(auth.AuthCorpInfo.CorpID, auth.AuthInfo.Agent[0].IsCustomizedApp, auth.AccessToken == "")

	c := client.New(auth.AuthCorpInfo.CorpID, auth.PermanentCode, client.WithBaseURL(srv.URL()))
	u, err := c.GetUser(ctx, "zhaoliu")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name)
	// Output:
	// wwmockcorp000002 true true
	// 赵六
}
