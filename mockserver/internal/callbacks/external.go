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
		plain := externalEventXML(ev, d.Fields, e.now().Unix())
		t := AppTarget(d.Receiver.CorpID, d.Receiver.AgentID, d.Receiver.Callback)
		ids = append(ids, e.Deliver(t, ev.Event+"/"+ev.ChangeType, plain))
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
