package externalcontact_test

import (
	str "strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

const pathWelcome = "/cgi-bin/externalcontact/send_welcome_msg"

// addCustomer has a new WeChat customer add member userID and returns what
// the add did.
func addCustomer(t *testing.T, srv *mockserver.Server, userID, state string) mockserver.ExternalContactAdded {
	t.Helper()
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: userID, State: state,
		Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat, Gender: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func welcome(code, text string) map[string]any {
	return map[string]any{"welcome_code": code, "text": map[string]any{"content": text}}
}

func TestAddExternalContactEvent(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	added := addCustomer(t, srv, "zhangsan", "spring_sale")
	if len(added.Deliveries) != 1 {
		t.Fatalf("deliveries %v, want one (app %d)", added.Deliveries, testkit.AgentID)
	}
	ev := rcv.Next(t)
	want := map[string]string{
		"ToUserName": testkit.Corp1, "FromUserName": "sys", "MsgType": "event",
		"Event": "change_external_contact", "ChangeType": "add_external_contact",
		"UserID": "zhangsan", "ExternalUserID": added.ExternalUserID,
		"State": "spring_sale", "WelcomeCode": added.WelcomeCode,
	}
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %q, want %q (event %v)", k, ev[k], v, ev)
		}
	}
	// The new relationship is listed, with its state and add_way.
	ec := testkit.ECToken(t, srv)
	m := testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", added.ExternalUserID))
	f := testkit.As[map[string]any](t, testkit.As[[]any](t, m["follow_user"])[0])
	if f["userid"] != "zhangsan" || f["state"] != "spring_sale" || f["oper_userid"] != added.ExternalUserID {
		t.Errorf("follow_user %v", f)
	}
	// A member the app cannot see (wangwu) adds a customer: no delivery to it.
	if added := addCustomer(t, srv, "wangwu", ""); len(added.Deliveries) != 0 {
		t.Errorf("deliveries %v for a member outside the app's range", added.Deliveries)
	}
	rcv.None(t)
}

func TestWelcomeMessage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	added := addCustomer(t, srv, "zhangsan", "")
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathWelcome, welcome(added.WelcomeCode, "你好，我是张三")))
	msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: added.ExternalUserID, Channel: "external"})
	if len(msgs) != 1 || msgs[0].Content != "你好，我是张三" || msgs[0].Sender != "zhangsan" || msgs[0].API != pathWelcome {
		t.Fatalf("inbox %+v", msgs)
	}
	// A code greets once.
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathWelcome, welcome(added.WelcomeCode, "again")), errcode.InvalidWelcomeCode)

	// A late greeting: 20 seconds of virtual time later the code is dead.
	late := addCustomer(t, srv, "lisi", "")
	srv.Advance(20 * time.Second)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathWelcome, welcome(late.WelcomeCode, "too late")), errcode.InvalidWelcomeCode)

	fresh := addCustomer(t, srv, "zhangsan", "")
	for _, tc := range []struct {
		name string
		body any
		want errcode.Code
	}{
		{"no code", map[string]any{"text": map[string]any{"content": "x"}}, errcode.WelcomeCodeMissing},
		{"unknown code", welcome("nope", "x"), errcode.InvalidWelcomeCode},
		{"nothing to send", map[string]any{"welcome_code": fresh.WelcomeCode}, errcode.EmptyContent},
		{"unknown attachment", map[string]any{"welcome_code": fresh.WelcomeCode, "attachments": []any{map[string]any{"msgtype": "voice", "voice": map[string]any{}}}}, errcode.InvalidAttachmentType},
		{"attachment without its object", map[string]any{"welcome_code": fresh.WelcomeCode, "attachments": []any{map[string]any{"msgtype": "image"}}}, errcode.InvalidAttachmentType},
		{"ten attachments", map[string]any{"welcome_code": fresh.WelcomeCode, "attachments": tenImages()}, errcode.TooManyAttachments},
		{"4001 characters", welcome(fresh.WelcomeCode, str.Repeat("欢", 4001)), errcode.ContentTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathWelcome, tc.body), tc.want)
		})
	}
	// None of the refusals used the code.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathWelcome, map[string]any{
		"welcome_code": fresh.WelcomeCode,
		"attachments":  []any{map[string]any{"msgtype": "link", "link": map[string]any{"title": "官网", "url": "https://mock.example.com"}}},
	}))
	if msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: fresh.ExternalUserID}); len(msgs) != 1 || msgs[0].MsgType != "link" {
		t.Errorf("inbox %+v", msgs)
	}
}

func tenImages() []any {
	out := make([]any, 10)
	for i := range out {
		out[i] = map[string]any{"msgtype": "image", "image": map[string]any{"media_id": "m"}}
	}
	return out
}

// TestWelcomeCodeOnceUnderConcurrency races 32 greetings with one code:
// exactly one is sent.
func TestWelcomeCodeOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	added := addCustomer(t, srv, "zhangsan", "")
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		oks int
	)
	for range 32 {
		wg.Go(func() {
			m := testkit.DecodeMap(t, testkit.ECPost(t, srv, ec, pathWelcome, welcome(added.WelcomeCode, "hi")).Body)
			if testkit.ErrCode(t, m) == 0 {
				mu.Lock()
				oks++
				mu.Unlock()
			}
		})
	}
	testwait.Group(t, &wg)
	if oks != 1 {
		t.Errorf("%d greetings succeeded, want 1", oks)
	}
	if n := len(srv.Messages(mockserver.MessageFilter{ToExternalUser: added.ExternalUserID})); n != 1 {
		t.Errorf("%d messages in the inbox, want 1", n)
	}
}

func TestRelationEvents(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	rel := mockserver.ExternalContactRelation{CorpID: testkit.Corp1, UserID: "zhangsan", ExternalUserID: testkit.Customer2}

	remark := "林总"
	res, err := srv.EditExternalContact(mockserver.ExternalContactRelation{CorpID: rel.CorpID, UserID: rel.UserID, ExternalUserID: rel.ExternalUserID, Remark: &remark})
	if err != nil || res.ChangeType != "edit_external_contact" || len(res.Deliveries) != 1 {
		t.Fatalf("edit: %+v, %v", res, err)
	}
	ev := rcv.Next(t)
	if ev["ChangeType"] != "edit_external_contact" || ev["UserID"] != "zhangsan" || ev["ExternalUserID"] != testkit.Customer2 {
		t.Errorf("edit event %v", ev)
	}
	ec := testkit.ECToken(t, srv)
	f := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer2))["follow_user"])[0])
	if f["remark"] != "林总" {
		t.Errorf("remark after edit: %v", f["remark"])
	}

	if _, err := srv.DeleteFollowUser(rel); err != nil {
		t.Fatal(err)
	}
	if ev := rcv.Next(t); ev["ChangeType"] != "del_follow_user" || ev["ExternalUserID"] != testkit.Customer2 {
		t.Errorf("del_follow_user event %v", ev)
	}
	got := strings(t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathList, "userid", "zhangsan")), "external_userid")
	if len(got) != 2 {
		t.Errorf("zhangsan's customers after del_follow_user: %v", got)
	}
	if _, err := srv.DeleteFollowUser(rel); err == nil {
		t.Error("deleting a relation twice succeeded")
	}

	if _, err := srv.DeleteExternalContact(mockserver.ExternalContactRelation{CorpID: testkit.Corp1, UserID: "lisi", ExternalUserID: testkit.Customer1}); err != nil {
		t.Fatal(err)
	}
	if ev := rcv.Next(t); ev["ChangeType"] != "del_external_contact" || ev["UserID"] != "lisi" {
		t.Errorf("del_external_contact event %v", ev)
	}
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathList, "userid", "lisi"), errcode.NotExternalContact)
}
