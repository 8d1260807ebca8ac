package mockctl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The client sends a member's part of a mass message once: the second
// time is a 409.
func TestSendGroupMsgClient(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	tok := ecToken(t, srv)
	var added struct {
		ErrCode int    `json:"errcode"`
		MsgID   string `json:"msgid"`
	}
	postJSON(t, srv.URL()+"/cgi-bin/externalcontact/add_msg_template?access_token="+tok,
		`{"sender":"zhangsan","text":{"content":"新品上市"}}`, &added)
	if added.ErrCode != 0 || added.MsgID == "" {
		t.Fatalf("add_msg_template: %+v", added)
	}
	req := mockctl.GroupMsgSend{CorpID: "wwmockcorp000001", MsgID: added.MsgID, UserID: "zhangsan"}
	sent, err := ctl.SendGroupMsg(ctx, req)
	if err != nil || sent.Status != 2 || sent.SendTime != srv.Now().Unix() || sent.Sent != 3 || sent.Failed != 0 {
		t.Fatalf("send: %+v, %v", sent, err)
	}
	_, err = ctl.SendGroupMsg(ctx, req)
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		t.Errorf("sending twice: %v, want a 409", err)
	}
}
