package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// ExampleServer_AddFault_outage breaks gettoken the ways real outages do:
// the gateway's 502 page, a truncated answer, then a reset connection.
func ExampleServer_AddFault_outage() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	for _, f := range []mockserver.Fault{
		{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultHTTP, Status: 502, Times: 1},
		{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultMalformed, Times: 1},
		{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultReset, Times: 1},
	} {
		if _, err := srv.AddFault(f); err != nil {
			log.Fatal(err)
		}
	}
	// Each call on a connection of its own: net/http would quietly repeat
	// a GET whose reused connection was reset.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range 3 {
		res, err := hc.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
		if err != nil {
			fmt.Println("no answer")
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Printf("%d %s, JSON: %v\n", res.StatusCode, res.Header.Get("Content-Type"), json.Valid(body))
	}
	// Output:
	// 502 text/html, JSON: false
	// 200 application/json; charset=UTF-8, JSON: false
	// no answer
}
