package callbacks

import "github.com/wecom-mock/wecom-mock/mockserver/internal/store"

// 客户联系 events (change_external_contact, change_external_chat,
// change_external_tag; https://developer.work.weixin.qq.com/document/path/92130,
// 92277, 92272). The store renders each receiver's fields; the engine writes
// the common head, then the fields in order.

// PublishExternalEvent delivers ev to its receivers and returns the
// delivery ids, in receiver order.
func (e *Engine) PublishExternalEvent(ev store.ExternalEvent) []string {
	ids := []string{}
	for _, d := range ev.Deliveries {
		kind := ev.Event + "/" + ev.ChangeType
		if d.SuiteID != "" {
			plain := externalSuiteEventXML(ev, d.SuiteID, d.Fields, e.now().Unix())
			ids = append(ids, e.Deliver(SuiteTarget(d.SuiteID, d.Receiver.Callback, 0), kind, plain))
			continue
		}
		plain := externalEventXML(ev, d.Fields, e.now().Unix())
		t := AppTarget(d.Receiver.CorpID, d.Receiver.AgentID, d.Receiver.Callback)
		ids = append(ids, e.Deliver(t, kind, plain))
	}
	return ids
}

// externalEventXML is one receiver's decrypted event.
func externalEventXML(ev store.ExternalEvent, fields []store.EventField, now int64) []byte {
	x := newCallbackXML().
		cdata("ToUserName", ev.CorpID).
		cdata("FromUserName", "sys").
		num("CreateTime", now).
		cdata("MsgType", "event").
		cdata("Event", ev.Event).
		cdata("ChangeType", ev.ChangeType)
	return externalFields(x, fields)
}

// externalSuiteEventXML is a third-party app's decrypted event, as its
// suite receives it: SuiteId, AuthCorpId, InfoType (the event's name) and
// TimeStamp head the same fields.
func externalSuiteEventXML(ev store.ExternalEvent, suiteID string, fields []store.EventField, now int64) []byte {
	x := newCallbackXML().
		cdata("SuiteId", suiteID).
		cdata("AuthCorpId", ev.CorpID).
		cdata("InfoType", ev.Event).
		num("TimeStamp", now).
		cdata("ChangeType", ev.ChangeType)
	return externalFields(x, fields)
}

// externalFields writes an event's own fields after its head.
func externalFields(x *callbackXML, fields []store.EventField) []byte {
	for _, f := range fields {
		switch {
		case f.IsList:
			x.open(f.Name)
			for _, item := range f.Items {
				x.cdata("Item", item)
			}
			x.close(f.Name)
		case f.IsNum:
			x.num(f.Name, f.Num)
		default:
			x.cdata(f.Name, f.Text)
		}
	}
	return x.bytes()
}
