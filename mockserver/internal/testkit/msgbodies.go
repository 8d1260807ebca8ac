package testkit

// MsgOf is a message/send body from app 1000002 to touser of msgtype, with
// obj as its msgtype object (left out when nil).
func MsgOf(touser, msgtype string, obj any) map[string]any {
	b := map[string]any{"touser": touser, "msgtype": msgtype, "agentid": AgentID}
	if obj != nil {
		b[msgtype] = obj
	}
	return b
}

// MsgCard is a template_card body from app 1000002 to touser.
func MsgCard(touser string, card map[string]any) map[string]any {
	return MsgOf(touser, "template_card", card)
}

// ValidCard is the smallest template card of cardType WeCom accepts
// (https://developer.work.weixin.qq.com/document/path/90236): the
// interactive types carry taskID; button_interaction has the buttons
// "approve" and "reject", vote_interaction the options "a" and "b",
// multiple_interaction one selector "q1" with the options "x" and "y";
// their submit button's key is "submit". Tests change a copy's fields to
// make it invalid.
func ValidCard(cardType, taskID string) map[string]any {
	title := map[string]any{"title": "审批"}
	url := map[string]any{"type": 1, "url": "https://example.com/card"}
	submit := map[string]any{"text": "提交", "key": "submit"}
	switch cardType {
	case "text_notice":
		return map[string]any{"card_type": cardType, "main_title": title, "card_action": url}
	case "news_notice":
		return map[string]any{"card_type": cardType, "main_title": title, "card_action": url,
			"card_image": map[string]any{"url": "https://example.com/a.png", "aspect_ratio": 2.0}}
	case "button_interaction":
		return map[string]any{"card_type": cardType, "task_id": taskID, "main_title": title,
			"button_list": []any{
				map[string]any{"text": "同意", "key": "approve", "style": 1},
				map[string]any{"text": "驳回", "key": "reject", "style": 2},
			}}
	case "vote_interaction":
		return map[string]any{"card_type": cardType, "task_id": taskID, "main_title": title,
			"checkbox": map[string]any{"question_key": "q", "mode": 1, "option_list": []any{
				map[string]any{"id": "a", "text": "A"}, map[string]any{"id": "b", "text": "B"},
			}},
			"submit_button": submit}
	case "multiple_interaction":
		return map[string]any{"card_type": cardType, "task_id": taskID, "main_title": title,
			"select_list": []any{map[string]any{"question_key": "q1", "option_list": []any{
				map[string]any{"id": "x", "text": "X"}, map[string]any{"id": "y", "text": "Y"},
			}}},
			"submit_button": submit}
	}
	return map[string]any{"card_type": cardType}
}
