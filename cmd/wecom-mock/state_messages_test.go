package main

import (
	"path/filepath"
	"testing"
)

// TestServeStateKeepsMessages: a message sent through message/send
// (https://developer.work.weixin.qq.com/document/path/90236) and a robot's
// (https://developer.work.weixin.qq.com/document/path/91770) are in the
// inbox again after a restart with the same --state file.
func TestServeStateKeepsMessages(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	first := startRun(t, []string{"serve", "--addr", "127.0.0.1:0", "--frozen-clock", "--state", path}, nil)
	var tok tokenAnswer
	getJSON(t, first.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", &tok)
	var sent struct {
		ErrCode int    `json:"errcode"`
		MsgID   string `json:"msgid"`
	}
	postJSON(t, first.url+"/cgi-bin/message/send?access_token="+tok.AccessToken,
		`{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"重启之前"}}`, &sent)
	var robot struct {
		ErrCode int `json:"errcode"`
	}
	postJSON(t, first.url+"/cgi-bin/webhook/send?key=mock-webhook-key", `{"msgtype":"text","text":{"content":"机器人"}}`, &robot)
	if sent.ErrCode != 0 || sent.MsgID == "" || robot.ErrCode != 0 {
		t.Fatalf("message/send %+v, webhook/send %+v", sent, robot)
	}
	first.stop()
	if code := first.wait(t); code != exitOK {
		t.Fatalf("first run exit %d\n%s", code, first.stderr)
	}

	second := startRun(t, []string{"serve", "--addr", "127.0.0.1:0", "--state", path}, nil)
	var inbox struct {
		Messages []struct {
			Channel string `json:"channel"`
			MsgID   string `json:"msgid"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	getJSON(t, second.url+"/_mock/messages", &inbox)
	if len(inbox.Messages) != 2 || inbox.Messages[0].MsgID != sent.MsgID || inbox.Messages[0].Content != "重启之前" ||
		inbox.Messages[1].Channel != "robot" || inbox.Messages[1].Content != "机器人" {
		t.Errorf("inbox after restart = %+v", inbox.Messages)
	}
}
