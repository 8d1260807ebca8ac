package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// ExampleServer_InstallSuite runs a 代开发 install as the service provider's
// back end sees it: the suite_ticket (pushed to its callback; read here
// through the Go API), the suite token, the admin's authorization
// (create_auth carries the auth_code), the permanent code — which is the
// app's corpsecret — and a contacts read inside the authorized range.
func ExampleServer_InstallSuite() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	srv, err := mockserver.New(mockserver.WithFrozenClock())
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	const suiteID = "dkmocktemplate0001"
	post := func(path string, query url.Values, body, v any) {
		b, _ := json.Marshal(body)
		res, err := httpc.Post(srv.URL()+path+"?"+query.Encode(), "application/json", bytes.NewReader(b))
		if err != nil {
			log.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			log.Fatal(err)
		}
	}
	get := func(path string, query url.Values, v any) {
		res, err := httpc.Get(srv.URL() + path + "?" + query.Encode())
		if err != nil {
			log.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			log.Fatal(err)
		}
	}

	ticket, err := srv.SuiteTicket(suiteID)
	if err != nil {
		log.Fatal(err)
	}
	var suite struct {
		SuiteAccessToken string `json:"suite_access_token"`
	}
	post("/cgi-bin/service/get_suite_token", nil, map[string]string{
		"suite_id": suiteID, "suite_secret": "mock-template-secret", "suite_ticket": ticket.Ticket,
	}, &suite)

	// An admin of the second corp authorizes the template.
	in, err := srv.InstallSuite(suiteID, mockserver.InstallRequest{
		CorpID: "wwmockcorp000002", UserID: "zhaoliu", Market: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	var perm struct {
		AccessToken   string `json:"access_token"`
		PermanentCode string `json:"permanent_code"`
		AuthCorpInfo  struct {
			CorpID string `json:"corpid"`
		} `json:"auth_corp_info"`
	}
	post("/cgi-bin/service/get_permanent_code", url.Values{"suite_access_token": {suite.SuiteAccessToken}},
		map[string]string{"auth_code": in.AuthCode}, &perm)
	fmt.Println("agentid:", in.AgentID, "access_token in the answer:", perm.AccessToken != "")

	var tok struct {
		AccessToken string `json:"access_token"`
	}
	get("/cgi-bin/gettoken", url.Values{"corpid": {perm.AuthCorpInfo.CorpID}, "corpsecret": {perm.PermanentCode}}, &tok)
	var user struct {
		Name string `json:"name"`
	}
	get("/cgi-bin/user/get", url.Values{"access_token": {tok.AccessToken}, "userid": {"zhaoliu"}}, &user)
	fmt.Println("user/get:", user.Name)
	// Output:
	// agentid: 1000003 access_token in the answer: false
	// user/get: 赵六
}
