package externalcontact_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type listedMsg struct {
	MsgID      string `json:"msgid"`
	CreateTime int64  `json:"create_time"`
	CreateType int    `json:"create_type"`
	Text       struct {
		Content string `json:"content"`
	} `json:"text"`
	Attachments []map[string]any `json:"attachments"`
}

type msgListPage struct {
	ErrCode      int         `json:"errcode"`
	ErrMsg       string      `json:"errmsg"`
	NextCursor   string      `json:"next_cursor"`
	GroupMsgList []listedMsg `json:"group_msg_list"`
}

// msgList is one page of get_groupmsg_list_v2.
func msgList(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) msgListPage {
	t.Helper()
	return testkit.DecodeStrict[msgListPage](t, testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathGroupMsgList, body)))
}

// msgIDs is every msgid get_groupmsg_list_v2 lists for body.
func msgIDs(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) []string {
	t.Helper()
	var out []string
	for range 1000 {
		p := msgList(t, srv, tok, body)
		for _, m := range p.GroupMsgList {
			out = append(out, m.MsgID)
		}
		if p.NextCursor == "" {
			return out
		}
		body = merge(body, "cursor", p.NextCursor)
	}
	t.Fatal("get_groupmsg_list_v2 never ends")
	return nil
}

// The list shows what was sent — text and attachments as given, created
// by the corp (create_type 0, no creator) — within the window, oldest
// first, limit a page (above 100 or none: 50).
func TestGroupMsgList(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	start := srv.Now().Unix()
	link := map[string]any{"msgtype": "link", "link": map[string]any{"title": "官网", "url": "https://mock.example.com"}}
	first := addMsg(t, srv, ec, map[string]any{"sender": "zhangsan", "text": map[string]any{"content": "第一条"}, "attachments": []any{link}})
	var ids []string
	for i := range 51 {
		ids = append(ids, addMsg(t, srv, ec, massMsg("消息"+itoa(i), "sender", "lisi")).MsgID)
	}
	window := map[string]any{"chat_type": "single", "start_time": start, "end_time": start + 60}

	p := msgList(t, srv, ec, merge(window, "limit", 1))
	raw := testkit.OKBody(t, testkit.ECPost(t, srv, ec, pathGroupMsgList, merge(window, "limit", 1)))
	if len(p.GroupMsgList) != 1 || p.NextCursor == "" {
		t.Fatalf("first page %+v", p)
	}
	m := p.GroupMsgList[0]
	if m.MsgID != first.MsgID || m.CreateTime != start || m.CreateType != 0 || m.Text.Content != "第一条" ||
		len(m.Attachments) != 1 || m.Attachments[0]["msgtype"] != "link" {
		t.Errorf("entry %+v", m)
	}
	var shape struct {
		GroupMsgList []map[string]json.RawMessage `json:"group_msg_list"`
	}
	_ = json.Unmarshal(raw, &shape)
	if _, has := shape.GroupMsgList[0]["creator"]; has {
		t.Errorf("a message created through the API has a creator: %s", raw)
	}
	if len(msgList(t, srv, ec, merge(window, "cursor", p.NextCursor, "limit", 100)).GroupMsgList) != 51 {
		t.Errorf("the second page of 100 does not hold the other 51")
	}
	for _, limit := range []int{0, 101, 5000} {
		if p := msgList(t, srv, ec, merge(window, "limit", limit)); len(p.GroupMsgList) != 50 || p.NextCursor == "" {
			t.Errorf("limit %d: %d entries, want the default 50", limit, len(p.GroupMsgList))
		}
	}
	if got := msgIDs(t, srv, ec, window); !slices.Equal(got, append([]string{first.MsgID}, ids...)) {
		t.Errorf("all pages: %d ids", len(got))
	}
	// A text-only message has empty attachments.
	if p := msgList(t, srv, ec, merge(window, "cursor", p.NextCursor, "limit", 1)); p.GroupMsgList[0].Attachments == nil {
		t.Errorf("attachments missing: %+v", p.GroupMsgList[0])
	}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"another day", merge(window, "start_time", start+3600, "end_time", start+7200)},
		{"personal messages", merge(window, "filter_type", 1)},
		{"a creator", merge(window, "creator", "zhangsan")},
	} {
		if got := msgIDs(t, srv, ec, tc.body); len(got) != 0 {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	if got := msgIDs(t, srv, ec, merge(window, "filter_type", 0)); len(got) != 52 {
		t.Errorf("corp messages: %d", len(got))
	}
	// A month-long window is fine; the end is included.
	month := map[string]any{"chat_type": "single", "start_time": start - 31*86400 + 1, "end_time": start}
	if got := msgIDs(t, srv, ec, month); len(got) != 52 {
		t.Errorf("a 31-day window ending now: %d messages", len(got))
	}
}

func TestGroupMsgListErrors(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	now := srv.Now().Unix()
	window := map[string]any{"chat_type": "single", "start_time": now - 60, "end_time": now}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"no chat_type", map[string]any{"start_time": now - 60, "end_time": now}},
		{"no start_time", map[string]any{"chat_type": "single", "end_time": now}},
		{"no end_time", map[string]any{"chat_type": "single", "start_time": now}},
		{"unknown chat_type", merge(window, "chat_type", "moments")},
		{"over a month", merge(window, "start_time", now-31*86400-1)},
		{"end before start", merge(window, "start_time", now+1)},
		{"negative start", merge(window, "start_time", -1)},
		{"unknown filter_type", merge(window, "filter_type", 3)},
		{"filter_type not a number", merge(window, "filter_type", "all")},
		{"forged cursor", merge(window, "cursor", "not-a-cursor")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupMsgList, tc.body), errcode.InvalidParameter)
		})
	}
}

// Tasks and results page with limit (above 1000 or none: 500), and an
// unknown msgid is 41047 everywhere.
func TestGroupMsgTasksAndResultsPaging(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	added := addMsg(t, srv, ec, massMsg("分页", "external_userid", []any{testkit.Customer1, testkit.Customer2, testkit.Customer3}))
	for _, limit := range []int{1, 2, 0, 1001} {
		if got := tasksOf(t, srv, ec, added.MsgID, limit); len(got) != 2 || got[0].UserID != "lisi" || got[1].UserID != "zhangsan" {
			t.Errorf("limit %d: tasks %+v", limit, got)
		}
		if got := resultsOf(t, srv, ec, added.MsgID, "zhangsan", limit); len(got) != 2 ||
			got[0].ExternalUserID != testkit.Customer2 || got[1].ExternalUserID != testkit.Customer3 {
			t.Errorf("limit %d: results %+v", limit, got)
		}
	}
	p := testkit.DecodeStrict[taskPage](t, testkit.OKBody(t, testkit.ECPost(t, srv, ec, pathGroupMsgTask, map[string]any{"msgid": added.MsgID, "limit": 1})))
	if len(p.TaskList) != 1 || p.NextCursor == "" {
		t.Errorf("first page of one: %+v", p)
	}
	for _, tc := range []struct {
		name, path string
		body       map[string]any
		want       errcode.Code
	}{
		{"task: unknown msgid", pathGroupMsgTask, map[string]any{"msgid": "msgnosuchmessage"}, errcode.InvalidGroupMsgID},
		{"task: no msgid", pathGroupMsgTask, map[string]any{"limit": 10}, errcode.GroupMsgIDMissing},
		{"task: forged cursor", pathGroupMsgTask, map[string]any{"msgid": added.MsgID, "cursor": "nope"}, errcode.InvalidParameter},
		{"result: unknown msgid", pathGroupMsgResult, map[string]any{"msgid": "msgnosuchmessage", "userid": "zhangsan"}, errcode.InvalidGroupMsgID},
		{"result: no msgid", pathGroupMsgResult, map[string]any{"userid": "zhangsan"}, errcode.GroupMsgIDMissing},
		{"result: no userid", pathGroupMsgResult, map[string]any{"msgid": added.MsgID}, errcode.InvalidParameter},
		{"result: forged cursor", pathGroupMsgResult, map[string]any{"msgid": added.MsgID, "userid": "zhangsan", "cursor": "nope"}, errcode.InvalidParameter},
		{"cancel: unknown msgid", pathCancelGroupMsg, map[string]any{"msgid": "msgnosuchmessage"}, errcode.InvalidGroupMsgID},
		{"cancel: no msgid", pathCancelGroupMsg, map[string]any{}, errcode.GroupMsgIDMissing},
		{"remind: unknown msgid", pathRemindGroupMsg, map[string]any{"msgid": "msgnosuchmessage"}, errcode.InvalidGroupMsgID},
		{"remind: no msgid", pathRemindGroupMsg, map[string]any{}, errcode.GroupMsgIDMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, tc.path, tc.body), tc.want)
		})
	}
}

// An app sees the messages, tasks and results of the members in its
// visible range only.
func TestGroupMsgAppRange(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	app := testkit.AppToken(t, srv)
	wangwuCustomer := addCustomer(t, srv, "wangwu", "").ExternalUserID
	start := srv.Now().Unix()
	hidden := addMsg(t, srv, ec, massMsg("王五的", "sender", "wangwu"))
	mixed := addMsg(t, srv, ec, massMsg("混合", "external_userid", []any{wangwuCustomer, testkit.Customer2}))
	window := map[string]any{"chat_type": "single", "start_time": start, "end_time": start + 60}
	if got := msgIDs(t, srv, app, window); !slices.Equal(got, []string{mixed.MsgID}) {
		t.Errorf("the app lists %v, want only %s", got, mixed.MsgID)
	}
	if got := msgIDs(t, srv, ec, window); len(got) != 2 {
		t.Errorf("the secret lists %v", got)
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, app, pathGroupMsgTask, map[string]any{"msgid": hidden.MsgID}), errcode.InvalidGroupMsgID)
	if got := tasksOf(t, srv, app, mixed.MsgID, 0); len(got) != 1 || got[0].UserID != "zhangsan" {
		t.Errorf("the app's tasks %+v", got)
	}
	if got := tasksOf(t, srv, ec, mixed.MsgID, 0); len(got) != 2 {
		t.Errorf("the secret's tasks %+v", got)
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, app, pathGroupMsgResult, map[string]any{"msgid": mixed.MsgID, "userid": "wangwu"}), errcode.NoPrivilege)
	if got := resultsOf(t, srv, ec, mixed.MsgID, "wangwu", 0); len(got) != 1 || got[0].ExternalUserID != wangwuCustomer {
		t.Errorf("the secret's results for wangwu %+v", got)
	}
}
