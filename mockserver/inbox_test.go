package mockserver_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// inboxSeed sends three messages: text to zhangsan and lisi, markdown to
// zhouqi (corp 1), and text to zhaoliu (corp 2).
func inboxSeed(t testing.TB, srv *mockserver.Server) {
	t.Helper()
	tok := testkit.AppToken(t, srv)
	testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan|lisi", "one"))
	testkit.MsgSendOK(t, srv, tok, map[string]any{"touser": "zhouqi", "msgtype": "markdown", "agentid": testkit.AgentID,
		"markdown": map[string]any{"content": "**two**"}})
	testkit.MsgSendOK(t, srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), testkit.MsgText("zhaoliu", "three"))
}

func inboxContents(msgs []mockserver.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Content
	}
	return out
}

func TestInboxFilters(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	inboxSeed(t, srv)
	tests := []struct {
		name   string
		filter mockserver.MessageFilter
		want   []string
	}{
		{"everything, oldest first", mockserver.MessageFilter{}, []string{"one", "**two**", "three"}},
		{"corp", mockserver.MessageFilter{CorpID: testkit.Corp1}, []string{"one", "**two**"}},
		{"corp and agent", mockserver.MessageFilter{CorpID: testkit.Corp2, AgentID: testkit.AgentID}, []string{"three"}},
		{"agent of no message", mockserver.MessageFilter{AgentID: 1000099}, []string{}},
		{"recipient, any case", mockserver.MessageFilter{ToUser: "LiSi"}, []string{"one"}},
		{"recipient who got nothing", mockserver.MessageFilter{ToUser: "wangwu"}, []string{}},
		{"msgtype", mockserver.MessageFilter{MsgType: "markdown"}, []string{"**two**"}},
		{"channel app", mockserver.MessageFilter{Channel: "app"}, []string{"one", "**two**", "three"}},
		{"channel robot", mockserver.MessageFilter{Channel: "robot"}, []string{}},
		{"a chat", mockserver.MessageFilter{ChatID: "wrnosuchchat"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inboxContents(srv.Messages(tt.filter)); !slices.Equal(got, tt.want) {
				t.Errorf("Messages(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}
}

func TestInboxControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	inboxSeed(t, srv)

	r := testkit.Get(t, srv.URL()+"/_mock/messages?corpid="+testkit.Corp1+"&agentid=1000002&touser=ZHANGSAN")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /_mock/messages: %s", r)
	}
	var got struct {
		Messages []mockserver.Message `json:"messages"`
		Kept     int                  `json:"kept"`
		Total    int                  `json:"total"`
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 1 || got.Kept != 3 || got.Total != 3 {
		t.Fatalf("control inbox = %s", r.Body)
	}
	m := got.Messages[0]
	if m.Content != "one" || !slices.Equal(m.Recipients, []string{"lisi", "zhangsan"}) || m.MsgType != "text" || m.MsgID == "" {
		t.Errorf("control message = %+v", m)
	}
	// The body is the request JSON as an object, not a string.
	body := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.DecodeMap(t, r.Body)["messages"])[0])["body"]
	if obj, ok := body.(map[string]any); !ok || obj["touser"] != "zhangsan|lisi" {
		t.Errorf("body = %#v, want the request object", body)
	}

	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/messages?agentid=abc"), http.StatusBadRequest, "agentid")
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/messages?channel=fax"), http.StatusBadRequest, "channel")
	if m.Channel != "app" {
		t.Errorf("channel %q, want app", m.Channel)
	}

	r = testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/messages", nil, nil)
	if m := testkit.ControlJSON(t, r, http.StatusOK); len(testkit.As[[]any](t, m["messages"])) != 0 {
		t.Errorf("DELETE answered %s", r.Body)
	}
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Errorf("inbox has %d messages after DELETE", n)
	}
	m2 := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/messages"), http.StatusOK)
	if msgs, ok := m2["messages"].([]any); !ok || len(msgs) != 0 {
		t.Errorf(`empty inbox must be "messages": [], got %v`, m2["messages"])
	}
}

func TestInboxClearedByReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	inboxSeed(t, srv)
	srv.Reset()
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Fatalf("inbox has %d messages after Reset", n)
	}
	inboxSeed(t, srv)
	testkit.ControlJSON(t, testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/reset", nil, nil), http.StatusOK)
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Fatalf("inbox has %d messages after POST /_mock/reset", n)
	}
}

func TestInboxClearMessagesKeepsDuplicateWindow(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	body := testkit.MsgText("zhangsan", "dedupe me")
	body["enable_duplicate_check"] = 1
	first := testkit.MsgSendOK(t, srv, tok, body)
	srv.ClearMessages()
	again := testkit.MsgSendOK(t, srv, tok, body)
	if again.MsgID != first.MsgID || len(srv.Messages(mockserver.MessageFilter{})) != 0 {
		t.Errorf("a cleared message must still count for the duplicate check")
	}
}

func TestInboxJournalsSends(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	inboxSeed(t, srv)
	reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/message/send"})
	if len(reqs) != 3 || reqs[0].ErrCode == nil || *reqs[0].ErrCode != 0 {
		t.Errorf("journal = %+v, want 3 sends with errcode 0", reqs)
	}
}

// ExampleServer_Messages checks what an app sent: the mock delivers
// message/send to its inbox, expanding departments and tags within the app's
// visible range.
func ExampleServer_Messages() {
	httpc := &http.Client{Timeout: 10 * time.Second} // every call has a deadline
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	post := func(path string, query url.Values, body string) map[string]any {
		res, err := httpc.Post(srv.URL()+path+"?"+query.Encode(), "application/json", strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			log.Fatal(err)
		}
		return out
	}
	tok := post("/cgi-bin/gettoken", url.Values{"corpid": {"wwmockcorp000001"}, "corpsecret": {"mock-app-secret"}}, "")
	// Department 2 with its sub-department, plus wangwu, whom the app cannot see.
	access, _ := tok["access_token"].(string)
	sent := post("/cgi-bin/message/send", url.Values{"access_token": {access}},
		`{"touser":"wangwu","toparty":"2","msgtype":"text","agentid":1000002,"text":{"content":"deploy done"}}`)
	fmt.Println("errcode:", sent["errcode"], "invaliduser:", sent["invaliduser"])

	for _, m := range srv.Messages(mockserver.MessageFilter{ToUser: "lisi"}) {
		fmt.Println(m.MsgType, m.Content, m.Recipients)
	}
	// Output:
	// errcode: 0 invaliduser: wangwu
	// text deploy done [lisi zhangsan]
}
