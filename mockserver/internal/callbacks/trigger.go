package callbacks

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Member activity the control API makes up: a member messages an app, opens
// it, clicks its menu — or any XML at all — delivered to the app's callback
// (https://developer.work.weixin.qq.com/document/path/90376).

var triggerKinds = map[string]bool{
	"text": true, "enter_agent": true, "click": true, "view": true,
	"subscribe": true, "unsubscribe": true, "raw": true,
}

// Trigger builds the message or event req asks for, with the virtual time
// as CreateTime, and delivers it to the app's callback. It returns once the
// delivery is queued (see Wait).
func (e *Engine) Trigger(req mockctl.CallbackTrigger) (mockctl.TriggeredCallback, error) {
	switch {
	case req.CorpID == "":
		return mockctl.TriggeredCallback{}, invalid(`"corpid" is required`)
	case !triggerKinds[req.Kind]:
		return mockctl.TriggeredCallback{}, invalid(`unknown "kind" %q (supported: text, enter_agent, click, view, subscribe, unsubscribe, raw)`, req.Kind)
	case req.AgentID == store.ContactsAgentID && req.Kind != "raw":
		return mockctl.TriggeredCallback{}, invalid(`"agentid" is required (only a raw trigger may send to the contact-sync assistant, agentid 0)`)
	}
	entry, ok, err := e.store.Callback(req.CorpID, req.AgentID)
	if err != nil {
		return mockctl.TriggeredCallback{}, err
	}
	if !ok {
		who := fmt.Sprintf("app %d", req.AgentID)
		if req.AgentID == store.ContactsAgentID {
			who = "the contact-sync assistant"
		}
		return mockctl.TriggeredCallback{}, conflict("%s of corp %q has no callback configured (PUT /_mock/callbacks/config)", who, req.CorpID)
	}
	var out mockctl.TriggeredCallback
	var plain []byte
	if req.Kind == "raw" {
		if err := xml.Unmarshal([]byte(req.XML), new(struct{})); err != nil {
			return mockctl.TriggeredCallback{}, invalid(`"xml" is not well-formed XML: %v`, err)
		}
		plain = []byte(req.XML)
	} else {
		from, err := e.store.CallbackMember(req.CorpID, req.AgentID, req.From)
		switch {
		case req.From == "":
			return mockctl.TriggeredCallback{}, invalid(`"from" (the member's userid) is required`)
		case err != nil:
			return mockctl.TriggeredCallback{}, err
		}
		x := newCallbackXML().
			cdata("ToUserName", req.CorpID).
			cdata("FromUserName", from).
			num("CreateTime", e.now().Unix())
		switch req.Kind {
		case "text":
			if req.Content == "" {
				return mockctl.TriggeredCallback{}, invalid(`"content" is required for a text message`)
			}
			out.MsgID = e.int63()
			x.cdata("MsgType", "text").cdata("Content", req.Content).num("MsgId", out.MsgID)
		case "click", "view":
			if req.EventKey == "" {
				return mockctl.TriggeredCallback{}, invalid(`"event_key" is required for %s`, req.Kind)
			}
			if err := e.checkMenuTarget(req); err != nil {
				return mockctl.TriggeredCallback{}, err
			}
			x.cdata("MsgType", "event").cdata("Event", req.Kind).cdata("EventKey", req.EventKey)
		default: // enter_agent, subscribe, unsubscribe
			x.cdata("MsgType", "event").cdata("Event", req.Kind).cdata("EventKey", "")
		}
		plain = x.num("AgentID", int64(req.AgentID)).bytes()
	}
	out.Plaintext = string(plain)
	out.ID = e.Deliver(AppTarget(req.CorpID, req.AgentID, entry.Callback), req.Kind, plain)
	return out, nil
}

// checkMenuTarget refuses a click whose key, or a view whose URL, is not a
// button of the app's menu (menu/create): a member can only press buttons
// the menu has. An app without a menu takes any key or URL, as before
// menus were modelled.
func (e *Engine) checkMenuTarget(req mockctl.CallbackTrigger) error {
	m, err := e.store.AppMenuTargets(req.CorpID, req.AgentID)
	if err != nil || !m.HasMenu {
		return err
	}
	targets, what := m.Keys, "click keys"
	if req.Kind == "view" {
		targets, what = m.URLs, "view URLs"
	}
	if slices.Contains(targets, req.EventKey) {
		return nil
	}
	if len(targets) == 0 {
		return conflict("app %d's menu has no %s button, so no %s event with %q (menu/get shows the menu)", req.AgentID, req.Kind, req.Kind, req.EventKey)
	}
	return conflict("event_key %q is not in app %d's menu (its %s: %s)", req.EventKey, req.AgentID, what, strings.Join(targets, ", "))
}
