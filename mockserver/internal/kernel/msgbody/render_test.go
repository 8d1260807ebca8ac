package msgbody

import "testing"

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		msgtype, raw, want string
	}{
		{"text", `{"content":"hi & bye"}`, "hi & bye"},
		{"textcard", `{"title":"领奖通知","description":"<div class=\"gray\">2016年9月26日</div> <div class=\"highlight\">请于10月10日前联系</div>","url":"u"}`, "领奖通知\n2016年9月26日 请于10月10日前联系"},
		{"news", `{"articles":[{"title":"中秋节礼品领取"},{"title":"第二篇"}]}`, "中秋节礼品领取\n第二篇"},
		{"template_card", `{"card_type":"button_interaction","main_title":{"title":"请假审批","desc":"张三 3 天"}}`, "请假审批\n张三 3 天"},
		{"template_card", `{"card_type":"text_notice","sub_title_text":"只有副标题"}`, "只有副标题"},
		{"image", `{"media_id":"m"}`, ""},
		{"textcard", `[1]`, ""},
	} {
		if got := Render(tc.msgtype, []byte(tc.raw)); got != tc.want {
			t.Errorf("Render(%s, %s) = %q, want %q", tc.msgtype, tc.raw, got, tc.want)
		}
	}
}
