package mockserver

import (
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
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
		return TriggeredCallback{}, &RequestError{Reason: `"corpid" is required`}
	case !triggerKinds[req.Kind]:
		return TriggeredCallback{}, &RequestError{Reason: fmt.Sprintf(`unknown "kind" %q (supported: text, enter_agent, click, view, subscribe, unsubscribe, raw)`, req.Kind)}
	case req.AgentID == ContactsAgentID && req.Kind != "raw":
		return TriggeredCallback{}, &RequestError{Reason: `"agentid" is required (only a raw trigger may send to the contact-sync assistant, agentid 0)`}
	}
	entry, ok, err := s.store.Callback(req.CorpID, req.AgentID)
	if err != nil {
		return TriggeredCallback{}, callbackLookupErr(err, req.CorpID, req.AgentID)
	}
	if !ok {
		who := fmt.Sprintf("app %d", req.AgentID)
		if req.AgentID == ContactsAgentID {
			who = "the contact-sync assistant"
		}
		return TriggeredCallback{}, &RequestError{Conflict: true,
			Reason: fmt.Sprintf("%s of corp %q has no callback configured (PUT /_mock/callbacks/config)", who, req.CorpID)}
	}
	var out TriggeredCallback
	var plain []byte
	if req.Kind == "raw" {
		if err := xml.Unmarshal([]byte(req.XML), new(struct{})); err != nil {
			return TriggeredCallback{}, &RequestError{Reason: fmt.Sprintf(`"xml" is not well-formed XML: %v`, err)}
		}
		plain = []byte(req.XML)
	} else {
		from, err := s.store.CallbackMember(req.CorpID, req.AgentID, req.From)
		switch {
		case req.From == "":
			return TriggeredCallback{}, &RequestError{Reason: `"from" (the member's userid) is required`}
		case errors.Is(err, store.ErrMemberNotFound):
			return TriggeredCallback{}, &RequestError{NotFound: true, Reason: fmt.Sprintf("corp %q has no member %q", req.CorpID, req.From)}
		case errors.Is(err, store.ErrNotVisible):
			return TriggeredCallback{}, &RequestError{Reason: fmt.Sprintf("member %q is outside the visible range of app %d, so cannot use it", req.From, req.AgentID)}
		case err != nil:
			return TriggeredCallback{}, callbackLookupErr(err, req.CorpID, req.AgentID)
		}
		x := newCallbackXML().
			cdata("ToUserName", req.CorpID).
			cdata("FromUserName", from).
			num("CreateTime", s.Now().Unix())
		switch req.Kind {
		case "text":
			if req.Content == "" {
				return TriggeredCallback{}, &RequestError{Reason: `"content" is required for a text message`}
			}
			out.MsgID = s.callbacks().int63()
			x.cdata("MsgType", "text").cdata("Content", req.Content).num("MsgId", out.MsgID)
		case "click", "view":
			if req.EventKey == "" {
				return TriggeredCallback{}, &RequestError{Reason: fmt.Sprintf(`"event_key" is required for %s`, req.Kind)}
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
