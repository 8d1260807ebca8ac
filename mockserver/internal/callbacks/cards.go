package callbacks

import "github.com/wecom-mock/wecom-mock/mockserver/internal/store"

// 模板卡片事件推送 (template_card_event,
// https://developer.work.weixin.qq.com/document/path/90240): a member
// clicked an interactive template card; the event carries the response_code
// the app may spend on message/update_template_card.

// CardCallbackReady reports, as a conflict, an app without a callback: it
// could never learn of a click.
func (e *Engine) CardCallbackReady(corpID string, agentID int) error {
	_, ok, err := e.store.Callback(corpID, agentID)
	switch {
	case err != nil:
		return err
	case !ok:
		return conflict("app %d of corp %q has no callback configured (PUT /_mock/callbacks/config): it would never receive the click", agentID, corpID)
	}
	return nil
}

// DeliverCardClick delivers the template_card_event of click to the app's
// callback and returns the delivery id and the decrypted XML.
func (e *Engine) DeliverCardClick(click store.CardClickResult) (id, plaintext string, err error) {
	entry, ok, err := e.store.Callback(click.CorpID, click.AgentID)
	switch {
	case err != nil:
		return "", "", err
	case !ok:
		return "", "", e.CardCallbackReady(click.CorpID, click.AgentID)
	}
	plain := cardEventXML(click, e.now().Unix())
	id = e.Deliver(AppTarget(click.CorpID, click.AgentID, entry.Callback), "template_card_event", plain)
	return id, string(plain), nil
}

// cardEventXML is the decrypted event, its fields in the documented order.
func cardEventXML(click store.CardClickResult, now int64) []byte {
	x := newCallbackXML().
		cdata("ToUserName", click.CorpID).
		cdata("FromUserName", click.Click.UserID).
		num("CreateTime", now).
		cdata("MsgType", "event").
		cdata("Event", "template_card_event").
		cdata("EventKey", click.Click.Key).
		cdata("TaskId", click.TaskID).
		cdata("CardType", click.CardType).
		cdata("ResponseCode", click.Click.ResponseCode).
		num("AgentID", int64(click.AgentID))
	if len(click.Click.Selected) > 0 {
		x.open("SelectedItems")
		for _, it := range click.Click.Selected {
			x.open("SelectedItem").cdata("QuestionKey", it.QuestionKey).open("OptionIds")
			for _, id := range it.OptionIDs {
				x.cdata("OptionId", id)
			}
			x.close("OptionIds").close("SelectedItem")
		}
		x.close("SelectedItems")
	}
	return x.bytes()
}
