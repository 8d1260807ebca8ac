package message_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// msgCase is one message/send of a msgtype's object and WeCom's answer.
type msgCase struct {
	name   string
	obj    any    // the msgtype object; nil leaves it out
	code   int    // 0: accepted
	phrase string // the errmsg phrase; "" is the errcode table's
}

// bad is the phrase of a 40058 naming a field and its rule.
func bad(path, problem string) string {
	return path + " " + problem + ". Invalid input invalid Request Parameter"
}

// runMsgCases sends each case as msgtype to zhangsan and checks the answer:
// a success lands in the inbox, a refusal does not.
func runMsgCases(t *testing.T, msgtype string, cases []msgCase) {
	t.Helper()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	runMsgCasesOn(t, srv, tok, msgtype, cases)
}

func runMsgCasesOn(t *testing.T, srv *mockserver.Server, tok, msgtype string, cases []msgCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.Messages(mockserver.MessageFilter{}))
			r := testkit.MsgSend(t, srv, tok, testkit.MsgOf("zhangsan", msgtype, tc.obj))
			switch {
			case tc.code == 0:
				testkit.OK(t, r)
			case tc.phrase == "":
				testkit.WeComError(t, r, errcode.Code(tc.code))
			default:
				testkit.MsgError(t, r, tc.code, tc.phrase)
			}
			want := before
			if tc.code == 0 {
				want++
			}
			if n := len(srv.Messages(mockserver.MessageFilter{})); n != want {
				t.Errorf("inbox has %d messages, want %d", n, want)
			}
		})
	}
}

// obj builds a JSON object from key/value pairs.
func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// with is a copy of base with the pairs set (a nil value deletes the key).
func with(base map[string]any, kv ...any) map[string]any {
	m := maps.Clone(base)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, fmt.Sprint(kv[i]))
		} else {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return m
}

func list(n int, item func(i int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = item(i)
	}
	return out
}

func TestMessageSendTextRules(t *testing.T) {
	t.Parallel()
	runMsgCases(t, "text", []msgCase{
		{"content", obj("content", "你好"), 0, ""},
		{"2048 bytes", obj("content", strings.Repeat("a", 2048)), 0, ""},
		{"object missing", nil, 44004, ""},
		{"content missing", obj(), 44004, ""},
		{"2049 bytes", obj("content", strings.Repeat("a", 2049)), 45002, ""},
		{"content not a string", obj("content", 5), 40058, "Warning: wrong json format. invalid Request Parameter"},
	})
}

func TestMessageSendMarkdownRules(t *testing.T) {
	t.Parallel()
	runMsgCases(t, "markdown", []msgCase{
		{"content", obj("content", "**ok**"), 0, ""},
		{"4096 bytes", obj("content", strings.Repeat("字", 1365)), 0, ""},
		{"content missing", obj(), 44004, ""},
		{"4097 bytes", obj("content", strings.Repeat("a", 4097)), 40058, bad("markdown.content", "exceed max length 4096")},
	})
}

func TestMessageSendMediaRules(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	id := testkit.MediaUploadOK(t, srv, tok, "image", "a.png", "image/png", testkit.MediaPNG).MediaID
	for _, msgtype := range []string{"image", "voice", "file", "video"} {
		t.Run(msgtype, func(t *testing.T) {
			runMsgCasesOn(t, srv, tok, msgtype, []msgCase{
				{"uploaded media", obj("media_id", id), 0, ""},
				{"object missing", nil, 40007, ""},
				{"media_id missing", obj(), 40007, ""},
				{"unknown media_id", obj("media_id", "nope"), 40007, ""},
			})
		})
	}
	// A video's title and description are cut by WeCom, not refused.
	runMsgCasesOn(t, srv, tok, "video", []msgCase{
		{"long title and description", obj("media_id", id, "title", strings.Repeat("t", 200),
			"description", strings.Repeat("d", 600)), 0, ""},
	})
}

func TestMessageSendTextCardRules(t *testing.T) {
	t.Parallel()
	card := obj("title", "领奖通知", "description", `<div class="gray">2026年12月3日</div>`,
		"url", "https://example.com/a", "btntxt", "更多")
	runMsgCases(t, "textcard", []msgCase{
		{"full", card, 0, ""},
		{"without btntxt", with(card, "btntxt", nil), 0, ""},
		{"long title, description and btntxt are cut, not refused", with(card, "title", strings.Repeat("t", 129),
			"description", strings.Repeat("d", 513), "btntxt", "查看详情页面"), 0, ""},
		{"url of 2048 bytes", with(card, "url", "https://e.com/"+strings.Repeat("a", 2048-14)), 0, ""},
		{"object missing", nil, 44004, ""},
		{"empty object", obj(), 41016, ""},
		{"title missing", with(card, "title", nil), 41016, ""},
		{"description missing", with(card, "description", nil), 41033, ""},
		{"description empty", with(card, "description", ""), 41033, ""},
		{"url missing", with(card, "url", nil), 41010, ""},
		{"url over 2048 bytes", with(card, "url", "https://e.com/"+strings.Repeat("a", 2048-13)), 40058,
			bad("textcard.url", "exceed max length 2048")},
		{"title not a string", with(card, "title", 1), 40058, "Warning: wrong json format. invalid Request Parameter"},
	})
}

func TestMessageSendNewsRules(t *testing.T) {
	t.Parallel()
	article := obj("title", "中秋节礼品领取", "description", "今年中秋节公司有豪礼相送",
		"url", "https://example.com", "picurl", "https://example.com/a.png")
	mini := obj("title", "小程序", "appid", "wx123123123123123", "pagepath", "pages/index?userid=zhangsan")
	articles := func(a ...any) map[string]any { return obj("articles", a) }
	runMsgCases(t, "news", []msgCase{
		{"one article", articles(article), 0, ""},
		{"title and url only", articles(obj("title", "t", "url", "https://example.com")), 0, ""},
		{"mini program article", articles(mini), 0, ""},
		{"8 articles", obj("articles", list(8, func(int) any { return article })), 0, ""},
		{"long title and description are cut", articles(with(article, "title", strings.Repeat("t", 200),
			"description", strings.Repeat("d", 600))), 0, ""},
		{"object missing", nil, 44004, ""},
		{"no articles", articles(), 44004, ""},
		{"9 articles", obj("articles", list(9, func(int) any { return article })), 45008, ""},
		{"article without title", articles(with(article, "title", nil)), 41016, ""},
		{"second article without title", articles(article, with(article, "title", "")), 41016, ""},
		{"article without url or mini program", articles(with(article, "url", nil)), 41010, ""},
		{"appid without pagepath", articles(with(mini, "pagepath", nil)), 40058,
			bad("news.articles[0]", "appid and pagepath must be set together")},
		{"pagepath without appid", articles(with(article, "pagepath", "pages/index")), 40058,
			bad("news.articles[0]", "appid and pagepath must be set together")},
		{"url over 2048 bytes", articles(with(article, "url", "https://e.com/"+strings.Repeat("a", 2048))), 40058,
			bad("news.articles[0].url", "exceed max length 2048")},
	})
}

func TestMessageSendMPNewsRules(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	thumb := testkit.MediaUploadOK(t, srv, tok, "image", "a.png", "image/png", testkit.MediaPNG).MediaID
	article := obj("title", "Title", "thumb_media_id", thumb, "author", "Author",
		"content_source_url", "https://example.com", "content", "<p>Content</p>", "digest", "Digest")
	articles := func(a ...any) map[string]any { return obj("articles", a) }
	runMsgCasesOn(t, srv, tok, "mpnews", []msgCase{
		{"one article", articles(article), 0, ""},
		{"required fields only", articles(obj("title", "t", "thumb_media_id", thumb, "content", "c")), 0, ""},
		{"8 articles", obj("articles", list(8, func(int) any { return article })), 0, ""},
		{"author of 64 bytes", articles(with(article, "author", strings.Repeat("a", 64))), 0, ""},
		{"content of 666 K bytes", articles(with(article, "content", strings.Repeat("a", 666*1024))), 0, ""},
		{"long digest is cut", articles(with(article, "digest", strings.Repeat("d", 600))), 0, ""},
		{"object missing", nil, 44004, ""},
		{"no articles", articles(), 44004, ""},
		{"9 articles", obj("articles", list(9, func(int) any { return article })), 45008, ""},
		{"title missing", articles(with(article, "title", nil)), 41016, ""},
		{"thumb_media_id missing", articles(with(article, "thumb_media_id", nil)), 40007, ""},
		{"thumb_media_id unknown", articles(with(article, "thumb_media_id", "nope")), 40007, ""},
		{"author over 64 bytes", articles(with(article, "author", strings.Repeat("a", 65))), 45032, ""},
		{"content missing", articles(with(article, "content", nil)), 44004, ""},
		{"content over 666 K bytes", articles(with(article, "content", strings.Repeat("a", 666*1024+1))), 45002, ""},
	})
}

func TestMessageSendMiniprogramNoticeRules(t *testing.T) {
	t.Parallel()
	notice := obj("appid", "wx123123123123123", "page", "pages/index?userid=zhangsan&orderid=123123123",
		"title", "会议室预订成功通知", "description", "4月27日 16:16", "emphasis_first_item", true,
		"content_item", []any{obj("key", "会议室", "value", "402"), obj("key", "会议地点", "value", "广州TIT-402会议室")})
	items := func(n int, key, value string) []any {
		return list(n, func(int) any { return obj("key", key, "value", value) })
	}
	runMsgCases(t, "miniprogram_notice", []msgCase{
		{"full", notice, 0, ""},
		{"appid and title only", obj("appid", "wx1", "title", "会议通知"), 0, ""},
		{"title of 12 characters", with(notice, "title", strings.Repeat("字", 12)), 0, ""},
		{"10 items at their limits", with(notice, "content_item", items(10, strings.Repeat("键", 10), strings.Repeat("值", 30))), 0, ""},
		{"object missing", nil, 44004, ""},
		{"appid missing", with(notice, "appid", nil), 40058, bad("miniprogram_notice.appid", "missing")},
		{"title missing", with(notice, "title", nil), 41016, ""},
		{"title of 3 characters", with(notice, "title", "会议室"), 40058,
			bad("miniprogram_notice.title", "length must be between 4 and 12 characters")},
		{"title of 13 characters", with(notice, "title", strings.Repeat("字", 13)), 40058,
			bad("miniprogram_notice.title", "length must be between 4 and 12 characters")},
		{"description of 13 characters", with(notice, "description", strings.Repeat("字", 13)), 40058,
			bad("miniprogram_notice.description", "length must be between 4 and 12 characters")},
		{"page over 1024 bytes", with(notice, "page", strings.Repeat("p", 1025)), 40058,
			bad("miniprogram_notice.page", "exceed max length 1024")},
		{"11 items", with(notice, "content_item", items(11, "k", "v")), 40058,
			bad("miniprogram_notice.content_item", "size 11 out of range [0, 10]")},
		{"item without key", with(notice, "content_item", []any{obj("value", "v")}), 40058,
			bad("miniprogram_notice.content_item[0].key", "missing")},
		{"item without value", with(notice, "content_item", []any{obj("key", "k")}), 40058,
			bad("miniprogram_notice.content_item[0].value", "missing")},
		{"key of 11 characters", with(notice, "content_item", items(1, strings.Repeat("键", 11), "v")), 40058,
			bad("miniprogram_notice.content_item[0].key", "length must be between 0 and 10 characters")},
		{"value of 31 characters", with(notice, "content_item", items(1, "k", strings.Repeat("值", 31))), 40058,
			bad("miniprogram_notice.content_item[0].value", "length must be between 0 and 30 characters")},
	})
}
