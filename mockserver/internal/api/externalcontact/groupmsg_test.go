package externalcontact_test

import (
	"fmt"
	"slices"
	str "strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathAddMsgTemplate = "/cgi-bin/externalcontact/add_msg_template"
	pathGroupMsgList   = "/cgi-bin/externalcontact/get_groupmsg_list_v2"
	pathGroupMsgTask   = "/cgi-bin/externalcontact/get_groupmsg_task"
	pathGroupMsgResult = "/cgi-bin/externalcontact/get_groupmsg_send_result"
	pathCancelGroupMsg = "/cgi-bin/externalcontact/cancel_groupmsg_send"
	pathRemindGroupMsg = "/cgi-bin/externalcontact/remind_groupmsg_send"
)

// massMsg is an add_msg_template body with a text and the fields kv.
func massMsg(text string, kv ...any) map[string]any {
	body := map[string]any{"text": map[string]any{"content": text}}
	for i := 0; i+1 < len(kv); i += 2 {
		body[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return body
}

type addedMsg struct {
	ErrCode  int      `json:"errcode"`
	ErrMsg   string   `json:"errmsg"`
	FailList []string `json:"fail_list"`
	MsgID    string   `json:"msgid"`
}

// addMsg creates a mass message and returns the answer.
func addMsg(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) addedMsg {
	t.Helper()
	got := testkit.DecodeStrict[addedMsg](t, testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathAddMsgTemplate, body)))
	if !str.HasPrefix(got.MsgID, "msg") || len(got.MsgID) != 30 || got.FailList == nil {
		t.Fatalf("add_msg_template: %+v", got)
	}
	return got
}

type msgTask struct {
	UserID   string `json:"userid"`
	Status   int    `json:"status"`
	SendTime int64  `json:"send_time"`
}

type taskPage struct {
	ErrCode    int       `json:"errcode"`
	ErrMsg     string    `json:"errmsg"`
	NextCursor string    `json:"next_cursor"`
	TaskList   []msgTask `json:"task_list"`
}

// tasksOf is get_groupmsg_task's whole list, page after page of limit.
func tasksOf(t *testing.T, srv *mockserver.Server, tok, msgID string, limit int) []msgTask {
	t.Helper()
	var out []msgTask
	cursor := ""
	for range 100 {
		p := testkit.DecodeStrict[taskPage](t, testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathGroupMsgTask,
			map[string]any{"msgid": msgID, "limit": limit, "cursor": cursor})))
		out = append(out, p.TaskList...)
		if cursor = p.NextCursor; cursor == "" {
			return out
		}
	}
	t.Fatal("get_groupmsg_task never ends")
	return nil
}

type msgResult struct {
	ExternalUserID string `json:"external_userid"`
	ChatID         string `json:"chat_id"`
	UserID         string `json:"userid"`
	Status         int    `json:"status"`
	SendTime       int64  `json:"send_time"`
}

type resultPage struct {
	ErrCode    int         `json:"errcode"`
	ErrMsg     string      `json:"errmsg"`
	NextCursor string      `json:"next_cursor"`
	SendList   []msgResult `json:"send_list"`
}

// resultsOf is get_groupmsg_send_result's whole list for a member.
func resultsOf(t *testing.T, srv *mockserver.Server, tok, msgID, userID string, limit int) []msgResult {
	t.Helper()
	var out []msgResult
	cursor := ""
	for range 100 {
		p := testkit.DecodeStrict[resultPage](t, testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathGroupMsgResult,
			map[string]any{"msgid": msgID, "userid": userID, "limit": limit, "cursor": cursor})))
		out = append(out, p.SendList...)
		if cursor = p.NextCursor; cursor == "" {
			return out
		}
	}
	t.Fatal("get_groupmsg_send_result never ends")
	return nil
}

// sendPart has member userID send their part of msgID.
func sendPart(t *testing.T, srv *mockserver.Server, msgID, userID string) mockserver.GroupMsgSent {
	t.Helper()
	sent, err := srv.SendGroupMsg(mockserver.GroupMsgSend{CorpID: testkit.Corp1, MsgID: msgID, UserID: userID})
	if err != nil {
		t.Fatal(err)
	}
	return sent
}

// A message to two customers: the unknown one is in fail_list, the inbox
// holds the message addressed to the customers, zhangsan's task and
// results wait until zhangsan sends, then carry the virtual send time.
func TestAddMsgTemplateToCustomers(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv) // a 可调用应用
	added := addMsg(t, srv, tok, massMsg("新品上市", "sender", "zhangsan",
		"external_userid", []any{testkit.Customer1, "wmnosuchcustomer", testkit.Customer2, testkit.Customer1}))
	if !slices.Equal(added.FailList, []string{"wmnosuchcustomer"}) {
		t.Errorf("fail_list %v", added.FailList)
	}
	for _, id := range []string{testkit.Customer1, testkit.Customer2} {
		msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: id})
		if len(msgs) != 1 || msgs[0].API != pathAddMsgTemplate || msgs[0].Sender != "zhangsan" ||
			msgs[0].Content != "新品上市" || msgs[0].MsgType != "text" || msgs[0].AgentID != testkit.AgentID {
			t.Fatalf("inbox for %s: %+v", id, msgs)
		}
		if !slices.Equal(msgs[0].ExternalUserIDs, []string{testkit.Customer1, testkit.Customer2}) {
			t.Errorf("addressed to %v", msgs[0].ExternalUserIDs)
		}
	}
	if got := tasksOf(t, srv, tok, added.MsgID, 0); !slices.Equal(got, []msgTask{{"zhangsan", 0, 0}}) {
		t.Errorf("tasks before sending: %+v", got)
	}
	want := []msgResult{{ExternalUserID: testkit.Customer1, UserID: "zhangsan"}, {ExternalUserID: testkit.Customer2, UserID: "zhangsan"}}
	if got := resultsOf(t, srv, tok, added.MsgID, "zhangsan", 0); !slices.Equal(got, want) {
		t.Errorf("results before sending: %+v", got)
	}
	// Unsent entries have no send_time at all.
	raw := string(testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathGroupMsgTask, map[string]any{"msgid": added.MsgID})))
	if str.Contains(raw, "send_time") {
		t.Errorf("an unsent task has a send_time: %s", raw)
	}

	srv.Advance(90 * time.Minute) // the member sends an hour and a half later
	sent := sendPart(t, srv, added.MsgID, "zhangsan")
	now := srv.Now().Unix()
	if sent != (mockserver.GroupMsgSent{Status: 2, SendTime: now, Sent: 2}) {
		t.Errorf("sent %+v", sent)
	}
	if got := tasksOf(t, srv, tok, added.MsgID, 0); !slices.Equal(got, []msgTask{{"zhangsan", 2, now}}) {
		t.Errorf("tasks after sending: %+v", got)
	}
	for i := range want {
		want[i].Status, want[i].SendTime = 1, now
	}
	if got := resultsOf(t, srv, tok, added.MsgID, "zhangsan", 0); !slices.Equal(got, want) {
		t.Errorf("results after sending: %+v", got)
	}
	// lisi has no task: no results.
	if got := resultsOf(t, srv, tok, added.MsgID, "lisi", 0); len(got) != 0 {
		t.Errorf("lisi's results %+v", got)
	}
}

// Who sends to whom: without a sender, the last member who added each
// customer; with only a sender, all their customers; with a tag filter,
// the follow-users whose tags match (OR within a group, AND across).
func TestAddMsgTemplateResolution(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	c1, c2, c3 := testkit.Customer1, testkit.Customer2, testkit.Customer3
	for _, tc := range []struct {
		name string
		body map[string]any
		want map[string][]string // member → customers
	}{
		{"customers, no sender", massMsg("a", "external_userid", []any{c1, c2, c3}),
			map[string][]string{"lisi": {c1}, "zhangsan": {c2, c3}}},
		{"sender only", massMsg("b", "sender", "zhangsan"),
			map[string][]string{"zhangsan": {c1, c2, c3}}},
		{"lisi's one customer", massMsg("c", "sender", "lisi"),
			map[string][]string{"lisi": {c1}}},
		{"tag filter only", massMsg("d", "tag_filter", map[string]any{"group_list": []any{map[string]any{"tag_list": []any{testkit.TagVIP}}}}),
			map[string][]string{"zhangsan": {c1}}},
		{"tags OR within a group", massMsg("e", "sender", "zhangsan", "tag_filter", map[string]any{"group_list": []any{
			map[string]any{"tag_list": []any{testkit.TagVIP, testkit.TagNormal}}}}),
			map[string][]string{"zhangsan": {c1, c2}}},
		{"tag filter and customers", massMsg("f", "external_userid", []any{c1, c2}, "tag_filter", map[string]any{"group_list": []any{
			map[string]any{"tag_list": []any{testkit.TagNormal}}}}),
			map[string][]string{"zhangsan": {c2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			added := addMsg(t, srv, ec, tc.body)
			if len(added.FailList) != 0 {
				t.Errorf("fail_list %v", added.FailList)
			}
			got := map[string][]string{}
			for _, task := range tasksOf(t, srv, ec, added.MsgID, 0) {
				for _, r := range resultsOf(t, srv, ec, added.MsgID, task.UserID, 0) {
					got[task.UserID] = append(got[task.UserID], r.ExternalUserID)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("sends %v, want %v", got, tc.want)
			}
			for u, ids := range tc.want {
				if !slices.Equal(got[u], ids) {
					t.Errorf("%s sends to %v, want %v", u, got[u], ids)
				}
			}
		})
	}
	// One inbox message per sender of the first message.
	if msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: c3}); len(msgs) < 1 || msgs[0].Sender != "zhangsan" ||
		!slices.Equal(msgs[0].ExternalUserIDs, []string{c2, c3}) {
		t.Errorf("inbox for %s: %+v", c3, msgs)
	}
}

// A message to customer groups goes to the sender's own groups; a group's
// result is listed once sent, as documented.
func TestAddMsgTemplateToGroups(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	lisiGroup := newGroup(t, srv, "lisi").ChatID
	added := addMsg(t, srv, ec, massMsg("群发到群", "chat_type", "group", "sender", "zhangsan",
		"chat_id_list", []any{testkit.CustomerChat1, lisiGroup, "wrnosuchchat"}))
	if !slices.Equal(added.FailList, []string{lisiGroup, "wrnosuchchat"}) {
		t.Errorf("fail_list %v", added.FailList)
	}
	var inbox []mockserver.Message
	for _, m := range srv.Messages(mockserver.MessageFilter{}) {
		if m.API == pathAddMsgTemplate {
			inbox = append(inbox, m)
		}
	}
	if len(inbox) != 1 || !slices.Equal(inbox[0].ChatIDs, []string{testkit.CustomerChat1}) || len(inbox[0].ExternalUserIDs) != 0 {
		t.Errorf("inbox %+v", inbox)
	}
	if got := resultsOf(t, srv, ec, added.MsgID, "zhangsan", 0); len(got) != 0 {
		t.Errorf("unsent groups listed: %+v", got)
	}
	sendPart(t, srv, added.MsgID, "zhangsan")
	now := srv.Now().Unix()
	if got := resultsOf(t, srv, ec, added.MsgID, "zhangsan", 0); !slices.Equal(got, []msgResult{{ChatID: testkit.CustomerChat1, UserID: "zhangsan", Status: 1, SendTime: now}}) {
		t.Errorf("results %+v", got)
	}
	// Without chat_id_list: every group the sender owns.
	all := addMsg(t, srv, ec, massMsg("全部群", "chat_type", "group", "sender", "lisi"))
	sendPart(t, srv, all.MsgID, "lisi")
	if got := resultsOf(t, srv, ec, all.MsgID, "lisi", 0); len(got) != 1 || got[0].ChatID != lisiGroup {
		t.Errorf("lisi's groups %+v", got)
	}
	// get_groupmsg_list_v2 keeps the two kinds apart.
	day := map[string]any{"start_time": now - 3600, "end_time": now + 3600}
	if got := msgIDs(t, srv, ec, merge(day, "chat_type", "group")); !slices.Equal(got, []string{added.MsgID, all.MsgID}) {
		t.Errorf("group messages %v", got)
	}
	if got := msgIDs(t, srv, ec, merge(day, "chat_type", "single")); len(got) != 0 {
		t.Errorf("single messages %v", got)
	}
}

// Every refusal of add_msg_template keeps an empty fail_list in its body.
func TestAddMsgTemplateErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	app := testkit.AppToken(t, srv)
	// wangwu follows nobody yet.
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathAddMsgTemplate, massMsg("x", "sender", "wangwu")), errcode.NoCustomerToSend)
	wangwuCustomer := addCustomer(t, srv, "wangwu", "").ExternalUserID
	ids := make([]any, 10001)
	for i := range ids {
		ids[i] = testkit.Customer1
	}
	chats := make([]any, 2001)
	for i := range chats {
		chats[i] = testkit.CustomerChat1
	}
	tags := make([]any, 101)
	for i := range tags {
		tags[i] = testkit.TagVIP
	}
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"every customer unknown", ec, massMsg("x", "external_userid", []any{"wmnobody1", "wmnobody2"}), errcode.InvalidExternalUserID},
		{"nobody to send to", ec, massMsg("x", "sender", "lisi", "external_userid", []any{testkit.Customer2}), errcode.NoCustomerToSend},
		{"tags nobody has", ec, massMsg("x", "tag_filter", map[string]any{"group_list": []any{
			map[string]any{"tag_list": []any{testkit.TagVIP}}, map[string]any{"tag_list": []any{testkit.TagNormal}}}}), errcode.NoCustomerToSend},
		{"neither customers nor sender", ec, massMsg("x"), errcode.InvalidParameter},
		{"unknown sender", ec, massMsg("x", "sender", "nobody"), errcode.UserIDNotFound},
		{"sender without 客户联系", ec, massMsg("x", "sender", "zhouqi"), errcode.NoExternalContactPrivilege},
		{"sender outside the app's range", app, massMsg("x", "sender", "wangwu"), errcode.NoPrivilege},
		{"customer of a member outside the app's range", app, massMsg("x", "external_userid", []any{wangwuCustomer}), errcode.NoCustomerToSend},
		{"group without sender", ec, massMsg("x", "chat_type", "group"), errcode.InvalidParameter},
		{"sender owning no group", ec, massMsg("x", "chat_type", "group", "sender", "wangwu"), errcode.NoCustomerToSend},
		{"unknown chat_type", ec, massMsg("x", "chat_type", "moments", "sender", "zhangsan"), errcode.InvalidParameter},
		{"no content", ec, map[string]any{"sender": "zhangsan"}, errcode.EmptyContent},
		{"unknown attachment", ec, map[string]any{"sender": "zhangsan", "attachments": []any{map[string]any{"msgtype": "voice", "voice": map[string]any{}}}}, errcode.InvalidAttachmentType},
		{"ten attachments", ec, map[string]any{"sender": "zhangsan", "attachments": tenImages()}, errcode.TooManyAttachments},
		{"4001 characters", ec, massMsg(str.Repeat("新", 4001), "sender", "zhangsan"), errcode.ContentTooLong},
		{"10001 customers", ec, massMsg("x", "external_userid", ids), errcode.InvalidParameter},
		{"2001 groups", ec, massMsg("x", "chat_type", "group", "sender", "zhangsan", "chat_id_list", chats), errcode.InvalidParameter},
		{"101 tags in a group", ec, massMsg("x", "sender", "zhangsan", "tag_filter", map[string]any{"group_list": []any{map[string]any{"tag_list": tags}}}), errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathAddMsgTemplate, tc.body), tc.want)
			if fl, ok := m["fail_list"].([]any); !ok || len(fl) != 0 {
				t.Errorf("fail_list %v in %v, want []", m["fail_list"], m)
			}
		})
	}
	if msgs := srv.Messages(mockserver.MessageFilter{}); slices.ContainsFunc(msgs, func(m mockserver.Message) bool { return m.API == pathAddMsgTemplate }) {
		t.Errorf("a refused message reached the inbox")
	}
}

// A third-party app names and reads customers in its own external_userid
// form.
func TestAddMsgTemplateThirdParty(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tp, _ := thirdParty(t, srv)
	ids := idsOf(t, srv, tp)
	added := addMsg(t, srv, tp, massMsg("你好", "sender", "zhangsan", "external_userid", []any{ids[0], testkit.Customer2}))
	if !slices.Equal(added.FailList, []string{testkit.Customer2}) {
		t.Errorf("fail_list %v: the corp's own id is unknown to the app", added.FailList)
	}
	if got := resultsOf(t, srv, tp, added.MsgID, "zhangsan", 0); len(got) != 1 || got[0].ExternalUserID != ids[0] {
		t.Errorf("results %+v, want %s", got, ids[0])
	}
	if msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: testkit.Customer1}); len(msgs) != 1 {
		t.Errorf("the inbox addresses the corp's own id: %+v", msgs)
	}
}

func merge(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return out
}
