package callback_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
)

// An app's callback endpoint: it echoes text messages with a passive reply
// and syncs contact changes. The requests are built with wxcrypt exactly as
// WeCom (or the mock server) sends them.
func ExampleNewHandler() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	const (
		token  = "QDG6eK"
		aesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
		corpID = "wx5823bf96d3bd56c7"
	)
	h, err := callback.NewHandler(token, aesKey, corpID,
		func(ctx context.Context, ev callback.Event) (callback.Reply, error) {
			switch ev := ev.(type) {
			case *callback.TextMessage:
				fmt.Printf("text from %s: %s\n", ev.FromUserName, ev.Content)
				return callback.TextReply("you said " + ev.Content), nil
			case *callback.ChangeContactEvent:
				fmt.Printf("%s %s in departments %v\n", ev.ChangeType, ev.UserID, ev.Department)
			default:
				fmt.Println("ignored", ev.Kind())
			}
			return nil, nil
		},
		callback.WithDedup(1000),
		callback.WithClock(func() time.Time { return time.Unix(1700000000, 0) }),
	)
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	// WeCom's side.
	weCom, _ := wxcrypt.New(token, aesKey, corpID)
	deliver := func(msg string) []byte {
		ts, nonce := "1409659813", "1372623149"
		enc, sig, _ := weCom.Encrypt([]byte(msg), ts, nonce)
		body, _ := (&wxcrypt.Envelope{ToUserName: corpID, Encrypt: enc, AgentID: "218"}).Marshal()
		q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}
		resp, err := httpc.Post(srv.URL+"/callback?"+q.Encode(), "text/xml", strings.NewReader(string(body)))
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		fmt.Println("HTTP", resp.StatusCode, len(out) > 0)
		return out
	}

	reply := deliver("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[mycreate]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>4561255354251345929</MsgId><AgentID>218</AgentID></xml>")
	plain, err := weCom.DecryptReply(reply) // checks the reply's own signature
	fmt.Printf("%s %v\n", plain, err)

	deliver("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><Department><![CDATA[1,2,3]]></Department></xml>")
	deliver("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><Department><![CDATA[1,2,3]]></Department></xml>") // a retry
	// Output:
	// text from mycreate: hello
	// HTTP 200 true
	// <xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[you said hello]]></Content></xml> <nil>
	// create_user zhangsan in departments [1 2 3]
	// HTTP 200 false
	// HTTP 200 false
}

// The URL verification WeCom performs when the callback URL is saved: the
// official sample request is answered with the bare echostr plaintext.
func ExampleHandler_ServeHTTP_verifyURL() {
	h, _ := callback.NewHandler("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7",
		func(context.Context, callback.Event) (callback.Reply, error) { return nil, nil })
	q := url.Values{
		"msg_signature": {"5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"},
		"timestamp":     {"1409659589"},
		"nonce":         {"263014780"},
		"echostr":       {"P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="},
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/callback?"+q.Encode(), nil))
	fmt.Printf("%d %q\n", w.Code, w.Body.String())
	// Output: 200 "1616140317555161061"
}

// Parse needs no HTTP and no keys: decode XML taken from a queue or a test.
func ExampleParse() {
	for _, x := range []string{
		`<xml><SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1403610513</TimeStamp><SuiteTicket><![CDATA[asdfasfdasdfasdf]]></SuiteTicket></xml>`,
		`<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_tag</ChangeType><TagId>1</TagId><AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems></xml>`,
		`<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[EVENTKEY]]></EventKey><AgentID>1</AgentID></xml>`,
		`<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1527838022</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[open_approval_change]]></Event><AgentID>1</AgentID></xml>`,
	} {
		ev, err := callback.Parse([]byte(x))
		if err != nil {
			panic(err)
		}
		switch ev := ev.(type) {
		case *callback.SuiteTicketEvent:
			fmt.Println("new suite_ticket for", ev.SuiteId+":", ev.SuiteTicket)
		case *callback.ChangeContactEvent:
			if ev.ChangeType == callback.UpdateTag {
				fmt.Println("tag", ev.TagId, "gained", ev.AddUserItems, "lost members listed:", ev.Has("DelUserItems"))
			}
		case *callback.MenuClickEvent:
			fmt.Println(ev.Kind(), ev.EventKey, "by", ev.FromUserName, "in app", ev.AgentID)
		case *callback.RawEvent:
			fmt.Println("no type for", ev.Kind(), "- raw XML kept:", len(ev.Raw()) > 0)
		}
	}
	// Output:
	// new suite_ticket for ww4asffe99e54c0fxxxx: asdfasfdasdfasdf
	// tag 1 gained [zhangsan lisi] lost members listed: false
	// click EVENTKEY by FromUser in app 1
	// no type for open_approval_change - raw XML kept: true
}
