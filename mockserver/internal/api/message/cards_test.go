package message_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// approvalCard is a button_interaction card with two event buttons and a
// link button, sent to zhangsan and lisi.
func approvalCard(taskID string) map[string]any {
	return map[string]any{
		"touser": "zhangsan|lisi", "msgtype": "template_card", "agentid": testkit.AgentID,
		"template_card": map[string]any{
			"card_type": "button_interaction", "task_id": taskID,
			"main_title": map[string]any{"title": "报销审批"},
			"button_list": []any{
				map[string]any{"text": "同意", "key": "approve", "style": 1},
				map[string]any{"text": "驳回", "key": "reject", "style": 2},
				map[string]any{"text": "详情", "type": 1, "url": "https://example.com/detail"},
			},
		},
	}
}

func voteCard(taskID string) map[string]any {
	return map[string]any{
		"touser": "zhangsan", "msgtype": "template_card", "agentid": testkit.AgentID,
		"template_card": map[string]any{
			"card_type": "vote_interaction", "task_id": taskID,
			"main_title": map[string]any{"title": "午餐投票"},
			"checkbox": map[string]any{"question_key": "lunch", "mode": 1, "option_list": []any{
				map[string]any{"id": "noodles", "text": "面"}, map[string]any{"id": "rice", "text": "饭", "is_checked": true},
				map[string]any{"id": "salad", "text": "沙拉"},
			}},
			"submit_button": map[string]any{"text": "提交", "key": "vote"},
		},
	}
}

func multipleCard(taskID string) map[string]any {
	sel := func(q, preset string) map[string]any {
		return map[string]any{"question_key": q, "selected_id": preset, "option_list": []any{
			map[string]any{"id": q + "-1", "text": "一"}, map[string]any{"id": q + "-2", "text": "二"},
		}}
	}
	return map[string]any{
		"touser": "zhangsan", "msgtype": "template_card", "agentid": testkit.AgentID,
		"template_card": map[string]any{
			"card_type": "multiple_interaction", "task_id": taskID,
			"main_title":    map[string]any{"title": "排班"},
			"select_list":   []any{sel("day", ""), sel("shift", "shift-2")},
			"submit_button": map[string]any{"text": "提交", "key": "done"},
		},
	}
}

func updateCardURL(srv *mockserver.Server, tok string) string {
	return testkit.URL(srv, "/cgi-bin/message/update_template_card", "access_token", tok)
}

func updateCard(t testing.TB, srv *mockserver.Server, tok string, body any) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, updateCardURL(srv, tok), body)
}

// replaceName is an update of zhangsan's buttons to one finished button.
func replaceName(code, name string) map[string]any {
	return map[string]any{"userids": []string{"zhangsan"}, "agentid": testkit.AgentID, "response_code": code,
		"button": map[string]any{"replace_name": name}}
}

func clickPath(msgID string) string { return "/_mock/messages/" + msgID + "/click" }

// click plays a member's click through the control API.
func click(t testing.TB, srv *mockserver.Server, msgID string, body any) mockserver.CardClicked {
	t.Helper()
	return testkit.Control[mockserver.CardClicked](t, srv, http.MethodPost, clickPath(msgID), body)
}

// nextCardEvent is the receiver's next event, which must be a
// template_card_event.
func nextCardEvent(t testing.TB, rc *testkit.Receiver) *callback.TemplateCardEvent {
	t.Helper()
	select {
	case ev := <-rc.Events:
		e, ok := ev.(*callback.TemplateCardEvent)
		if !ok {
			t.Fatalf("event %T %s, want a template_card_event", ev, ev.Raw())
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no template_card_event arrived")
		return nil
	}
}

func onlyMessage(t testing.TB, srv *mockserver.Server) mockserver.Message {
	t.Helper()
	msgs := srv.Messages(mockserver.MessageFilter{MsgType: "template_card"})
	if len(msgs) != 1 || msgs[0].Card == nil {
		t.Fatalf("inbox = %+v, want one card", msgs)
	}
	return msgs[0]
}

func TestCardClickDeliversEventAndUpdateReplacesButton(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	rc := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	tok := testkit.AppToken(t, srv)
	sent := testkit.MsgSendOK(t, srv, tok, approvalCard("task-1"))
	if sent.ResponseCode == "" {
		t.Fatal("an interactive card's send answered no response_code")
	}
	m := onlyMessage(t, srv)
	if m.Card.CardType != "button_interaction" || m.Card.TaskID != "task-1" || len(m.Card.Views) != 1 ||
		!slices.Equal(m.Card.Views[0].UserIDs, []string{"lisi", "zhangsan"}) || len(m.Card.Clicks) != 0 {
		t.Fatalf("card as sent = %+v", m.Card)
	}

	got := click(t, srv, sent.MsgID, map[string]any{"userid": "ZhangSan", "key": "approve"})
	if got.UserID != "zhangsan" || got.Key != "approve" || got.CardType != "button_interaction" || got.TaskID != "task-1" ||
		got.ResponseCode == "" || got.ResponseCode == sent.ResponseCode || got.DeliveryID == "" {
		t.Fatalf("click = %+v", got)
	}
	ev := nextCardEvent(t, rc)
	if ev.FromUserName != "zhangsan" || ev.ToUserName != testkit.Corp1 || ev.EventKey != "approve" || ev.TaskId != "task-1" ||
		ev.CardType != "button_interaction" || ev.ResponseCode != got.ResponseCode || ev.AgentID != testkit.AgentID ||
		len(ev.SelectedItems) != 0 || ev.CreateTime != srv.Now().Unix() {
		t.Fatalf("event = %+v\n%s", ev, ev.Raw())
	}

	r := updateCard(t, srv, tok, replaceName(ev.ResponseCode, "已同意"))
	body := testkit.OK(t, r)
	if list, ok := body["invaliduser"].([]any); !ok || len(list) != 0 {
		t.Errorf("update answer = %s, want an empty invaliduser list", r.Body)
	}
	m = onlyMessage(t, srv)
	zs, ls := m.Card.ViewOf("zhangsan"), m.Card.ViewOf("lisi")
	if zs == nil || zs.ReplaceName != "已同意" || zs.UpdatedAt == nil || !zs.UpdatedAt.Equal(srv.Now()) ||
		ls == nil || ls.ReplaceName != "" || ls.UpdatedAt != nil || len(m.Card.Clicks) != 1 ||
		m.Card.Clicks[0].ResponseCode != ev.ResponseCode || m.Card.Clicks[0].UserID != "zhangsan" {
		t.Fatalf("card after update = %+v", m.Card)
	}

	// The code is spent; a finished card takes no more clicks from zhangsan,
	// while lisi still sees the buttons.
	testkit.WeComError(t, updateCard(t, srv, tok, replaceName(ev.ResponseCode, "再次")), errcode.CodeAlreadyUsed)
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(sent.MsgID),
		map[string]any{"userid": "zhangsan", "key": "reject"}), http.StatusConflict, "已同意")
	click(t, srv, sent.MsgID, map[string]any{"userid": "lisi", "key": "reject"})
	if ev := nextCardEvent(t, rc); ev.FromUserName != "lisi" || ev.EventKey != "reject" {
		t.Fatalf("lisi's event = %+v", ev)
	}

	// The send's own code replaces the whole card for everyone.
	update := map[string]any{"atall": 1, "agentid": testkit.AgentID, "response_code": sent.ResponseCode,
		"template_card": map[string]any{"card_type": "text_notice", "main_title": map[string]any{"title": "已处理"},
			"card_action": map[string]any{"type": 1, "url": "https://example.com/done"}}}
	testkit.OK(t, updateCard(t, srv, tok, update))
	m = onlyMessage(t, srv)
	if len(m.Card.Views) != 1 || !slices.Equal(m.Card.Views[0].UserIDs, []string{"lisi", "zhangsan"}) {
		t.Fatalf("card after replacement = %+v", m.Card)
	}
	var shown map[string]any
	if err := json.Unmarshal(m.Card.Views[0].TemplateCard, &shown); err != nil || shown["card_type"] != "text_notice" {
		t.Fatalf("shown card = %s (%v)", m.Card.Views[0].TemplateCard, err)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(sent.MsgID),
		map[string]any{"userid": "lisi", "key": "approve"}), http.StatusConflict, "text_notice")

	// Recalling an updated card works as for any message.
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/message/recall", "access_token", tok),
		map[string]any{"msgid": sent.MsgID}))
	if m := onlyMessage(t, srv); !m.Recalled {
		t.Fatalf("recalled card = %+v", m)
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(sent.MsgID),
		map[string]any{"userid": "lisi", "key": "approve"}), http.StatusConflict, "recalled")
}

func TestCardVoteAndMultipleSelections(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rc := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	tok := testkit.AppToken(t, srv)
	vote := testkit.MsgSendOK(t, srv, tok, voteCard("vote-1"))
	multi := testkit.MsgSendOK(t, srv, tok, multipleCard("multi-1"))

	tests := []struct {
		name  string
		msgID string
		body  map[string]any
		key   string
		want  []callback.CardSelectedItem
	}{
		{"vote keeps the preselected option", vote.MsgID, map[string]any{"userid": "zhangsan"},
			"vote", []callback.CardSelectedItem{{QuestionKey: "lunch", OptionIds: []string{"rice"}}}},
		{"vote with two options, question key implied", vote.MsgID, map[string]any{"userid": "zhangsan", "key": "vote",
			"selected_items": []any{map[string]any{"option_ids": []string{"noodles", "salad"}}}},
			"vote", []callback.CardSelectedItem{{QuestionKey: "lunch", OptionIds: []string{"noodles", "salad"}}}},
		{"multiple: one chosen, one preselected", multi.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"question_key": "day", "option_ids": []string{"day-2"}}}},
			"done", []callback.CardSelectedItem{
				{QuestionKey: "day", OptionIds: []string{"day-2"}}, {QuestionKey: "shift", OptionIds: []string{"shift-2"}}}},
	}
	for _, tc := range tests {
		got := click(t, srv, tc.msgID, tc.body)
		ev := nextCardEvent(t, rc)
		if ev.EventKey != tc.key || ev.ResponseCode != got.ResponseCode || len(ev.SelectedItems) != len(tc.want) {
			t.Fatalf("%s: event = %+v\n%s", tc.name, ev, ev.Raw())
		}
		for i, w := range tc.want {
			if g := ev.SelectedItems[i]; g.QuestionKey != w.QuestionKey || !slices.Equal(g.OptionIds, w.OptionIds) {
				t.Errorf("%s: selected item %d = %+v, want %+v", tc.name, i, g, w)
			}
		}
	}
}

func TestCardClickRefusals(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	tok := testkit.AppToken(t, srv)
	card := testkit.MsgSendOK(t, srv, tok, approvalCard("task-r"))
	vote := testkit.MsgSendOK(t, srv, tok, voteCard("vote-r"))
	multi := testkit.MsgSendOK(t, srv, tok, multipleCard("multi-r"))
	text := testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", "hi"))

	tests := []struct {
		name   string
		msgID  string
		body   map[string]any
		status int
		want   string
	}{
		{"no userid", card.MsgID, map[string]any{"key": "approve"}, http.StatusBadRequest, "userid"},
		{"unknown message", "nosuchmsg", map[string]any{"userid": "zhangsan", "key": "approve"}, http.StatusNotFound, "nosuchmsg"},
		{"not a recipient", card.MsgID, map[string]any{"userid": "wangwu", "key": "approve"}, http.StatusNotFound, "wangwu"},
		{"not a card", text.MsgID, map[string]any{"userid": "zhangsan", "key": "approve"}, http.StatusConflict, "not an interactive"},
		{"no key", card.MsgID, map[string]any{"userid": "zhangsan"}, http.StatusBadRequest, "approve, reject"},
		{"unknown button", card.MsgID, map[string]any{"userid": "zhangsan", "key": "maybe"}, http.StatusBadRequest, `"maybe"`},
		{"selection on a card without one", card.MsgID, map[string]any{"userid": "zhangsan", "key": "approve",
			"selected_items": []any{map[string]any{"option_ids": []string{"x"}}}}, http.StatusBadRequest, "0 questions"},
		{"vote: wrong submit key", vote.MsgID, map[string]any{"userid": "zhangsan", "key": "approve"}, http.StatusBadRequest, `"vote"`},
		{"vote: unknown option", vote.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"option_ids": []string{"pizza"}}}}, http.StatusBadRequest, "pizza"},
		{"vote: no option", vote.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"option_ids": []string{}}}}, http.StatusBadRequest, "no option"},
		{"multiple: two options in a select", multi.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"question_key": "day", "option_ids": []string{"day-1", "day-2"}}}},
			http.StatusBadRequest, "takes one option"},
		{"multiple: unselected question", multi.MsgID, map[string]any{"userid": "zhangsan"}, http.StatusBadRequest, `"day" needs`},
		{"multiple: no question key", multi.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"option_ids": []string{"day-1"}}}}, http.StatusBadRequest, "question_key"},
		{"multiple: unknown question", multi.MsgID, map[string]any{"userid": "zhangsan",
			"selected_items": []any{map[string]any{"question_key": "night", "option_ids": []string{"day-1"}}}}, http.StatusBadRequest, "night"},
	}
	for _, tc := range tests {
		r := testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(tc.msgID), tc.body)
		if r.Status != tc.status {
			t.Errorf("%s: %s, want %d", tc.name, r, tc.status)
			continue
		}
		testkit.ControlError(t, r, tc.status, tc.want)
	}
	// The link button's key is refused by name.
	linkCard := approvalCard("task-link")
	buttons := testkit.As[[]any](t, testkit.As[map[string]any](t, linkCard["template_card"])["button_list"])
	testkit.As[map[string]any](t, buttons[2])["key"] = "open"
	link := testkit.MsgSendOK(t, srv, tok, linkCard)
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(link.MsgID),
		map[string]any{"userid": "zhangsan", "key": "open"}), http.StatusBadRequest, "opens a URL")
	if m := srv.Messages(mockserver.MessageFilter{MsgType: "template_card"}); m[0].Card == nil || len(m[0].Card.Clicks) != 0 {
		t.Errorf("refused clicks were recorded: %+v", m[0].Card)
	}
}

func TestCardClickNeedsCallback(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	card := testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), approvalCard("task-nocb"))
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(card.MsgID),
		map[string]any{"userid": "zhangsan", "key": "approve"}), http.StatusConflict, "no callback")
	if m := onlyMessage(t, srv); len(m.Card.Clicks) != 0 {
		t.Errorf("a click without a callback was recorded: %+v", m.Card.Clicks)
	}
}

func TestUpdateTemplateCardErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	other := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	code := testkit.MsgSendOK(t, srv, tok, approvalCard("task-e")).ResponseCode
	with := func(kv ...any) map[string]any {
		b := replaceName(code, "已处理")
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(b, testkit.As[string](t, kv[i]))
			} else {
				b[testkit.As[string](t, kv[i])] = kv[i+1]
			}
		}
		return b
	}
	tests := []struct {
		name string
		tok  string
		body any
		want errcode.Code
	}{
		{"not JSON", tok, "{", errcode.InvalidParameter},
		{"no response_code", tok, with("response_code", nil), errcode.InvalidParameter},
		{"unknown response_code", tok, with("response_code", "nosuchcode"), errcode.InvalidParameter},
		{"another app's code", other, with("agentid", testkit.AgentID), errcode.CardAgentMismatch},
		{"agentid of another app", tok, with("agentid", 1000003), errcode.AnotherAgent},
		{"no recipients", tok, with("userids", nil), errcode.AllRecipientsEmpty},
		{"neither button nor card", tok, with("button", nil), errcode.InvalidParameter},
		{"empty replace_name", tok, with("button", map[string]any{"replace_name": ""}), errcode.InvalidParameter},
		{"invalid new card", tok, with("button", nil, "template_card", map[string]any{"card_type": "nosuchtype"}), errcode.InvalidParameter},
		{"nobody named got the card", tok, with("userids", []string{"wangwu", "ghost"}), errcode.AllRecipientsInvalid},
	}
	for _, tc := range tests {
		r := updateCard(t, srv, tc.tok, tc.body)
		if got := testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)); got != int(tc.want) {
			t.Errorf("%s: %s, want errcode %d", tc.name, r.Body, tc.want)
		}
	}
	// None of the refusals spent the code; a partly valid list updates
	// zhangsan and reports the others.
	r := updateCard(t, srv, tok, with("userids", []string{"zhangsan", "ghost", "wangwu"}))
	body := testkit.OK(t, r)
	if got, _ := json.Marshal(body["invaliduser"]); string(got) != `["ghost","wangwu"]` {
		t.Errorf("invaliduser = %s, want ghost and wangwu", got)
	}
	testkit.WeComError(t, updateCard(t, srv, tok, with()), errcode.CodeAlreadyUsed)
}

func TestUpdateTemplateCardValidity(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	early := testkit.MsgSendOK(t, srv, tok, approvalCard("task-v1")).ResponseCode
	late := testkit.MsgSendOK(t, srv, tok, approvalCard("task-v2")).ResponseCode
	srv.Advance(store.ResponseCodeTTL - time.Second)
	tok = testkit.AppToken(t, srv)
	testkit.OK(t, updateCard(t, srv, tok, replaceName(early, "及时")))
	srv.Advance(time.Second)
	tok = testkit.AppToken(t, srv) // the first token has long expired
	r := updateCard(t, srv, tok, replaceName(late, "太晚"))
	m := testkit.DecodeMap(t, r.Body)
	if testkit.ErrCode(t, m) != int(errcode.InvalidParameter) || !strings.HasPrefix(testkit.Str(t, m, "errmsg"), "invalid response_code") {
		t.Errorf("expired code = %s, want 40058 naming response_code", r.Body)
	}
}

// TestUpdateTemplateCardOnceUnderConcurrency: many updates racing on one
// code; exactly one wins, the others get 42022.
func TestUpdateTemplateCardOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	code := testkit.MsgSendOK(t, srv, tok, approvalCard("task-c")).ResponseCode
	const n = 32
	var ok, used atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			r := updateCard(t, srv, tok, replaceName(code, "抢到"))
			switch testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)) {
			case 0:
				ok.Add(1)
			case int(errcode.CodeAlreadyUsed):
				used.Add(1)
			}
		})
	}
	testwait.Group(t, &wg)
	if ok.Load() != 1 || used.Load() != n-1 {
		t.Fatalf("%d updates succeeded and %d were refused as used, want 1 and %d", ok.Load(), used.Load(), n-1)
	}
}

// TestCardClicksBounded: a card keeps MaxCardClicks clicks; the next is
// refused and nothing more is issued.
func TestCardClicksBounded(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rc := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() { // drain the receiver until the test ends
		for {
			select {
			case <-rc.Events:
			case <-done:
				return
			}
		}
	}()
	card := testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), approvalCard("task-b"))
	for range store.MaxCardClicks {
		if _, err := srv.ClickCard(card.MsgID, mockserver.CardClick{UserID: "lisi", Key: "approve"}); err != nil {
			t.Fatal(err)
		}
	}
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+clickPath(card.MsgID),
		map[string]any{"userid": "lisi", "key": "approve"}), http.StatusConflict, "clicks")
	if m := onlyMessage(t, srv); len(m.Card.Clicks) != store.MaxCardClicks {
		t.Fatalf("card keeps %d clicks, want %d", len(m.Card.Clicks), store.MaxCardClicks)
	}
}
