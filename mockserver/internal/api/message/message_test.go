package message_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// msgOnlyRecipients returns the recipients of the only message in the inbox.
func msgOnlyRecipients(t testing.TB, srv *mockserver.Server) []string {
	t.Helper()
	msgs := srv.Messages(mockserver.MessageFilter{})
	if len(msgs) != 1 {
		t.Fatalf("inbox has %d messages, want 1: %+v", len(msgs), msgs)
	}
	return msgs[0].Recipients
}

func TestMessageSendText(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	body := testkit.MsgText("zhangsan", "你好，世界")
	b := testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), body)
	if b.ErrMsg != "ok" || b.InvalidUser != "" || b.InvalidParty != "" || b.InvalidTag != "" || b.ResponseCode != "" {
		t.Errorf("send = %+v, want ok with empty invalid lists and no response_code", b)
	}
	msgs := srv.Messages(mockserver.MessageFilter{})
	if len(msgs) != 1 {
		t.Fatalf("inbox has %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.MsgID != b.MsgID || m.CorpID != testkit.Corp1 || m.AgentID != testkit.AgentID || m.MsgType != "text" ||
		m.Content != "你好，世界" || !slices.Equal(m.Recipients, []string{"zhangsan"}) || m.Recalled ||
		!m.Time.Equal(srv.Now()) {
		t.Errorf("inbox message = %+v", m)
	}
	var got map[string]any
	if err := json.Unmarshal(m.Body, &got); err != nil || got["touser"] != "zhangsan" {
		t.Errorf("inbox body = %s (%v), want the request body", m.Body, err)
	}
}

func TestMessageSendPartialSuccess(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// ZhangSan and LiSi are visible (case does not matter); wangwu exists
	// but is outside the app's range; ghost does not exist. Department 3 is
	// outside the visible range, 99 does not exist, abc is not an id; tag 77
	// does not exist. Tag 1 brings in zhouqi.
	body := map[string]any{
		"touser": "ZhangSan|WangWu|ghost|LiSi|zhangsan", "toparty": "2|3|99|abc", "totag": "1|77",
		"msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "partial"},
	}
	b := testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), body)
	if b.InvalidUser != "wangwu|ghost" || b.InvalidParty != "3|99|abc" || b.InvalidTag != "77" {
		t.Errorf("invalid lists = %q / %q / %q, want wangwu|ghost / 3|99|abc / 77",
			b.InvalidUser, b.InvalidParty, b.InvalidTag)
	}
	if got, want := msgOnlyRecipients(t, srv), []string{"lisi", "zhangsan", "zhouqi"}; !slices.Equal(got, want) {
		t.Errorf("recipients %v, want %v", got, want)
	}
	m := srv.Messages(mockserver.MessageFilter{})[0]
	if m.InvalidUser != b.InvalidUser || m.InvalidParty != b.InvalidParty || m.InvalidTag != b.InvalidTag {
		t.Errorf("inbox invalid lists %+v differ from the answer %+v", m, b)
	}
}

func TestMessageSendAllInvalid(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		name, touser, toparty, totag string
		want                         map[string]string // expected lists; absent keys must be absent
	}{
		{"users only", "WangWu|ghost", "", "", map[string]string{"invaliduser": "wangwu|ghost"}},
		{"all three", "wangwu", "3", "77", map[string]string{"invaliduser": "wangwu", "invalidparty": "3", "invalidtag": "77"}},
		{"root department is outside the range", "", "1", "", map[string]string{"invalidparty": "1"}},
		{"another corp's member", "zhaoliu", "", "", map[string]string{"invaliduser": "zhaoliu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"touser": tt.touser, "toparty": tt.toparty, "totag": tt.totag,
				"msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "x"}}
			m := testkit.WeComError(t, testkit.MsgSend(t, srv, tok, body), errcode.AllRecipientsInvalid)
			for _, k := range []string{"invaliduser", "invalidparty", "invalidtag"} {
				want, ok := tt.want[k]
				got, present := m[k]
				switch {
				case ok && got != want:
					t.Errorf("%s = %v, want %q", k, got, want)
				case !ok && present:
					t.Errorf("%s present (%v) though empty", k, got)
				}
			}
			if _, ok := m["msgid"]; ok {
				t.Errorf("81013 carries a msgid: %v", m)
			}
		})
	}
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Errorf("inbox has %d messages after failed sends", n)
	}
}

func TestMessageSendNoRecipients(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for name, body := range map[string]string{
		"all empty strings": `{"touser":"","toparty":"","totag":"","msgtype":"text","agentid":1000002,"text":{"content":"x"}}`,
		"all missing":       `{"msgtype":"text","agentid":1000002,"text":{"content":"x"}}`,
		"only separators":   `{"touser":"|","toparty":" | ","msgtype":"text","agentid":1000002,"text":{"content":"x"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			testkit.WeComError(t, testkit.MsgSend(t, srv, tok, body), errcode.AllRecipientsEmpty)
		})
	}
}

func TestMessageSendValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	long := func(n int) string { return strings.Repeat("a", n) }
	articles := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"title": "t", "url": "https://example.com"}
		}
		return out
	}
	withType := func(typ string, obj any) map[string]any {
		b := map[string]any{"touser": "zhangsan", "msgtype": typ, "agentid": testkit.AgentID}
		if obj != nil {
			b[typ] = obj
		}
		return b
	}
	tests := []struct {
		name   string
		body   any
		code   int
		phrase string // "" means the errcode table's text
	}{
		{"malformed JSON", `{"touser":"zhangsan",`, 40058, "Warning: wrong json format. invalid Request Parameter"},
		{"not an object", `[1,2]`, 40058, "Warning: wrong json format. invalid Request Parameter"},
		{"touser is an object", `{"touser":{},"msgtype":"text","agentid":1000002}`, 40058, "Warning: wrong json format. invalid Request Parameter"},
		{"agentid missing", `{"touser":"zhangsan","msgtype":"text","text":{"content":"x"}}`, 40056, ""},
		{"agentid 0", `{"touser":"zhangsan","msgtype":"text","agentid":0,"text":{"content":"x"}}`, 40056, ""},
		{"agentid not a number", `{"touser":"zhangsan","msgtype":"text","agentid":"abc","text":{"content":"x"}}`, 40056, ""},
		{"another agent", `{"touser":"zhangsan","msgtype":"text","agentid":1000003,"text":{"content":"x"}}`, 301002, ""},
		{"another agent as a string", `{"touser":"zhangsan","msgtype":"text","agentid":"1000003","text":{"content":"x"}}`, 301002, ""},
		{"msgtype missing", `{"touser":"zhangsan","agentid":1000002,"text":{"content":"x"}}`, 40008, ""},
		{"msgtype unknown", withType("sticker", map[string]any{}), 40008, ""},
		{"msgtype is case-sensitive", `{"touser":"zhangsan","msgtype":"TEXT","agentid":1000002,"text":{"content":"x"}}`, 40008, ""},
		{"text object missing", withType("text", nil), 44004, ""},
		{"text content empty", withType("text", map[string]any{"content": ""}), 44004, ""},
		{"text 2049 bytes", withType("text", map[string]any{"content": long(2049)}), 45002, "content size out of limit"},
		{"text 683 CJK characters is 2049 bytes", withType("text", map[string]any{"content": strings.Repeat("字", 683)}), 45002, "content size out of limit"},
		{"markdown empty", withType("markdown", map[string]any{"content": ""}), 44004, ""},
		{"markdown 4097 bytes", withType("markdown", map[string]any{"content": long(4097)}), 40058,
			"markdown.content exceed max length 4096. Invalid input invalid Request Parameter"},
		{"news without articles", withType("news", map[string]any{"articles": []any{}}), 44004, ""},
		{"news with 9 articles", withType("news", map[string]any{"articles": articles(9)}), 45008, "article size out of limit"},
		{"mpnews with 9 articles", withType("mpnews", map[string]any{"articles": articles(9)}), 45008, "article size out of limit"},
		{"mpnews unknown thumb_media_id", withType("mpnews", map[string]any{"articles": []any{map[string]any{"title": "t", "thumb_media_id": "nope"}}}), 40007, ""},
		{"image unknown media_id", withType("image", map[string]any{"media_id": "nope"}), 40007, ""},
		{"image without object", withType("image", nil), 40007, ""},
		{"voice unknown media_id", withType("voice", map[string]any{"media_id": "nope"}), 40007, ""},
		{"video unknown media_id", withType("video", map[string]any{"media_id": "nope", "title": "t"}), 40007, ""},
		{"file empty media_id", withType("file", map[string]any{"media_id": ""}), 40007, ""},
		{"textcard missing", withType("textcard", nil), 44004, ""},
		{"template_card missing", withType("template_card", nil), 44004, ""},
		{"miniprogram_notice null", withType("miniprogram_notice", json.RawMessage("null")), 44004, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.MsgSend(t, srv, tok, tt.body)
			if tt.phrase == "" {
				testkit.WeComError(t, r, errcode.Code(tt.code))
			} else {
				testkit.MsgError(t, r, tt.code, tt.phrase)
			}
		})
	}
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Errorf("inbox has %d messages after refused sends", n)
	}
}

func TestMessageSendLimitsAreInclusive(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	articles := make([]any, 8)
	for i := range articles {
		articles[i] = map[string]any{"title": "t", "url": "https://example.com"}
	}
	for name, body := range map[string]map[string]any{
		"text 2048 bytes":     testkit.MsgText("zhangsan", strings.Repeat("a", 2048)),
		"markdown 4096 bytes": {"touser": "zhangsan", "msgtype": "markdown", "agentid": testkit.AgentID, "markdown": map[string]any{"content": strings.Repeat("#", 4096)}},
		"news 8 articles":     {"touser": "zhangsan", "msgtype": "news", "agentid": testkit.AgentID, "news": map[string]any{"articles": articles}},
		"textcard":            {"touser": "zhangsan", "msgtype": "textcard", "agentid": testkit.AgentID, "textcard": map[string]any{"title": "t", "description": "d", "url": "https://example.com"}},
	} {
		t.Run(name, func(t *testing.T) { testkit.MsgSendOK(t, srv, tok, body) })
	}
}

func TestMessageSendContactsTokenForbidden(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, testkit.MsgText("zhangsan", "x")), errcode.APIForbidden)
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/message/recall", "access_token", tok), `{"msgid":"x"}`)
	testkit.WeComError(t, r, errcode.APIForbidden)
}

func TestMessageSendTokenChecksComeFirst(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.WeComError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/message/send", `{`), errcode.AccessTokenMissing)
	testkit.WeComError(t, testkit.MsgSend(t, srv, "bogus", `{`), errcode.InvalidAccessToken)
	// A POST API called with GET misses its body.
	testkit.WeComError(t, testkit.Get(t, testkit.MsgSendURL(srv, testkit.AppToken(t, srv))), errcode.InvalidParameter)
}

func TestMessageSendAgentIDAsString(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	body := testkit.MsgText("zhangsan", "x")
	body["agentid"] = "1000002"
	testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), body)
	if got := msgOnlyRecipients(t, srv); !slices.Equal(got, []string{"zhangsan"}) {
		t.Errorf("recipients %v", got)
	}
}

func TestMessageSendToAll(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// toparty and totag are ignored with @all, even invalid ones.
	body := map[string]any{"touser": "@all", "toparty": "99", "totag": "77", "msgtype": "text",
		"agentid": testkit.AgentID, "text": map[string]any{"content": "all hands"}}
	b := testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), body)
	if b.InvalidUser != "" || b.InvalidParty != "" || b.InvalidTag != "" {
		t.Errorf("@all reported invalid ids: %+v", b)
	}
	// wangwu is outside the visible range and does not get it.
	if got, want := msgOnlyRecipients(t, srv), []string{"lisi", "zhangsan", "zhouqi"}; !slices.Equal(got, want) {
		t.Errorf("@all reached %v, want %v", got, want)
	}
}

func TestMessageSendToPartyAndTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		toparty, totag any
		want           []string
	}{
		{"department with its subtree", "2", "", []string{"lisi", "zhangsan"}},
		{"sub-department", "4", "", []string{"lisi"}},
		{"department as a JSON number", 4, nil, []string{"lisi"}},
		{"tag", "", "1", []string{"zhouqi"}},
		{"department and tag", "4", "1", []string{"lisi", "zhouqi"}},
		{"overlapping department and user", "2|4", "", []string{"lisi", "zhangsan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t)
			body := map[string]any{"toparty": tt.toparty, "totag": tt.totag, "msgtype": "text",
				"agentid": testkit.AgentID, "text": map[string]any{"content": "x"}}
			testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), body)
			if got := msgOnlyRecipients(t, srv); !slices.Equal(got, tt.want) {
				t.Errorf("recipients %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMessageSendOtherCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	testkit.MsgSendOK(t, srv, tok2, testkit.MsgText("ZhaoLiu", "hi"))
	msgs := srv.Messages(mockserver.MessageFilter{CorpID: testkit.Corp2})
	if len(msgs) != 1 || !slices.Equal(msgs[0].Recipients, []string{"zhaoliu"}) {
		t.Fatalf("corp 2 inbox = %+v", msgs)
	}
	if n := len(srv.Messages(mockserver.MessageFilter{CorpID: testkit.Corp1})); n != 0 {
		t.Errorf("corp 1 inbox has %d messages", n)
	}
}

func TestMessageSendTemplateCardResponseCode(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	card := func(typ string) map[string]any {
		return testkit.MsgCard("zhangsan", testkit.ValidCard(typ, "task-"+typ))
	}
	for _, typ := range []string{"button_interaction", "vote_interaction", "multiple_interaction"} {
		if b := testkit.MsgSendOK(t, srv, tok, card(typ)); b.ResponseCode == "" {
			t.Errorf("%s card has no response_code", typ)
		}
	}
	for _, typ := range []string{"text_notice", "news_notice"} {
		r := testkit.MsgSend(t, srv, tok, card(typ))
		if m := testkit.OK(t, r); m["response_code"] != nil {
			t.Errorf("%s card carries a response_code: %s", typ, r.Body)
		}
	}
}

func TestMessageSendDuplicateCheck(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	body := `{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"once"},"enable_duplicate_check":1,"duplicate_check_interval":600}`
	// The same JSON, formatted differently and with keys in another order.
	reformatted := `{ "agentid": 1000002, "msgtype": "text", "touser": "zhangsan",
		"duplicate_check_interval": 600, "enable_duplicate_check": 1, "text": { "content": "once" } }`
	count := func() int { return len(srv.Messages(mockserver.MessageFilter{})) }

	first := testkit.MsgSendOK(t, srv, tok, body)
	srv.Advance(599 * time.Second)
	again := testkit.MsgSendOK(t, srv, tok, reformatted)
	if again.MsgID != first.MsgID {
		t.Errorf("duplicate answered msgid %q, want the original %q", again.MsgID, first.MsgID)
	}
	if n := count(); n != 1 {
		t.Fatalf("duplicate within the interval was delivered: %d messages", n)
	}
	// Different content is not a duplicate.
	testkit.MsgSendOK(t, srv, tok, strings.Replace(body, "once", "twice", 1))
	if n := count(); n != 2 {
		t.Fatalf("different content: %d messages, want 2", n)
	}
	srv.Advance(time.Second) // 600 s after the first: the window is over
	later := testkit.MsgSendOK(t, srv, tok, body)
	if later.MsgID == first.MsgID || count() != 3 {
		t.Errorf("after the interval: msgid %q (first %q), %d messages; want a new delivery", later.MsgID, first.MsgID, count())
	}
}

func TestMessageSendDuplicateCheckDefaultInterval(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	body := testkit.MsgText("zhangsan", "default window")
	body["enable_duplicate_check"] = "1" // a string flag works too
	testkit.MsgSendOK(t, srv, tok, body)
	srv.Advance(1799 * time.Second)
	testkit.MsgSendOK(t, srv, tok, body)
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 1 {
		t.Fatalf("within 1800 s: %d messages, want 1", n)
	}
	srv.Advance(time.Second)
	testkit.MsgSendOK(t, srv, tok, body)
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 2 {
		t.Fatalf("after 1800 s: %d messages, want 2", n)
	}
}

func TestMessageSendWithoutDuplicateCheckDeliversTwice(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)
	a := testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", "same"))
	b := testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", "same"))
	if a.MsgID == b.MsgID || len(srv.Messages(mockserver.MessageFilter{})) != 2 {
		t.Errorf("without enable_duplicate_check both sends must be delivered with their own msgid")
	}
}

func TestMessageRecall(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	// Tokens live 2 hours, so every call fetches the current one.
	recallURL := func() string {
		return testkit.URL(srv, "/cgi-bin/message/recall", "access_token", testkit.AppToken(t, srv))
	}
	recall := func(msgID string) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, recallURL(), map[string]string{"msgid": msgID})
	}
	send := func(content string) testkit.MsgSendBody {
		return testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), testkit.MsgText("zhangsan", content))
	}

	sent := send("oops")
	srv.Advance(24*time.Hour - time.Second)
	testkit.OK(t, recall(sent.MsgID))
	m := srv.Messages(mockserver.MessageFilter{})[0]
	if !m.Recalled || m.RecalledAt == nil || !m.RecalledAt.Equal(srv.Now()) {
		t.Errorf("recalled message = %+v", m)
	}
	testkit.OK(t, recall(sent.MsgID)) // recalling again is harmless

	old := send("old")
	srv.Advance(24 * time.Hour)
	testkit.WeComError(t, recall(old.MsgID), errcode.InvalidParameter)

	fresh := send("fresh")
	// Another corp's app cannot recall it.
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	r := testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/message/recall", "access_token", tok2),
		map[string]string{"msgid": fresh.MsgID})
	testkit.WeComError(t, r, errcode.InvalidParameter)

	testkit.WeComError(t, recall("no-such-msgid"), errcode.InvalidParameter)
	testkit.WeComError(t, recall(""), errcode.InvalidParameter)
	testkit.MsgError(t, testkit.SendJSON(t, http.MethodPost, recallURL(), `{"msgid":`), 40058, "Warning: wrong json format. invalid Request Parameter")
	testkit.WeComError(t, testkit.Get(t, recallURL()), errcode.InvalidParameter)

	if msgs := srv.Messages(mockserver.MessageFilter{}); msgs[1].Recalled || msgs[2].Recalled {
		t.Errorf("refused recalls marked messages recalled: %+v", msgs)
	}
}

func TestMessageSendImageWithUploadedMedia(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	// Media is corp-wide: uploaded with the contacts token, used by the app.
	id := testkit.MediaUploadOK(t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), "image", "a.png", "image/png", testkit.MediaPNG).MediaID
	body := map[string]any{"touser": "zhangsan", "msgtype": "image", "agentid": testkit.AgentID, "image": map[string]any{"media_id": id}}
	testkit.MsgSendOK(t, srv, tok, body)
	// Another corp's app cannot use it.
	testkit.WeComError(t, testkit.MsgSend(t, srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), map[string]any{
		"touser": "zhaoliu", "msgtype": "image", "agentid": testkit.AgentID, "image": map[string]any{"media_id": id},
	}), errcode.InvalidMediaID)
}
