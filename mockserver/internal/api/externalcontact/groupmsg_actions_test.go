package externalcontact_test

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

const pathSendGroupMsg = "/_mock/externalcontact/groupmsg/send"

// Cancelling stops the unsent tasks: what was sent stays sent, the rest
// can no longer be sent (409), and the message answers 41093 to a second
// cancel and to a reminder.
func TestCancelGroupMsg(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	added := addMsg(t, srv, ec, massMsg("取消", "external_userid", []any{testkit.Customer1, testkit.Customer2}))
	sendPart(t, srv, added.MsgID, "lisi")
	sentAt := srv.Now().Unix()
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathCancelGroupMsg, map[string]any{"msgid": added.MsgID}))
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathCancelGroupMsg, map[string]any{"msgid": added.MsgID}), errcode.GroupMsgCancelled)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathRemindGroupMsg, map[string]any{"msgid": added.MsgID}), errcode.GroupMsgCancelled)
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+pathSendGroupMsg,
		map[string]any{"corpid": testkit.Corp1, "msgid": added.MsgID, "userid": "zhangsan"}), http.StatusConflict, "cancelled")
	if got := tasksOf(t, srv, ec, added.MsgID, 0); len(got) != 2 || got[0] != (msgTask{"lisi", 2, sentAt}) || got[1] != (msgTask{"zhangsan", 0, 0}) {
		t.Errorf("tasks after cancelling: %+v", got)
	}
	if got := resultsOf(t, srv, ec, added.MsgID, "zhangsan", 0); len(got) != 1 || got[0].Status != 0 {
		t.Errorf("zhangsan's results after cancelling: %+v", got)
	}
}

// Three reminders a day: the fourth is 41094 until 24 hours after the
// first.
func TestRemindGroupMsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	added := addMsg(t, srv, ec, massMsg("提醒", "sender", "zhangsan"))
	remind := func() *testkit.Resp {
		return testkit.ECPost(t, srv, testkit.ECToken(t, srv), pathRemindGroupMsg, map[string]any{"msgid": added.MsgID})
	}
	for range 3 {
		testkit.OK(t, remind())
		srv.Advance(time.Hour)
	}
	testkit.WeComError(t, remind(), errcode.GroupMsgRemindLimit)
	srv.Advance(21*time.Hour - time.Second)
	testkit.WeComError(t, remind(), errcode.GroupMsgRemindLimit)
	srv.Advance(time.Second)
	testkit.OK(t, remind())
	testkit.WeComError(t, remind(), errcode.GroupMsgRemindLimit)
}

// The member's sending through the control API: a customer who deleted
// the member meanwhile fails (status 2); the refusals of the control API.
func TestSendGroupMsgControl(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	added := addMsg(t, srv, ec, massMsg("控制", "sender", "zhangsan", "external_userid", []any{testkit.Customer2, testkit.Customer3}))
	if _, err := srv.DeleteFollowUser(mockserver.ExternalContactRelation{CorpID: testkit.Corp1, UserID: "zhangsan", ExternalUserID: testkit.Customer3}); err != nil {
		t.Fatal(err)
	}
	send := func(body map[string]any) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, srv.URL()+pathSendGroupMsg, body)
	}
	sent := testkit.ControlJSON(t, send(map[string]any{"corpid": testkit.Corp1, "msgid": added.MsgID, "userid": "ZhangSan"}), http.StatusOK)
	now := srv.Now().Unix()
	if testkit.Num(t, sent, "status") != 2 || testkit.Num(t, sent, "send_time") != int(now) ||
		testkit.Num(t, sent, "sent") != 1 || testkit.Num(t, sent, "failed") != 1 {
		t.Errorf("answer %v", sent)
	}
	want := []msgResult{
		{ExternalUserID: testkit.Customer2, UserID: "zhangsan", Status: 1, SendTime: now},
		{ExternalUserID: testkit.Customer3, UserID: "zhangsan", Status: 2},
	}
	if got := resultsOf(t, srv, ec, added.MsgID, "zhangsan", 0); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("results %+v, want %+v", got, want)
	}
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		says   string
	}{
		{"again", map[string]any{"corpid": testkit.Corp1, "msgid": added.MsgID, "userid": "zhangsan"}, http.StatusConflict, "already sent"},
		{"no task", map[string]any{"corpid": testkit.Corp1, "msgid": added.MsgID, "userid": "lisi"}, http.StatusNotFound, "no task"},
		{"unknown msgid", map[string]any{"corpid": testkit.Corp1, "msgid": "msgnosuchmessage", "userid": "zhangsan"}, http.StatusNotFound, "msgid"},
		{"no msgid", map[string]any{"corpid": testkit.Corp1, "userid": "zhangsan"}, http.StatusBadRequest, "msgid"},
		{"no userid", map[string]any{"corpid": testkit.Corp1, "msgid": added.MsgID}, http.StatusBadRequest, "userid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ControlError(t, send(tc.body), tc.status, tc.says)
		})
	}
	var ce *mockserver.Error
	if _, err := srv.SendGroupMsg(mockserver.GroupMsgSend{CorpID: "wwnosuchcorp", MsgID: added.MsgID, UserID: "zhangsan"}); !errors.As(err, &ce) || ce.Code != errcode.InvalidCorpID {
		t.Errorf("unknown corp: %v", err)
	}
}

// A member's task is sent once however many confirmations race; a
// message is cancelled once; three of many concurrent reminders pass.
func TestGroupMsgOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	sendMsg := addMsg(t, srv, ec, massMsg("并发发送", "sender", "zhangsan"))
	cancelMsg := addMsg(t, srv, ec, massMsg("并发取消", "sender", "zhangsan"))
	remindMsg := addMsg(t, srv, ec, massMsg("并发提醒", "sender", "zhangsan"))
	const n = 12
	var sent, cancelled, reminded atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := srv.SendGroupMsg(mockserver.GroupMsgSend{CorpID: testkit.Corp1, MsgID: sendMsg.MsgID, UserID: "zhangsan"}); err == nil {
				sent.Add(1)
			}
		})
		wg.Go(func() {
			if testkit.ErrCode(t, testkit.DecodeMap(t, testkit.ECPost(t, srv, ec, pathCancelGroupMsg, map[string]any{"msgid": cancelMsg.MsgID}).Body)) == 0 {
				cancelled.Add(1)
			}
		})
		wg.Go(func() {
			if testkit.ErrCode(t, testkit.DecodeMap(t, testkit.ECPost(t, srv, ec, pathRemindGroupMsg, map[string]any{"msgid": remindMsg.MsgID}).Body)) == 0 {
				reminded.Add(1)
			}
		})
	}
	testwait.Group(t, &wg)
	if sent.Load() != 1 || cancelled.Load() != 1 || reminded.Load() != 3 {
		t.Errorf("sent %d, cancelled %d, reminded %d; want 1, 1, 3", sent.Load(), cancelled.Load(), reminded.Load())
	}
}

// A member renamed in contacts keeps their mass-message tasks: the tasks
// and results name the new userid and the member sends under it.
func TestGroupMsgFollowsRenames(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	added := addMsg(t, srv, ec, massMsg("改名", "sender", "zhangsan", "external_userid", []any{testkit.Customer2}))
	if _, err := srv.UpdateUser(testkit.Corp1, "zhangsan", func(m *fixtures.Member) { m.UserID = "zhangsan2" }); err != nil {
		t.Fatal(err)
	}
	if tasks := tasksOf(t, srv, ec, added.MsgID, 0); len(tasks) != 1 || tasks[0].UserID != "zhangsan2" {
		t.Errorf("tasks %+v", tasks)
	}
	sendPart(t, srv, added.MsgID, "zhangsan2")
	got := resultsOf(t, srv, ec, added.MsgID, "zhangsan2", 0)
	if len(got) != 1 || got[0].UserID != "zhangsan2" || got[0].Status != 1 {
		t.Errorf("results %+v", got)
	}
}
