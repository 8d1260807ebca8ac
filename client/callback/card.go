package callback

// TemplateCardEvent is Event "template_card_event"
// (https://developer.work.weixin.qq.com/document/path/90240, 模板卡片事件推送):
// a member clicked a button of an interactive template card, or submitted a
// vote or multiple card. ResponseCode is good for one
// message/update_template_card within 72 hours.
//
//	<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[approve]]></EventKey><TaskId><![CDATA[task-1]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[code]]></ResponseCode><AgentID>1</AgentID></xml>
type TemplateCardEvent struct {
	EventHeader
	// EventKey is the clicked button's key, or the submit button's.
	EventKey     string `xml:"EventKey"`
	TaskId       string `xml:"TaskId"`
	CardType     string `xml:"CardType"`
	ResponseCode string `xml:"ResponseCode"`
	// SelectedItems are the member's selections: a button_selection, a vote
	// card's checkbox, a multiple card's selects.
	SelectedItems []CardSelectedItem `xml:"SelectedItems>SelectedItem"`
}

// CardSelectedItem is one question's selected options in a
// TemplateCardEvent.
type CardSelectedItem struct {
	QuestionKey string   `xml:"QuestionKey"`
	OptionIds   []string `xml:"OptionIds>OptionId"`
}
