package client_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const sendPath = "/cgi-bin/message/send"

func TestSendMessageTypes(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	tests := []struct {
		name    string
		msg     client.Message
		msgType string
		payload string // the payload object as the server received it
	}{
		{"text", client.NewTextMessage(agentID, "你好 <b>&</b>", "zhangsan"), "text",
			`{"content":"你好 <b>&</b>"}`},
		{"textcard", client.NewTextCardMessage(agentID, client.TextCard{
			Title: "审批", Description: `<div class="gray">2026-01-01</div>`, URL: "https://example.com/a?b=1&c=2", BtnTxt: "查看",
		}, "zhangsan"), "textcard",
			`{"title":"审批","description":"<div class=\"gray\">2026-01-01</div>","url":"https://example.com/a?b=1&c=2","btntxt":"查看"}`},
		{"markdown", client.NewMarkdownMessage(agentID, "**重要** <font color=\"info\">ok</font>", "zhangsan"), "markdown",
			`{"content":"**重要** <font color=\"info\">ok</font>"}`},
		{"raw", client.Message{AgentID: agentID, ToUser: []string{"zhangsan"},
			Body: client.RawBody{Type: "news", Payload: map[string]any{"articles": []map[string]string{{"title": "t", "url": "https://example.com"}}}}},
			"news", `{"articles":[{"title":"t","url":"https://example.com"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ClearMessages()
			res, err := c.SendMessage(ctx, tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if res.MsgID == "" || res.InvalidUser != nil || res.InvalidParty != nil || res.InvalidTag != nil {
				t.Fatalf("result = %+v", res)
			}
			inbox := srv.Messages(mockserver.MessageFilter{})
			if len(inbox) != 1 {
				t.Fatalf("inbox has %d messages", len(inbox))
			}
			m := inbox[0]
			if m.MsgID != res.MsgID || m.MsgType != tt.msgType || !slices.Equal(m.Recipients, []string{"zhangsan"}) {
				t.Fatalf("inbox message = %+v", m)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(m.Body, &body); err != nil {
				t.Fatal(err)
			}
			// agentid is a number, safe 0/1, recipients a pipe string, and
			// HTML is sent as is (no \u003c escapes).
			for k, want := range map[string]string{
				"agentid": "1000002", "safe": "0", "touser": `"zhangsan"`,
				"msgtype": `"` + tt.msgType + `"`, tt.msgType: tt.payload,
			} {
				if got := string(body[k]); got != want {
					t.Errorf("%s = %s, want %s", k, got, want)
				}
			}
			if strings.Contains(string(m.Body), `\u00`) {
				t.Errorf("body has \\u escapes: %s", m.Body)
			}
		})
	}
}

func TestSendMessageRecipients(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()

	msg := client.Message{
		AgentID: agentID,
		ToUser:  []string{"zhangsan", "wangwu", "nobody"},
		ToParty: []int{4},
		ToTag:   []int{1},
		Body:    client.Text{Content: "hi"},
		Safe:    true,
	}
	res, err := c.SendMessage(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.InvalidUser, []string{"wangwu", "nobody"}) {
		t.Fatalf("InvalidUser = %q", res.InvalidUser)
	}
	m := srv.Messages(mockserver.MessageFilter{})[0]
	if !slices.Equal(m.Recipients, []string{"lisi", "zhangsan", "zhouqi"}) {
		t.Fatalf("recipients = %v", m.Recipients)
	}
	var body struct {
		ToUser, ToParty, ToTag string
		Safe                   int
	}
	if err := json.Unmarshal(m.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.ToUser != "zhangsan|wangwu|nobody" || body.ToParty != "4" || body.ToTag != "1" || body.Safe != 1 {
		t.Fatalf("body = %s", m.Body)
	}

	// Everyone invalid: 81013, and the invalid lists still come back.
	res, err = c.SendMessage(ctx, client.NewTextMessage(agentID, "hi", "wangwu", "nobody"))
	wantAPIError(t, err, errcode.AllRecipientsInvalid, sendPath)
	if res == nil || !slices.Equal(res.InvalidUser, []string{"wangwu", "nobody"}) {
		t.Fatalf("81013 result = %+v", res)
	}

	// @all reaches the whole visible range.
	srv.ClearMessages()
	if _, err := c.SendMessage(ctx, client.NewTextMessage(agentID, "all hands", client.ToAll)); err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages(mockserver.MessageFilter{})[0]; len(m.Recipients) != 3 {
		t.Fatalf("@all reached %v", m.Recipients)
	}
}

func TestSendMessageErrors(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	tests := []struct {
		name string
		msg  client.Message
		code errcode.Code
	}{
		{"no recipients", client.NewTextMessage(agentID, "hi"), errcode.AllRecipientsEmpty},
		{"empty text", client.NewTextMessage(agentID, "", "zhangsan"), errcode.EmptyContent},
		{"another app", client.NewTextMessage(1000003, "hi", "zhangsan"), errcode.AnotherAgent},
		{"no agentid", client.NewTextMessage(0, "hi", "zhangsan"), errcode.InvalidAgentID},
		{"unknown msgtype", client.Message{AgentID: agentID, ToUser: []string{"zhangsan"},
			Body: client.RawBody{Type: "hologram", Payload: map[string]string{}}}, errcode.InvalidMessageType},
		{"unknown media", client.Message{AgentID: agentID, ToUser: []string{"zhangsan"},
			Body: client.Image{MediaID: "nope"}}, errcode.InvalidMediaID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.SendMessage(ctx, tt.msg)
			wantAPIError(t, err, tt.code, sendPath)
			if res != nil {
				t.Fatalf("result with error: %+v", res)
			}
		})
	}
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Fatalf("%d messages delivered", n)
	}

	// A message without a body is refused before any request.
	before := calls(srv, sendPath)
	if _, err := c.SendMessage(ctx, client.Message{AgentID: agentID, ToUser: []string{"zhangsan"}}); err == nil {
		t.Fatal("no error for a message without a body")
	}
	if calls(srv, sendPath) != before {
		t.Fatal("a message without a body was sent")
	}

	// The contacts-sync secret cannot send messages.
	contacts := newClient(t, srv, contactsSecret)
	_, err := contacts.SendMessage(ctx, client.NewTextMessage(agentID, "hi", "zhangsan"))
	wantAPIError(t, err, errcode.APIForbidden, sendPath)
}

func TestSendMessageDuplicateCheck(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	msg := client.NewTextMessage(agentID, "once", "zhangsan")
	msg.EnableDuplicateCheck = true
	msg.DuplicateCheckInterval = 10 * time.Minute
	for range 2 {
		if _, err := c.SendMessage(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 1 {
		t.Fatalf("%d messages delivered, want 1 (duplicate suppressed)", n)
	}
	var body struct {
		Check    int `json:"enable_duplicate_check"`
		Interval int `json:"duplicate_check_interval"`
	}
	if err := json.Unmarshal(srv.Messages(mockserver.MessageFilter{})[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Check != 1 || body.Interval != 600 {
		t.Fatalf("duplicate check fields = %+v", body)
	}
}

func TestMessageMarshalJSON(t *testing.T) {
	_, err := json.Marshal(client.Message{AgentID: 1})
	if err == nil || !strings.Contains(err.Error(), "no Body") {
		t.Fatalf("err = %v", err)
	}
	b, err := json.Marshal(client.Message{AgentID: 7, ToParty: []int{1, 2}, Body: client.File{MediaID: "m"}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"agentid":7,"file":{"media_id":"m"},"msgtype":"file","safe":0,"toparty":"1|2"}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
}
