package mockserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// restart writes srv's state to a file, reads it back and starts a new
// server from it, as serve --state does.
func restart(t *testing.T, srv *mockserver.Server) (*mockserver.Server, *mockserver.StateFile) {
	t.Helper()
	snap, err := srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := mockserver.WriteStateFile(path, snap); err != nil {
		t.Fatal(err)
	}
	f, err := mockserver.ReadStateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	again := mockserver.NewTest(t, f.Options(time.Now)...)
	again.RestoreState(f)
	return again, f
}

func messageByID(t *testing.T, srv *mockserver.Server, id string) mockserver.Message {
	t.Helper()
	for _, m := range srv.Messages(mockserver.MessageFilter{}) {
		if m.MsgID == id {
			return m
		}
	}
	t.Fatalf("message %s is not in the inbox", id)
	return mockserver.Message{}
}

// TestStateFileKeepsMessagesAndDeliveries: an app message (with its
// duplicate-check window), a robot's, a 客户联系 welcome message, an
// interactive card with a click and an update, and the click's delivered
// callback survive a restart; the card's codes keep their state.
func TestStateFileKeepsMessagesAndDeliveries(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	tok := testkit.AppToken(t, srv)

	// message/send with enable_duplicate_check
	// (https://developer.work.weixin.qq.com/document/path/90236).
	text := testkit.MsgText("zhangsan", "重启前的消息")
	text["enable_duplicate_check"], text["duplicate_check_interval"] = 1, 3600
	sent := testkit.MsgSendOK(t, srv, tok, text)

	// A group robot's webhook (https://developer.work.weixin.qq.com/document/path/91770).
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/send", "key", "mock-webhook-key"),
		map[string]any{"msgtype": "text", "text": map[string]any{"content": "机器人说"}}))

	// A welcome message to a new customer (https://developer.work.weixin.qq.com/document/path/92137).
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "zhangsan",
		Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat, Gender: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	rcv.Next(t) // add_external_contact
	testkit.OK(t, testkit.ECPost(t, srv, testkit.ECToken(t, srv), "/cgi-bin/externalcontact/send_welcome_msg",
		map[string]any{"welcome_code": added.WelcomeCode, "text": map[string]any{"content": "欢迎"}}))

	// An interactive card, zhangsan's click, and the send's response_code
	// spent on lisi's buttons (https://developer.work.weixin.qq.com/document/path/94888).
	card := testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan|lisi", "msgtype": "template_card", "agentid": testkit.AgentID,
		"template_card": map[string]any{
			"card_type": "button_interaction", "task_id": "task-restart",
			"main_title": map[string]any{"title": "报销审批"},
			"button_list": []any{
				map[string]any{"text": "同意", "key": "approve"},
				map[string]any{"text": "驳回", "key": "reject"},
			},
		},
	})
	clicked, err := srv.ClickCard(card.MsgID, mockserver.CardClick{UserID: "zhangsan", Key: "approve"})
	if err != nil {
		t.Fatal(err)
	}
	delivered, err := srv.WaitDelivery(context.Background(), clicked.DeliveryID)
	if err != nil || delivered.Status != mockserver.DeliveryDelivered {
		t.Fatalf("click delivery = %+v, %v", delivered, err)
	}
	rcv.Next(t) // template_card_event
	updateURL := testkit.URL(srv, "/cgi-bin/message/update_template_card", "access_token", tok)
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, updateURL, map[string]any{
		"userids": []string{"lisi"}, "agentid": testkit.AgentID, "response_code": card.ResponseCode,
		"button": map[string]any{"replace_name": "已处理"},
	}))
	before := srv.Messages(mockserver.MessageFilter{})
	if len(before) != 4 {
		t.Fatalf("inbox before the restart: %d messages", len(before))
	}

	again, f := restart(t, srv)
	if f.Messages == nil || len(f.Messages.Messages) != 4 || len(f.Deliveries) != 2 {
		t.Fatalf("state file: messages %+v, deliveries %d", f.Messages, len(f.Deliveries))
	}
	after := again.Messages(mockserver.MessageFilter{})
	if len(after) != len(before) {
		t.Fatalf("inbox after the restart: %d messages, want %d", len(after), len(before))
	}
	for i := range before {
		b, _ := json.Marshal(before[i])
		a, _ := json.Marshal(after[i])
		if string(a) != string(b) {
			t.Errorf("message %d after the restart:\n%s\nwant\n%s", i, a, b)
		}
	}
	for channel, n := range map[string]int{"app": 2, "robot": 1, "external": 1} {
		if got := again.Messages(mockserver.MessageFilter{Channel: channel}); len(got) != n {
			t.Errorf("channel %s: %d messages, want %d", channel, len(got), n)
		}
	}
	if w := again.Messages(mockserver.MessageFilter{ToExternalUser: added.ExternalUserID}); len(w) != 1 || w[0].Content != "欢迎" || w[0].Sender != "zhangsan" {
		t.Errorf("welcome message after the restart = %+v", w)
	}

	// The card shows the click and the update.
	m := messageByID(t, again, card.MsgID)
	if m.Card == nil || len(m.Card.Clicks) != 1 || m.Card.Clicks[0].UserID != "zhangsan" || m.Card.Clicks[0].Key != "approve" {
		t.Fatalf("card after the restart = %+v", m.Card)
	}
	if len(m.Card.Views) != 2 || m.Card.Views[1].ReplaceName != "已处理" || !slices.Equal(m.Card.Views[1].UserIDs, []string{"lisi"}) {
		t.Errorf("card views after the restart = %+v", m.Card.Views)
	}
	// lisi's finished button takes no click; zhangsan may click again.
	if _, err := again.ClickCard(card.MsgID, mockserver.CardClick{UserID: "lisi", Key: "approve"}); err == nil {
		t.Error("lisi clicked a finished button after the restart")
	}
	// The spent code stays spent; the click's unspent code updates once.
	tok2 := testkit.AppToken(t, again)
	updateURL = testkit.URL(again, "/cgi-bin/message/update_template_card", "access_token", tok2)
	testkit.WeComError(t, testkit.SendJSON(t, http.MethodPost, updateURL, map[string]any{
		"userids": []string{"zhangsan"}, "agentid": testkit.AgentID, "response_code": card.ResponseCode,
		"button": map[string]any{"replace_name": "again"},
	}), errcode.CodeAlreadyUsed)
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, updateURL, map[string]any{
		"userids": []string{"zhangsan"}, "agentid": testkit.AgentID, "response_code": clicked.ResponseCode,
		"button": map[string]any{"replace_name": "已同意"},
	}))
	if m := messageByID(t, again, card.MsgID); len(m.Card.Views) != 2 || m.Card.Views[1].ReplaceName != "已同意" {
		t.Errorf("card after an update past the restart = %+v", m.Card.Views)
	}

	// The duplicate-check window is still open: the same text is not
	// delivered again and answers the earlier msgid.
	if dup := testkit.MsgSendOK(t, again, tok2, text); dup.MsgID != sent.MsgID {
		t.Errorf("duplicate after the restart got msgid %s, want %s", dup.MsgID, sent.MsgID)
	}

	// The delivered callback's history.
	got, err := again.Delivery(clicked.DeliveryID)
	if err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(got)
	db, _ := json.Marshal(delivered)
	if string(gb) != string(db) {
		t.Errorf("delivery after the restart:\n%s\nwant\n%s", gb, db)
	}
	if len(got.Attempts) != 1 || got.Attempts[0].Status != http.StatusOK || !strings.Contains(got.Plaintext, "template_card_event") {
		t.Errorf("delivery history = %+v", got)
	}
	// A restored delivery can be sent again, as a new delivery with an id
	// of its own.
	re, err := again.RedeliverCallback(clicked.DeliveryID)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(f.Deliveries, func(d mockserver.Delivery) bool { return d.ID == re.ID }) {
		t.Errorf("new delivery id %s reuses a restored one", re.ID)
	}
	if d, err := again.WaitDelivery(context.Background(), re.ID); err != nil || d.Status != mockserver.DeliveryDelivered || d.Plaintext != delivered.Plaintext {
		t.Errorf("redelivered after the restart = %+v, %v", d, err)
	}
	if ev := rcv.Next(t); ev["Event"] != "template_card_event" || ev["EventKey"] != "approve" {
		t.Errorf("redelivered event = %v", ev)
	}
}

// writeState writes v as JSON to a new file in dir and returns its path
// and content.
func writeState(t *testing.T, dir, name string, v any) (string, string) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, string(data)
}

// baseState is a state file as the first version wrote it: no messages,
// no deliveries.
func baseState(t *testing.T) map[string]any {
	t.Helper()
	snap, err := mockserver.NewTest(t).Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"version": 1, "world": snap.World, "clock": snap.Clock}
}

// TestStateFileWithoutMessagesLoads: a file written before messages and
// deliveries were kept loads, with an empty inbox and journal.
func TestStateFileWithoutMessagesLoads(t *testing.T) {
	t.Parallel()
	path, _ := writeState(t, t.TempDir(), "old.json", baseState(t))
	f, err := mockserver.ReadStateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.NewTest(t, f.Options(time.Now)...)
	srv.RestoreState(f)
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 || len(srv.Deliveries(mockserver.DeliveryFilter{})) != 0 {
		t.Errorf("inbox %d, deliveries %d after an old state file", n, len(srv.Deliveries(mockserver.DeliveryFilter{})))
	}
}

// TestStateFilePendingDeliveryCanceled: a delivery pending when the state
// was saved comes back canceled, never sent again.
func TestStateFilePendingDeliveryCanceled(t *testing.T) {
	t.Parallel()
	st := baseState(t)
	st["deliveries"] = []map[string]any{{
		"id": "cb7", "kind": "text", "receiver": "app", "corpid": testkit.Corp1, "agentid": testkit.AgentID,
		"url": "http://127.0.0.1:1/cb", "status": "pending", "time": "2025-01-01T00:00:00Z", "plaintext": "<xml/>", "attempts": []any{},
	}}
	path, _ := writeState(t, t.TempDir(), "pending.json", st)
	f, err := mockserver.ReadStateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.NewTest(t, f.Options(time.Now)...)
	srv.RestoreState(f)
	d, err := srv.Delivery("cb7")
	if err != nil || d.Status != mockserver.DeliveryCanceled || !strings.Contains(d.Error, "restart") {
		t.Fatalf("restored pending delivery = %+v, %v", d, err)
	}
	if done, err := srv.WaitDelivery(context.Background(), "cb7"); err != nil || !done.Done() {
		t.Errorf("WaitDelivery on a restored delivery = %+v, %v", done, err)
	}
}

// TestStateFileCorruptPartsRefused: a broken messages or deliveries part is
// refused with an error naming the file and the part; the file is left as
// it was.
func TestStateFileCorruptPartsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	msg := func(extra map[string]any) map[string]any {
		m := map[string]any{"channel": "app", "msgid": "m1", "time": "2025-01-01T00:00:00Z", "msgtype": "text",
			"corpid": testkit.Corp1, "agentid": testkit.AgentID, "body": nil, "userids": []string{"zhangsan"}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	spec := map[string]any{"card_type": "button_interaction", "body": nil, "buttons": []string{"ok"}}
	cases := map[string]struct {
		key  string
		part any
		want string
	}{
		"messages not an object": {"messages", []int{1}, "messages"},
		"unknown channel":        {"messages", map[string]any{"total": 1, "messages": []any{msg(map[string]any{"channel": "fax"})}}, "messages[0]"},
		"no msgid":               {"messages", map[string]any{"total": 1, "messages": []any{msg(map[string]any{"msgid": ""})}}, "messages[0]"},
		"twice":                  {"messages", map[string]any{"total": 2, "messages": []any{msg(nil), msg(nil)}}, "messages[1]"},
		"card view out of range": {"messages", map[string]any{"total": 1, "messages": []any{msg(map[string]any{"card": map[string]any{
			"specs": []any{spec}, "views": []any{map[string]any{"spec": 0, "seq": 0}}, "view_of": map[string]int{"zhangsan": 3}, "seq": 1,
		}})}}, "messages[0]"},
		"card view of a stranger": {"messages", map[string]any{"total": 1, "messages": []any{msg(map[string]any{"card": map[string]any{
			"specs":   []any{spec},
			"views":   []any{map[string]any{"spec": 0, "seq": 0}, map[string]any{"spec": 0, "seq": 1, "replace_name": "x"}},
			"view_of": map[string]int{"wangwu": 1}, "seq": 1,
		}})}}, "messages[0]"},
		"bad time":             {"messages", map[string]any{"messages": []any{msg(map[string]any{"time": "yesterday"})}}, "messages"},
		"delivery status":      {"deliveries", []any{map[string]any{"id": "cb1", "status": "lost"}}, "deliveries[0]"},
		"delivery without id":  {"deliveries", []any{map[string]any{"status": "delivered"}}, "deliveries[0]"},
		"delivery extra field": {"deliveries", []any{map[string]any{"id": "cb1", "status": "delivered", "color": 1}}, "deliveries"},
	}
	i := 0
	for name, c := range cases {
		st := baseState(t)
		st[c.key] = c.part
		i++
		path, content := writeState(t, dir, fmt.Sprintf("state%d.json", i), st)
		_, err := mockserver.ReadStateFile(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %s and %s", name, err, path, c.want)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Errorf("%s: the file changed", name)
		}
	}
}

// TestStateFileTooLarge: a file past MaxStateFileSize is refused without
// being read.
func TestStateFileTooLarge(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "huge.json")
	if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, mockserver.MaxStateFileSize+1); err != nil { // sparse
		t.Fatal(err)
	}
	_, err := mockserver.ReadStateFile(path)
	if err == nil || !strings.Contains(err.Error(), "larger than 512 MiB") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v", err)
	}
}

// TestStateFileKeepsSuiteAndProviderTokens: a suite_access_token
// (https://developer.work.weixin.qq.com/document/path/90600) and a
// provider_access_token (https://developer.work.weixin.qq.com/document/path/91200)
// still valid answer after a restart, and the get calls hand them out
// again; one expired by the restart is not kept.
func TestStateFileKeepsSuiteAndProviderTokens(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	providerToken := func(srv *mockserver.Server) string {
		return testkit.Str(t, testkit.OK(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
			map[string]string{"corpid": "wwmockprovider0001", "provider_secret": "mock-provider-secret"})), "provider_access_token")
	}
	provTok := providerToken(srv)

	again, f := restart(t, srv)
	if len(f.SuiteTokens) != 1 || f.SuiteTokens[0].AccessToken != suiteTok || len(f.ProviderTokens) != 1 || f.ProviderTokens[0].AccessToken != provTok {
		t.Fatalf("state file: suite tokens %+v, provider tokens %+v", f.SuiteTokens, f.ProviderTokens)
	}
	if got := testkit.SuiteToken(t, again, testkit.ThirdSuite, testkit.ThirdSecret); got != suiteTok {
		t.Errorf("get_suite_token after the restart = %s, want the kept %s", got, suiteTok)
	}
	if got := providerToken(again); got != provTok {
		t.Errorf("get_provider_token after the restart = %s, want the kept %s", got, provTok)
	}
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(again, "/cgi-bin/service/corpid_to_opencorpid", "provider_access_token", provTok),
		map[string]string{"corpid": testkit.Corp1}))

	// Two hours later the tokens have expired: a restart keeps none.
	again.Advance(2 * time.Hour)
	if _, f := restart(t, again); len(f.SuiteTokens) != 0 || len(f.ProviderTokens) != 0 {
		t.Errorf("expired tokens kept: %+v, %+v", f.SuiteTokens, f.ProviderTokens)
	}
}
