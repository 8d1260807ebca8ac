package mockserver

import (
	"encoding/xml"
	"fmt"
)

// Member activity the control API makes up: a member messages an app, opens
// it, clicks its menu — or any XML at all — delivered to the app's callback
// (https://developer.work.weixin.qq.com/document/path/90376).

var triggerKinds = map[string]bool{
	"text": true, "enter_agent": true, "click": true, "view": true,
	"subscribe": true, "unsubscribe": true, "raw": true,
}

// TriggerCallback builds the message or event req asks for, with the
// virtual time as CreateTime, and delivers it to the app's callback. It
// returns once the delivery is queued (see WaitDelivery).
func (s *Server) TriggerCallback(req CallbackTrigger) (TriggeredCallback, error) {
	switch {
	case req.CorpID == "":
		return TriggeredCallback{}, badRequest(`"corpid" is required`)
	case !triggerKinds[req.Kind]:
		return TriggeredCallback{}, badRequest(`unknown "kind" %q (supported: text, enter_agent, click, view, subscribe, unsubscribe, raw)`, req.Kind)
	case req.AgentID == ContactsAgentID && req.Kind != "raw":
		return TriggeredCallback{}, badRequest(`"agentid" is required (only a raw trigger may send to the contact-sync assistant, agentid 0)`)
	}
	entry, ok, err := s.store.Callback(req.CorpID, req.AgentID)
	if err != nil {
		return TriggeredCallback{}, storeError(err, subject{terms: callbackTerms, corpID: req.CorpID, agentID: req.AgentID})
	}
	if !ok {
		who := fmt.Sprintf("app %d", req.AgentID)
		if req.AgentID == ContactsAgentID {
			who = "the contact-sync assistant"
		}
		return TriggeredCallback{}, conflictErr("%s of corp %q has no callback configured (PUT /_mock/callbacks/config)", who, req.CorpID)
	}
	var out TriggeredCallback
	var plain []byte
	if req.Kind == "raw" {
		if err := xml.Unmarshal([]byte(req.XML), new(struct{})); err != nil {
			return TriggeredCallback{}, badRequest(`"xml" is not well-formed XML: %v`, err)
		}
		plain = []byte(req.XML)
	} else {
		from, err := s.store.CallbackMember(req.CorpID, req.AgentID, req.From)
		switch {
		case req.From == "":
			return TriggeredCallback{}, badRequest(`"from" (the member's userid) is required`)
		case err != nil:
			return TriggeredCallback{}, storeError(err, subject{terms: callbackTerms, corpID: req.CorpID, agentID: req.AgentID, userID: req.From})
		}
		x := newCallbackXML().
			cdata("ToUserName", req.CorpID).
			cdata("FromUserName", from).
			num("CreateTime", s.Now().Unix())
		switch req.Kind {
		case "text":
			if req.Content == "" {
				return TriggeredCallback{}, badRequest(`"content" is required for a text message`)
			}
			out.MsgID = s.callbacks().int63()
			x.cdata("MsgType", "text").cdata("Content", req.Content).num("MsgId", out.MsgID)
		case "click", "view":
			if req.EventKey == "" {
				return TriggeredCallback{}, badRequest(`"event_key" is required for %s`, req.Kind)
			}
			x.cdata("MsgType", "event").cdata("Event", req.Kind).cdata("EventKey", req.EventKey)
		default: // enter_agent, subscribe, unsubscribe
			x.cdata("MsgType", "event").cdata("Event", req.Kind).cdata("EventKey", "")
		}
		plain = x.num("AgentID", int64(req.AgentID)).bytes()
	}
	out.Plaintext = string(plain)
	out.ID = s.deliverCallback(s.callbackTarget(req.CorpID, req.AgentID, entry.Callback), req.Kind, plain)
	return out, nil
}
