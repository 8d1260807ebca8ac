package appchat_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// sendBody is an appchat/send body of msgtype with its object.
func sendBody(chatID, msgtype string, object any) map[string]any {
	return map[string]any{"chatid": chatID, "msgtype": msgtype, msgtype: object}
}

func TestSendEveryType(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t, mockserver.WithFrozenClock())
	id := createChat(t, srv, tok, map[string]any{"userlist": []string{"wangwu", "zhangsan", "lisi"}, "chatid": "ops"})
	media := testkit.MediaUploadOK(t, srv, tok, "image", "a.png", "image/png", testkit.MediaPNG).MediaID
	tests := []struct {
		msgtype string
		object  any
		content string
	}{
		{"text", map[string]any{"content": "数据库主库 CPU 95% & 告警 <P1>"}, "数据库主库 CPU 95% & 告警 <P1>"},
		{"markdown", map[string]any{"content": "**故障** `db-1`"}, "**故障** `db-1`"},
		{"image", map[string]any{"media_id": media}, ""},
		{"voice", map[string]any{"media_id": media}, ""},
		{"video", map[string]any{"media_id": media, "title": "录屏"}, "录屏"},
		{"file", map[string]any{"media_id": media}, ""},
		{"textcard", map[string]any{"title": "故障单", "description": "db-1 宕机", "url": "https://example.com/t/1"}, "故障单\ndb-1 宕机"},
		{"news", map[string]any{"articles": []any{map[string]any{"title": "复盘", "url": "https://example.com/r"}}}, "复盘"},
		{"mpnews", map[string]any{"articles": []any{map[string]any{"title": "复盘", "thumb_media_id": media, "content": "<p>经过</p>"}}}, "复盘"},
	}
	for _, tt := range tests {
		body := sendBody(id, tt.msgtype, tt.object)
		body["safe"] = 1
		r := post(t, srv, tok, "/cgi-bin/appchat/send", body)
		if got := testkit.DecodeStrict[struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}](t, testkit.OKBody(t, r)); got.ErrMsg != "ok" {
			t.Errorf("%s: answer %s", tt.msgtype, r.Body)
		}
		msgs := srv.Messages(mockserver.MessageFilter{Channel: "appchat", ChatID: id, MsgType: tt.msgtype})
		if len(msgs) != 1 {
			t.Fatalf("%s: %d inbox messages, want 1", tt.msgtype, len(msgs))
		}
		m := msgs[0]
		if m.Channel != "appchat" || m.API != "/cgi-bin/appchat/send" || !slices.Equal(m.ChatIDs, []string{"ops"}) ||
			m.CorpID != testkit.Corp1 || m.AgentID != testkit.AgentID || m.Content != tt.content ||
			!slices.Equal(m.Recipients, []string{"lisi", "wangwu", "zhangsan"}) || m.MsgID == "" || !m.Time.Equal(srv.Now()) {
			t.Errorf("%s: inbox message %+v", tt.msgtype, m)
		}
		var sent map[string]any
		if err := json.Unmarshal(m.Body, &sent); err != nil || sent["chatid"] != "ops" || sent[tt.msgtype] == nil {
			t.Errorf("%s: inbox body %s (%v), want the request", tt.msgtype, m.Body, err)
		}
	}
	if n := len(srv.Messages(mockserver.MessageFilter{Channel: "appchat"})); n != len(tests) {
		t.Errorf("%d appchat messages, want %d", n, len(tests))
	}
	if n := len(srv.Messages(mockserver.MessageFilter{Channel: "app"})); n != 0 {
		t.Errorf("%d app messages, want none", n)
	}
}

// The inbox of the control API shows a chat's messages to its members as
// they are at sending time.
func TestSendInboxControlAPI(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "lisi"}, "chatid": "room1"})
	createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "wangwu"}, "chatid": "room2"})
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/send", sendBody(id, "text", map[string]any{"content": "第一条"})))
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/update", map[string]any{"chatid": id, "add_user_list": []string{"zhouqi"}}))
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/send", sendBody(id, "text", map[string]any{"content": "第二条"})))
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/send", sendBody("room2", "text", map[string]any{"content": "别的群"})))

	inbox := testkit.Control[mockctl.Inbox](t, srv, "GET", "/_mock/messages?channel=appchat&chatid=room1", nil)
	if len(inbox.Messages) != 2 {
		t.Fatalf("room1 has %d messages, want 2: %+v", len(inbox.Messages), inbox.Messages)
	}
	first, second := inbox.Messages[0], inbox.Messages[1]
	if first.Content != "第一条" || !slices.Equal(first.Recipients, []string{"lisi", "zhangsan"}) ||
		second.Content != "第二条" || !slices.Equal(second.Recipients, []string{"lisi", "zhangsan", "zhouqi"}) {
		t.Errorf("room1 inbox %+v", inbox.Messages)
	}
	if got := testkit.Control[mockctl.Inbox](t, srv, "GET", "/_mock/messages?channel=appchat&touser=zhouqi", nil); len(got.Messages) != 1 {
		t.Errorf("zhouqi got %d chat messages, want 1", len(got.Messages))
	}
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "lisi"}})
	otherID := createChat(t, srv, testkit.Token(t, srv, testkit.Corp1, otherSecret), map[string]any{"userlist": []string{"zhangsan", "lisi"}})
	text := map[string]any{"content": "hi"}
	withSafe := func(safe any) map[string]any {
		b := sendBody(id, "text", text)
		b["safe"] = safe
		return b
	}
	tests := []struct {
		name string
		body any
		want errcode.Code
	}{
		{"no chatid", map[string]any{"msgtype": "text", "text": text}, errcode.ChatIDMissing},
		{"no msgtype", map[string]any{"chatid": id, "text": text}, errcode.InvalidMessageType},
		{"template_card is not for chats", sendBody(id, "template_card", map[string]any{"card_type": "text_notice"}), errcode.InvalidMessageType},
		{"miniprogram_notice is not for chats", sendBody(id, "miniprogram_notice", map[string]any{"appid": "wx1"}), errcode.InvalidMessageType},
		{"safe 2", withSafe(2), errcode.InvalidParameter},
		{"safe not a number", withSafe("yes"), errcode.InvalidParameter},
		{"unknown chat", sendBody("nosuchchat", "text", text), errcode.ChatIDInvalid},
		{"another app's chat", sendBody(otherID, "text", text), errcode.ChatNotCreatedByApp},
		{"no text object", map[string]any{"chatid": id, "msgtype": "text"}, errcode.EmptyContent},
		{"text over 2048 bytes", sendBody(id, "text", map[string]any{"content": strings.Repeat("长", 683)}), errcode.ContentTooLong},
		{"unknown media", sendBody(id, "image", map[string]any{"media_id": "nope"}), errcode.InvalidMediaID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/send", tt.body), tt.want)
		})
	}
	testkit.MsgError(t, post(t, srv, tok, "/cgi-bin/appchat/send", "{"), 40058, "Warning: wrong json format. invalid Request Parameter")
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Errorf("refused sends left %d messages in the inbox", n)
	}
	// safe 0 and 1 are both fine.
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/send", withSafe(0)))
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/send", withSafe("1")))
}
