package mockserver_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Verifying what an app sent: one text message to zhangsan. A wrong
// expectation fails with the calls that came closest and what differs.
// In a test, srv.AssertRequested(t, filter, 1) does the same.
func ExampleServer_VerifyRequests() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// The app under test: a token, then a message.
	res, err := http.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		log.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil {
		log.Fatal(err)
	}
	res.Body.Close()
	body := `{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"会议改到 3 点"}}`
	res, err = http.Post(srv.URL()+"/cgi-bin/message/send?access_token="+tok.AccessToken, "application/json", strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()

	sent := mockserver.RequestFilter{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"zhangsan"}`)}
	fmt.Println("to zhangsan:", srv.VerifyRequests(sent, 1))

	n, _ := srv.CountRequests(mockserver.RequestFilter{CorpID: "wwmockcorp000001", AgentID: 1000002})
	fmt.Println("calls by app 1000002:", n)

	err = srv.VerifyRequests(mockserver.RequestFilter{Path: "/cgi-bin/message/send", Body: json.RawMessage(`{"touser":"lisi"}`)}, 1)
	// The token varies; the journal shows its first 8 characters.
	fmt.Println(strings.ReplaceAll(err.Error(), tok.AccessToken[:8], ""))
	// Output:
	// to zhangsan: <nil>
	// calls by app 1000002: 1
	// expected 1 call to /cgi-bin/message/send with body {"touser":"lisi"}, the mock received 0; near misses:
	//   #1 POST /cgi-bin/message/send?access_token=***
	//     body touser: want "lisi", got "zhangsan"
}
