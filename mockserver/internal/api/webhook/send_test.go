package webhook_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

var textCard = map[string]any{
	"card_type":   "text_notice",
	"main_title":  map[string]any{"title": "发布完成", "desc": "v1.2.3"},
	"card_action": map[string]any{"type": 1, "url": "https://example.com/release"},
}

var newsCard = map[string]any{
	"card_type":   "news_notice",
	"main_title":  map[string]any{"title": "周报"},
	"card_image":  map[string]any{"url": "https://example.com/a.png", "aspect_ratio": 2.25},
	"card_action": map[string]any{"type": 2, "appid": "wx123", "pagepath": "/index"},
}

// withCard is card with the fields of change set (a nil value deletes one).
func withCard(card map[string]any, change map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range card {
		out[k] = v
	}
	for k, v := range change {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return map[string]any{"msgtype": "template_card", "template_card": out}
}

func article(title, url string) map[string]any {
	return map[string]any{"title": title, "url": url, "description": "d", "picurl": "https://example.com/p.png"}
}

func articles(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = article("标题", "https://example.com")
	}
	return out
}

func TestSendEveryMsgType(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	file := uploadOK(t, srv, robotKey, "file", []byte("report body\n")).MediaID
	voice := uploadOK(t, srv, robotKey, "voice", amr(50)).MediaID
	tests := []struct {
		name    string
		body    map[string]any
		content string
	}{
		{"text", text("CPU 超过 90%"), "CPU 超过 90%"},
		{"text at 2048 bytes", text(strings.Repeat("a", 2048)), strings.Repeat("a", 2048)},
		{"markdown", map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": "# 告警\n> <font color=\"warning\">5</font>"}},
			"# 告警\n> <font color=\"warning\">5</font>"},
		{"markdown at 4096 bytes", map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": strings.Repeat("界", 1365) + "a"}},
			strings.Repeat("界", 1365) + "a"},
		{"markdown_v2", map[string]any{"msgtype": "markdown_v2", "markdown_v2": map[string]any{"content": "| a | b |\n|---|---|"}},
			"| a | b |\n|---|---|"},
		{"image png", image(testkit.MediaPNG), ""},
		{"image jpg", image(append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 100)...)), ""},
		{"image md5 in upper case", map[string]any{"msgtype": "image", "image": map[string]any{
			"base64": base64.StdEncoding.EncodeToString(testkit.MediaPNG), "md5": strings.ToUpper(md5Hex(testkit.MediaPNG))}}, ""},
		{"image at 2 MB", image(append(slices.Clone(testkit.MediaPNG), make([]byte, 2<<20-len(testkit.MediaPNG))...)), ""},
		{"news with 1 article", map[string]any{"msgtype": "news", "news": map[string]any{"articles": articles(1)}}, "标题"},
		{"news with 8 articles", map[string]any{"msgtype": "news", "news": map[string]any{"articles": articles(8)}}, strings.Repeat("标题\n", 7) + "标题"},
		{"file", map[string]any{"msgtype": "file", "file": map[string]any{"media_id": file}}, ""},
		{"voice", map[string]any{"msgtype": "voice", "voice": map[string]any{"media_id": voice}}, ""},
		{"text_notice", withCard(textCard, nil), "发布完成\nv1.2.3"},
		{"text_notice with sub_title_text only", withCard(textCard, map[string]any{"main_title": nil, "sub_title_text": "副标题"}), "副标题"},
		{"text_notice with lists", withCard(textCard, map[string]any{
			"horizontal_content_list": []any{map[string]any{"keyname": "k", "value": "v"}},
			"jump_list":               []any{map[string]any{"type": 1, "title": "t", "url": "https://example.com"}, map[string]any{"title": "plain"}},
		}), "发布完成\nv1.2.3"},
		{"news_notice", withCard(newsCard, nil), "周报"},
		{"news_notice with image_text_area", withCard(newsCard, map[string]any{"card_image": nil,
			"image_text_area":       map[string]any{"image_url": "https://example.com/i.png"},
			"vertical_content_list": []any{map[string]any{"title": "v"}}}), "周报"},
	}
	// One server, one message per case: fewer than the 20 a minute allows.
	for _, tt := range tests {
		r := send(t, srv, robotKey, tt.body)
		if testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)) != 0 {
			t.Errorf("%s: %s", tt.name, r)
			continue
		}
		msgs := robotInbox(srv, robotKey)
		last := msgs[len(msgs)-1]
		wantType := testkit.As[string](t, tt.body["msgtype"])
		if last.Channel != "robot" || last.RobotKey != robotKey || last.CorpID != testkit.Corp1 ||
			last.MsgType != wantType || last.Content != tt.content || last.AgentID != 0 {
			t.Errorf("%s: inbox has %+v", tt.name, last)
		}
		want, _ := json.Marshal(tt.body)
		if !bytes.Equal(last.Body, want) {
			t.Errorf("%s: body %s, want %s", tt.name, last.Body, want)
		}
	}
	if n := len(robotInbox(srv, robotKey)); n != len(tests) {
		t.Errorf("inbox has %d robot messages, want %d", n, len(tests))
	}
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	png := testkit.As[map[string]any](t, image(testkit.MediaPNG)["image"])
	imageWith := func(b64, md5 string) map[string]any {
		return map[string]any{"msgtype": "image", "image": map[string]any{"base64": b64, "md5": md5}}
	}
	tooBig := append(slices.Clone(testkit.MediaPNG), make([]byte, 2<<20)...)
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	md := func(field, content string) map[string]any {
		return map[string]any{"msgtype": field, field: map[string]any{"content": content}}
	}
	news := func(arts ...any) map[string]any {
		return map[string]any{"msgtype": "news", "news": map[string]any{"articles": arts}}
	}
	markdownTooLong := func(field string) string {
		return field + ".content exceed max length 4096. Invalid input invalid Request Parameter"
	}
	tests := []struct {
		name   string
		body   any
		code   errcode.Code
		phrase string // when not the code's own
	}{
		{"not JSON", "{", errcode.InvalidParameter, "Warning: wrong json format. invalid Request Parameter"},
		{"no msgtype", map[string]any{"text": map[string]any{"content": "x"}}, errcode.InvalidMessageType, ""},
		{"unknown msgtype", map[string]any{"msgtype": "textcard"}, errcode.InvalidMessageType, ""},
		{"msgtype not a string", map[string]any{"msgtype": 1}, errcode.InvalidMessageType, ""},
		{"text missing", map[string]any{"msgtype": "text"}, errcode.EmptyContent, ""},
		{"text content empty", text(""), errcode.EmptyContent, ""},
		{"text over 2048 bytes", text(strings.Repeat("界", 683)), errcode.ContentTooLong, ""},
		{"text content not a string", map[string]any{"msgtype": "text", "text": map[string]any{"content": 1}}, errcode.InvalidParameter, ""},
		{"mentioned_list not a list", map[string]any{"msgtype": "text", "text": map[string]any{"content": "x", "mentioned_list": "a"}}, errcode.InvalidParameter, ""},
		{"markdown empty", md("markdown", ""), errcode.EmptyContent, ""},
		{"markdown over 4096 bytes", md("markdown", strings.Repeat("a", 4097)), errcode.InvalidParameter, markdownTooLong("markdown")},
		{"markdown_v2 missing", map[string]any{"msgtype": "markdown_v2", "markdown": map[string]any{"content": "x"}}, errcode.EmptyContent, ""},
		{"markdown_v2 over 4096 bytes", md("markdown_v2", strings.Repeat("a", 4097)), errcode.InvalidParameter, markdownTooLong("markdown_v2")},
		{"image missing", map[string]any{"msgtype": "image"}, errcode.InvalidParameter, ""},
		{"image without md5", imageWith(testkit.As[string](t, png["base64"]), ""), errcode.InvalidParameter, ""},
		{"image without base64", imageWith("", testkit.As[string](t, png["md5"])), errcode.InvalidParameter, ""},
		{"image bad base64", imageWith("not*base64", testkit.As[string](t, png["md5"])), errcode.InvalidParameter, ""},
		{"image md5 mismatch", imageWith(testkit.As[string](t, png["base64"]), "0123456789abcdef0123456789abcdef"), errcode.MediaMD5Mismatch, ""},
		{"image md5 of the base64 text", imageWith(testkit.As[string](t, png["base64"]), md5Hex([]byte(testkit.As[string](t, png["base64"])))), errcode.MediaMD5Mismatch, ""},
		{"image over 2 MB", image(tooBig), errcode.InvalidImageSize, ""},
		{"image not jpg or png", image(gif), errcode.InvalidMediaType, ""},
		{"news missing", map[string]any{"msgtype": "news"}, errcode.EmptyContent, ""},
		{"news without articles", news(), errcode.EmptyContent, ""},
		{"news with 9 articles", news(articles(9)...), errcode.TooManyArticles, ""},
		{"news article without title", news(article("t", "https://example.com"), article("", "https://example.com")), errcode.TitleMissing, ""},
		{"news article without url", news(article("t", "")), errcode.URLMissing, ""},
		{"file missing", map[string]any{"msgtype": "file"}, errcode.MediaIDMissing, ""},
		{"file media_id empty", map[string]any{"msgtype": "file", "file": map[string]any{"media_id": ""}}, errcode.MediaIDMissing, ""},
		{"file unknown media_id", map[string]any{"msgtype": "file", "file": map[string]any{"media_id": "nope"}}, errcode.InvalidMediaID, ""},
		{"voice missing", map[string]any{"msgtype": "voice"}, errcode.MediaIDMissing, ""},
		{"voice unknown media_id", map[string]any{"msgtype": "voice", "voice": map[string]any{"media_id": "nope"}}, errcode.InvalidMediaID, ""},
		{"template_card missing", map[string]any{"msgtype": "template_card"}, errcode.EmptyContent, ""},
		{"card_type missing", withCard(textCard, map[string]any{"card_type": nil}), errcode.InvalidParameter, ""},
		{"card_type interactive", withCard(textCard, map[string]any{"card_type": "button_interaction"}), errcode.InvalidParameter, ""},
		{"text_notice without title or sub_title_text", withCard(textCard, map[string]any{"main_title": nil}), errcode.InvalidParameter, ""},
		{"text_notice without card_action", withCard(textCard, map[string]any{"card_action": nil}), errcode.InvalidParameter, ""},
		{"card_action type 1 without url", withCard(textCard, map[string]any{"card_action": map[string]any{"type": 1}}), errcode.InvalidParameter, ""},
		{"card_action type 2 without appid", withCard(textCard, map[string]any{"card_action": map[string]any{"type": 2, "url": "https://x"}}), errcode.InvalidParameter, ""},
		{"card_action type 0", withCard(textCard, map[string]any{"card_action": map[string]any{"type": 0, "url": "https://x"}}), errcode.InvalidParameter, ""},
		{"7 horizontal contents", withCard(textCard, map[string]any{"horizontal_content_list": slices.Repeat([]any{map[string]any{"keyname": "k"}}, 7)}), errcode.InvalidParameter, ""},
		{"horizontal content without keyname", withCard(textCard, map[string]any{"horizontal_content_list": []any{map[string]any{"value": "v"}}}), errcode.InvalidParameter, ""},
		{"4 jumps", withCard(textCard, map[string]any{"jump_list": slices.Repeat([]any{map[string]any{"title": "t"}}, 4)}), errcode.InvalidParameter, ""},
		{"jump without title", withCard(textCard, map[string]any{"jump_list": []any{map[string]any{"type": 1, "url": "https://x"}}}), errcode.InvalidParameter, ""},
		{"url jump without url", withCard(textCard, map[string]any{"jump_list": []any{map[string]any{"type": 1, "title": "t"}}}), errcode.InvalidParameter, ""},
		{"news_notice without main_title", withCard(newsCard, map[string]any{"main_title": nil, "sub_title_text": "s"}), errcode.InvalidParameter, ""},
		{"news_notice card_image without url", withCard(newsCard, map[string]any{"card_image": map[string]any{"aspect_ratio": 1.3}}), errcode.InvalidParameter, ""},
		{"news_notice image_text_area without image_url", withCard(newsCard, map[string]any{"image_text_area": map[string]any{"title": "t"}}), errcode.InvalidParameter, ""},
		{"news_notice 5 vertical contents", withCard(newsCard, map[string]any{"vertical_content_list": slices.Repeat([]any{map[string]any{"title": "v"}}, 5)}), errcode.InvalidParameter, ""},
		{"news_notice vertical content without title", withCard(newsCard, map[string]any{"vertical_content_list": []any{map[string]any{"desc": "d"}}}), errcode.InvalidParameter, ""},
		{"news_notice without card_action", withCard(newsCard, map[string]any{"card_action": nil}), errcode.InvalidParameter, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *testkit.Resp
			if s, ok := tt.body.(string); ok {
				r = testkit.Do(t, http.MethodPost, sendURL(srv, robotKey), strings.NewReader(s), nil)
			} else {
				r = send(t, srv, robotKey, tt.body)
			}
			if tt.phrase != "" {
				testkit.MsgError(t, r, int(tt.code), tt.phrase)
			} else {
				testkit.WeComError(t, r, tt.code)
			}
		})
	}
	if msgs := robotInbox(srv, robotKey); len(msgs) != 0 {
		t.Errorf("refused messages reached the inbox: %+v", msgs)
	}
}

func TestSendUnknownKey(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.WeComError(t, send(t, srv, "no-such-key", text("x")), errcode.InvalidWebhookURL)
	testkit.WeComError(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/send"), text("x")), errcode.InvalidWebhookURL)
	// The key is read before the body: a bad body with a bad key is 93000.
	testkit.WeComError(t, testkit.Do(t, http.MethodPost, sendURL(srv, "no-such-key"), strings.NewReader("{"), nil), errcode.InvalidWebhookURL)
	if n := len(srv.Messages(mockserver.MessageFilter{Channel: "robot"})); n != 0 {
		t.Errorf("%d robot messages, want none", n)
	}
}

func TestSendMentions(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	sendOK(t, srv, robotKey, map[string]any{"msgtype": "text", "text": map[string]any{
		"content": "磁盘告警", "mentioned_list": []string{"LiSi", "nobody"}, "mentioned_mobile_list": []string{"13800000001", "19900000000"}}})
	sendOK(t, srv, robotKey, map[string]any{"msgtype": "text", "text": map[string]any{"content": "全员", "mentioned_list": []string{"@all"}}})
	sendOK(t, srv, robotKey, map[string]any{"msgtype": "text", "text": map[string]any{"content": "全员", "mentioned_mobile_list": []string{"@all"}}})
	sendOK(t, srv, robotKey, text("nobody mentioned"))

	group := []string{"lisi", "zhangsan", "zhouqi"} // the robot's group in the default world
	msgs := robotInbox(srv, robotKey)
	if len(msgs) != 4 {
		t.Fatalf("inbox has %d messages, want 4", len(msgs))
	}
	if got := msgs[0].Recipients; !slices.Equal(got, []string{"lisi", "zhangsan"}) {
		t.Errorf("recipients %v, want lisi (by userid, any case) and zhangsan (by mobile)", got)
	}
	if msgs[0].InvalidUser != "nobody|19900000000" {
		t.Errorf("invaliduser %q, want the unknown userid and mobile", msgs[0].InvalidUser)
	}
	for _, m := range msgs[1:3] {
		if !slices.Equal(m.Recipients, group) {
			t.Errorf("@all reached %v, want the robot's group %v", m.Recipients, group)
		}
	}
	if len(msgs[3].Recipients) != 0 {
		t.Errorf("a message mentioning nobody reached %v", msgs[3].Recipients)
	}
	// The inbox's touser filter finds a mentioned member's robot messages.
	if got := srv.Messages(mockserver.MessageFilter{Channel: "robot", ToUser: "lisi"}); len(got) != 3 {
		t.Errorf("lisi was mentioned in %d messages, want 3", len(got))
	}
}

func TestInboxControlAPI(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(twoRobots(t)))
	sendOK(t, srv, robotKey, text("first"))
	sendOK(t, srv, otherRobotKey, text("second"))
	var inbox mockctl.Inbox
	r := testkit.Get(t, testkit.URL(srv, "/_mock/messages", "channel", "robot", "key", robotKey))
	if err := json.Unmarshal(r.Body, &inbox); err != nil {
		t.Fatalf("GET /_mock/messages: %v; %s", err, r)
	}
	got := inbox.Messages
	if len(got) != 1 || got[0].Content != "first" || got[0].RobotKey != robotKey || got[0].Channel != "robot" {
		t.Errorf("GET /_mock/messages?channel=robot&key=%s = %s", robotKey, r.Body)
	}
	if n := len(srv.Messages(mockserver.MessageFilter{Channel: "app"})); n != 0 {
		t.Errorf("robot messages counted as app messages: %d", n)
	}
}

func md5Hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// A robot the fixtures give no group: "@all" mentions the whole corp.
func TestSendMentionsAllWithoutGroup(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[0].Robots[0].Group = nil
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	sendOK(t, srv, robotKey, map[string]any{"msgtype": "text", "text": map[string]any{"content": "全员", "mentioned_list": []string{"@all"}}})
	var corp1 []string
	for _, m := range w.Corps[0].Members {
		corp1 = append(corp1, m.UserID)
	}
	slices.Sort(corp1)
	if got := robotInbox(srv, robotKey)[0].Recipients; !slices.Equal(got, corp1) {
		t.Errorf("@all reached %v, want every member of corp 1 %v", got, corp1)
	}
}
