package message_test

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// card is testkit.ValidCard of cardType with the pairs set (nil deletes).
func card(cardType string, kv ...any) map[string]any {
	return with(testkit.ValidCard(cardType, "task_1-@A"), kv...)
}

// The rules every card type shares, tried on each type that has the part.
func TestMessageSendTemplateCardCommonRules(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	file := testkit.MediaUploadOK(t, srv, tok, "file", "a.txt", "", []byte("attachment")).MediaID
	runMsgCasesOn(t, srv, tok, "template_card", []msgCase{
		{"card_type missing", card("text_notice", "card_type", nil), 40058, bad("template_card.card_type", "missing")},
		{"card_type unknown", card("text_notice", "card_type", "text"), 40058, bad("template_card.card_type", "invalid value text")},
		{"card not an object", []any{1}, 40058, "Warning: wrong json format. invalid Request Parameter"},

		{"source", card("text_notice", "source", obj("icon_url", "https://e.com/i.png", "desc", "企业微信", "desc_color", 3)), 0, ""},
		{"source desc_color 4", card("text_notice", "source", obj("desc_color", 4)), 40058, bad("template_card.source.desc_color", "invalid value")},

		{"action_menu with task_id", card("text_notice", "task_id", "t1", "action_menu",
			obj("desc", "更多", "action_list", []any{obj("text", "接收推送", "key", "k1"), obj("text", "不再推送", "key", "k2")})), 0, ""},
		{"action_menu without task_id", card("news_notice", "action_menu",
			obj("action_list", []any{obj("text", "接收推送", "key", "k1")})), 42014, ""},
		{"action_menu without actions", card("text_notice", "task_id", "t1", "action_menu", obj("action_list", []any{})), 40058,
			bad("template_card.action_menu.action_list", "size 0 out of range [1, 3]")},
		{"action_menu with 4 actions", card("text_notice", "task_id", "t1", "action_menu", obj("action_list",
			list(4, func(i int) any { return obj("text", "t", "key", string(rune('a'+i))) }))), 40058,
			bad("template_card.action_menu.action_list", "size 4 out of range [1, 3]")},
		{"action without key", card("text_notice", "task_id", "t1", "action_menu", obj("action_list", []any{obj("text", "t")})), 40058,
			bad("template_card.action_menu.action_list[0].key", "missing")},
		{"actions with the same key", card("text_notice", "task_id", "t1", "action_menu",
			obj("action_list", []any{obj("text", "a", "key", "k"), obj("text", "b", "key", "k")})), 40058,
			bad("template_card.action_menu.action_list[1].key", "duplicated: k")},

		{"task_id of 128 bytes", card("button_interaction", "task_id", strings.Repeat("a", 128)), 0, ""},
		{"task_id of 129 bytes", card("button_interaction", "task_id", strings.Repeat("a", 129)), 42014, ""},
		{"task_id with a space", card("vote_interaction", "task_id", "task 1"), 42014, ""},
		{"task_id with CJK", card("multiple_interaction", "task_id", "任务"), 42014, ""},
		{"interactive card without task_id", card("button_interaction", "task_id", nil), 42014, ""},
		{"notice card with a bad task_id", card("text_notice", "task_id", "a/b"), 42014, ""},

		{"text_notice with sub_title_text only", card("text_notice", "main_title", nil, "sub_title_text", "下载企业微信"), 0, ""},
		{"text_notice without title or sub_title_text", card("text_notice", "main_title", obj("desc", "d")), 41016, ""},
		{"button_interaction with sub_title_text only", card("button_interaction", "main_title", nil, "sub_title_text", "s"), 0, ""},
		{"news_notice needs main_title.title", card("news_notice", "main_title", nil, "sub_title_text", "s"), 41016, ""},
		{"vote_interaction without main_title", card("vote_interaction", "main_title", nil), 41016, ""},
		{"multiple_interaction without main_title.title", card("multiple_interaction", "main_title", obj()), 41016, ""},

		{"quote_area", card("text_notice", "quote_area", obj("type", 1, "url", "https://e.com", "title", "引用", "quote_text", "q")), 0, ""},
		{"quote_area type 1 without url", card("text_notice", "quote_area", obj("type", 1)), 40058, bad("template_card.quote_area.url", "missing")},
		{"quote_area type 2 without appid", card("news_notice", "quote_area", obj("type", 2, "pagepath", "p")), 40058, bad("template_card.quote_area.appid", "missing")},
		{"quote_area type 3", card("text_notice", "quote_area", obj("type", 3)), 40058, bad("template_card.quote_area.type", "invalid value")},

		{"horizontal contents of each type", card("text_notice", "horizontal_content_list", []any{
			obj("keyname", "邀请人", "value", "张三"),
			obj("type", 1, "keyname", "官网", "value", "点击访问", "url", "https://work.weixin.qq.com"),
			obj("type", 2, "keyname", "企业微信下载", "value", "企业微信.apk", "media_id", file),
			obj("type", 3, "keyname", "员工信息", "value", "点击查看", "userid", "zhangsan"),
		}), 0, ""},
		{"6 horizontal contents", card("button_interaction", "horizontal_content_list",
			list(6, func(int) any { return obj("keyname", "k") })), 0, ""},
		{"7 horizontal contents", card("button_interaction", "horizontal_content_list",
			list(7, func(int) any { return obj("keyname", "k") })), 40058, bad("template_card.horizontal_content_list", "size 7 out of range [0, 6]")},
		{"horizontal content without keyname", card("text_notice", "horizontal_content_list", []any{obj("value", "v")}), 40058,
			bad("template_card.horizontal_content_list[0].keyname", "missing")},
		{"horizontal type 1 without url", card("text_notice", "horizontal_content_list", []any{obj("type", 1, "keyname", "k")}), 40058,
			bad("template_card.horizontal_content_list[0].url", "missing")},
		{"horizontal type 2 with unknown media", card("text_notice", "horizontal_content_list", []any{obj("type", 2, "keyname", "k", "media_id", "nope")}), 40007, ""},
		{"horizontal type 3 without userid", card("text_notice", "horizontal_content_list", []any{obj("type", 3, "keyname", "k")}), 40058,
			bad("template_card.horizontal_content_list[0].userid", "missing")},
		{"horizontal type 4", card("text_notice", "horizontal_content_list", []any{obj("type", 4, "keyname", "k")}), 40058,
			bad("template_card.horizontal_content_list[0].type", "invalid value")},

		{"3 jumps", card("text_notice", "jump_list", []any{
			obj("type", 1, "title", "官网", "url", "https://e.com"),
			obj("type", 2, "title", "小程序", "appid", "wx1", "pagepath", "p"),
			obj("title", "纯文本"),
		}), 0, ""},
		{"4 jumps", card("text_notice", "jump_list", list(4, func(int) any { return obj("title", "t") })), 40058,
			bad("template_card.jump_list", "size 4 out of range [0, 3]")},
		{"jump without title", card("text_notice", "jump_list", []any{obj("type", 1, "url", "https://e.com")}), 40058,
			bad("template_card.jump_list[0].title", "missing")},
		{"jump type 1 without url", card("news_notice", "jump_list", []any{obj("type", 1, "title", "t")}), 40058,
			bad("template_card.jump_list[0].url", "missing")},
		{"jump type 2 without appid", card("button_interaction", "jump_list", []any{obj("type", 2, "title", "t")}), 40058,
			bad("template_card.jump_list[0].appid", "missing")},
	})
}

func TestMessageSendTemplateCardNoticeRules(t *testing.T) {
	t.Parallel()
	runMsgCases(t, "template_card", []msgCase{
		{"text_notice", card("text_notice"), 0, ""},
		{"text_notice opening a mini program", card("text_notice", "card_action", obj("type", 2, "appid", "wx1", "pagepath", "p")), 0, ""},
		{"text_notice full", card("text_notice", "emphasis_content", obj("title", "100", "desc", "数据含义"),
			"sub_title_text", "下载企业微信还能抢红包！"), 0, ""},
		{"text_notice without card_action", card("text_notice", "card_action", nil), 40058, bad("template_card.card_action", "missing")},
		{"text_notice card_action type 0", card("text_notice", "card_action", obj("type", 0)), 40058, bad("template_card.card_action.type", "invalid value")},
		{"text_notice card_action without type", card("text_notice", "card_action", obj("url", "https://e.com")), 40058,
			bad("template_card.card_action.type", "invalid value")},
		{"card_action type 1 without url", card("text_notice", "card_action", obj("type", 1)), 40058, bad("template_card.card_action.url", "missing")},
		{"card_action type 2 without appid", card("text_notice", "card_action", obj("type", 2)), 40058, bad("template_card.card_action.appid", "missing")},
		{"card_action type not a number", card("text_notice", "card_action", obj("type", "url", "url", "https://e.com")), 40058,
			bad("template_card.card_action.type", "invalid value")},

		{"news_notice", card("news_notice"), 0, ""},
		{"news_notice with image_text_area", card("news_notice", "card_image", nil, "image_text_area",
			obj("type", 1, "url", "https://e.com", "title", "t", "image_url", "https://e.com/a.png")), 0, ""},
		{"news_notice with 4 vertical contents", card("news_notice", "vertical_content_list",
			list(4, func(int) any { return obj("title", "惊喜红包等你来拿", "desc", "d") })), 0, ""},
		{"news_notice with card_image and image_text_area", card("news_notice", "card_image", obj("url", "https://e.com/a.png", "aspect_ratio", 1.3),
			"image_text_area", obj("image_url", "https://e.com/b.png")), 0, ""},
		{"card_image aspect_ratio 2.25", card("news_notice", "card_image", obj("url", "u", "aspect_ratio", 2.25)), 0, ""},
		{"card_image without aspect_ratio", card("news_notice", "card_image", obj("url", "u")), 0, ""},
		{"news_notice without card_action", card("news_notice", "card_action", nil), 40058, bad("template_card.card_action", "missing")},
		{"news_notice without image", card("news_notice", "card_image", nil), 40058,
			bad("template_card.card_image or template_card.image_text_area", "missing")},
		{"card_image without url", card("news_notice", "card_image", obj("aspect_ratio", 2)), 40058, bad("template_card.card_image.url", "missing")},
		{"card_image aspect_ratio 2.26", card("news_notice", "card_image", obj("url", "u", "aspect_ratio", 2.26)), 40058,
			bad("template_card.card_image.aspect_ratio", "out of range [1.3, 2.25]")},
		{"card_image aspect_ratio 1.2", card("news_notice", "card_image", obj("url", "u", "aspect_ratio", 1.2)), 40058,
			bad("template_card.card_image.aspect_ratio", "out of range [1.3, 2.25]")},
		{"image_text_area without image_url", card("news_notice", "card_image", nil, "image_text_area", obj("title", "t")), 40058,
			bad("template_card.image_text_area.image_url", "missing")},
		{"image_text_area type 2 without appid", card("news_notice", "card_image", nil, "image_text_area",
			obj("type", 2, "image_url", "https://e.com/b.png")), 40058, bad("template_card.image_text_area.appid", "missing")},
		{"5 vertical contents", card("news_notice", "vertical_content_list", list(5, func(int) any { return obj("title", "t") })), 40058,
			bad("template_card.vertical_content_list", "size 5 out of range [0, 4]")},
		{"vertical content without title", card("news_notice", "vertical_content_list", []any{obj("desc", "d")}), 40058,
			bad("template_card.vertical_content_list[0].title", "missing")},
	})
}

func TestMessageSendTemplateCardInteractionRules(t *testing.T) {
	t.Parallel()
	buttons := func(n int) []any {
		return list(n, func(i int) any { return obj("text", "按钮", "key", "key"+string(rune('a'+i))) })
	}
	options := func(n int) []any {
		return list(n, func(i int) any { return obj("id", "id"+string(rune('a'+i)), "text", "选项") })
	}
	selection := obj("question_key", "q1", "title", "选择器", "selected_id", "ida", "option_list", options(2))
	runMsgCases(t, "template_card", []msgCase{
		{"button_interaction", card("button_interaction"), 0, ""},
		{"6 buttons", card("button_interaction", "button_list", buttons(6)), 0, ""},
		{"url button", card("button_interaction", "button_list", []any{obj("type", 1, "text", "查看", "url", "https://e.com")}), 0, ""},
		{"button key of 1024 bytes", card("button_interaction", "button_list", []any{obj("text", "t", "key", strings.Repeat("k", 1024))}), 0, ""},
		{"button_selection", card("button_interaction", "button_selection", selection), 0, ""},
		{"card_action type 0 on a button card", card("button_interaction", "card_action", obj("type", 0)), 0, ""},
		{"no buttons", card("button_interaction", "button_list", nil), 40058, bad("template_card.button_list", "size 0 out of range [1, 6]")},
		{"7 buttons", card("button_interaction", "button_list", buttons(7)), 40058, bad("template_card.button_list", "size 7 out of range [1, 6]")},
		{"button without text", card("button_interaction", "button_list", []any{obj("key", "k")}), 40058,
			bad("template_card.button_list[0].text", "missing")},
		{"callback button without key", card("button_interaction", "button_list", []any{obj("text", "t")}), 40058,
			bad("template_card.button_list[0].key", "missing")},
		{"button key over 1024 bytes", card("button_interaction", "button_list", []any{obj("text", "t", "key", strings.Repeat("k", 1025))}), 40058,
			bad("template_card.button_list[0].key", "exceed max length 1024")},
		{"buttons with the same key", card("button_interaction", "button_list", []any{obj("text", "a", "key", "k"), obj("text", "b", "key", "k")}), 40058,
			bad("template_card.button_list[1].key", "duplicated: k")},
		{"url button without url", card("button_interaction", "button_list", []any{obj("type", 1, "text", "t")}), 40058,
			bad("template_card.button_list[0].url", "missing")},
		{"button type 2", card("button_interaction", "button_list", []any{obj("type", 2, "text", "t", "key", "k")}), 40058,
			bad("template_card.button_list[0].type", "invalid value")},
		{"button_selection without question_key", card("button_interaction", "button_selection", with(selection, "question_key", nil)), 40058,
			bad("template_card.button_selection.question_key", "missing")},
		{"button_selection with 11 options", card("button_interaction", "button_selection", with(selection, "option_list", options(11))), 40058,
			bad("template_card.button_selection.option_list", "size 11 out of range [1, 10]")},

		{"vote_interaction", card("vote_interaction"), 0, ""},
		{"20 options", card("vote_interaction", "checkbox", obj("question_key", "q", "option_list", options(20))), 0, ""},
		{"option id of 128 bytes", card("vote_interaction", "checkbox", obj("question_key", "q",
			"option_list", []any{obj("id", strings.Repeat("i", 128), "text", "t", "is_checked", true)})), 0, ""},
		{"no checkbox", card("vote_interaction", "checkbox", nil), 40058, bad("template_card.checkbox", "missing")},
		{"checkbox without question_key", card("vote_interaction", "checkbox", obj("option_list", options(1))), 40058,
			bad("template_card.checkbox.question_key", "missing")},
		{"checkbox mode 2", card("vote_interaction", "checkbox", obj("question_key", "q", "mode", 2, "option_list", options(1))), 40058,
			bad("template_card.checkbox.mode", "invalid value")},
		{"no options", card("vote_interaction", "checkbox", obj("question_key", "q", "option_list", []any{})), 40058,
			bad("template_card.checkbox.option_list", "size 0 out of range [1, 20]")},
		{"21 options", card("vote_interaction", "checkbox", obj("question_key", "q", "option_list", options(21))), 40058,
			bad("template_card.checkbox.option_list", "size 21 out of range [1, 20]")},
		{"option without id", card("vote_interaction", "checkbox", obj("question_key", "q", "option_list", []any{obj("text", "t")})), 40058,
			bad("template_card.checkbox.option_list[0].id", "missing")},
		{"option id over 128 bytes", card("vote_interaction", "checkbox", obj("question_key", "q",
			"option_list", []any{obj("id", strings.Repeat("i", 129), "text", "t")})), 40058,
			bad("template_card.checkbox.option_list[0].id", "exceed max length 128")},
		{"option without text", card("vote_interaction", "checkbox", obj("question_key", "q", "option_list", []any{obj("id", "a")})), 40058,
			bad("template_card.checkbox.option_list[0].text", "missing")},
		{"options with the same id", card("vote_interaction", "checkbox", obj("question_key", "q",
			"option_list", []any{obj("id", "a", "text", "t"), obj("id", "a", "text", "u")})), 40058,
			bad("template_card.checkbox.option_list[1].id", "duplicated: a")},
		{"vote without submit_button", card("vote_interaction", "submit_button", nil), 40058, bad("template_card.submit_button", "missing")},
		{"submit_button without key", card("vote_interaction", "submit_button", obj("text", "提交")), 40058,
			bad("template_card.submit_button.key", "missing")},
		{"submit_button without text", card("multiple_interaction", "submit_button", obj("key", "k")), 40058,
			bad("template_card.submit_button.text", "missing")},

		{"multiple_interaction", card("multiple_interaction"), 0, ""},
		{"3 selectors of 10 options", card("multiple_interaction", "select_list", list(3, func(i int) any {
			return obj("question_key", "q"+string(rune('a'+i)), "option_list", options(10))
		})), 0, ""},
		{"no selectors", card("multiple_interaction", "select_list", []any{}), 40058,
			bad("template_card.select_list", "size 0 out of range [1, 3]")},
		{"4 selectors", card("multiple_interaction", "select_list", list(4, func(i int) any {
			return obj("question_key", "q"+string(rune('a'+i)), "option_list", options(1))
		})), 40058, bad("template_card.select_list", "size 4 out of range [1, 3]")},
		{"selector with 11 options", card("multiple_interaction", "select_list", []any{obj("question_key", "q", "option_list", options(11))}), 40058,
			bad("template_card.select_list[0].option_list", "size 11 out of range [1, 10]")},
		{"selectors with the same question_key", card("multiple_interaction", "select_list", []any{selection, selection}), 40058,
			bad("template_card.select_list[1].question_key", "duplicated: q1")},
		{"question_key over 1024 bytes", card("multiple_interaction", "select_list",
			[]any{with(selection, "question_key", strings.Repeat("q", 1025))}), 40058,
			bad("template_card.select_list[0].question_key", "exceed max length 1024")},
		{"multiple without submit_button", card("multiple_interaction", "submit_button", nil), 40058,
			bad("template_card.submit_button", "missing")},
	})
}
