package externalcontact_test

import (
	str "strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// A corp keeps at most MaxGroupMsgs mass messages: one more forgets the
// oldest, whose msgid answers 41047.
func TestGroupMsgTableCountBound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("creates 10 000 mass messages")
	}
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	body := massMsg("上限", "sender", "lisi")
	var first, second string
	for i := range store.MaxGroupMsgs + 1 {
		id := addMsg(t, srv, ec, body).MsgID
		switch i {
		case 0:
			first = id
		case 1:
			second = id
		}
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupMsgTask, map[string]any{"msgid": first}), errcode.InvalidGroupMsgID)
	if got := tasksOf(t, srv, ec, second, 0); len(got) != 1 {
		t.Errorf("the second message's tasks %+v", got)
	}
	now := srv.Now().Unix()
	if got := msgIDs(t, srv, ec, map[string]any{"chat_type": "single", "start_time": now - 3600, "end_time": now}); len(got) != store.MaxGroupMsgs {
		t.Errorf("the list holds %d messages, want %d", len(got), store.MaxGroupMsgs)
	}
}

// The attachments a corp's messages keep are bounded by MaxGroupMsgBytes:
// large messages push the oldest out.
func TestGroupMsgTableByteBound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("sends 36 MB of attachments")
	}
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	// Nine links of 200 000 bytes each: about 1.8 MB a message, under the
	// 2 MiB request limit.
	att := make([]any, 9)
	for i := range att {
		att[i] = map[string]any{"msgtype": "link", "link": map[string]any{
			"title": "大附件", "url": "https://mock.example.com", "desc": str.Repeat("x", 200_000)}}
	}
	body := map[string]any{"sender": "lisi", "attachments": att}
	per := 9 * 200_000
	n := store.MaxGroupMsgBytes/per + 2
	ids := make([]string, n)
	for i := range ids {
		ids[i] = addMsg(t, srv, ec, body).MsgID
	}
	kept := 0
	for i, id := range ids {
		r := testkit.ECPost(t, srv, ec, pathGroupMsgTask, map[string]any{"msgid": id})
		if testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)) == 0 {
			kept++
			continue
		}
		testkit.WeComError(t, r, errcode.InvalidGroupMsgID)
		if kept > 0 {
			t.Errorf("message %d forgotten after a newer one was kept", i)
		}
	}
	if kept == 0 || kept == n || kept*per > store.MaxGroupMsgBytes {
		t.Errorf("kept %d of %d messages of %d bytes, bound %d", kept, n, per, store.MaxGroupMsgBytes)
	}
}
