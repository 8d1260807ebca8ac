package store

import (
	"slices"
	"strconv"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// 客户联系 events (https://developer.work.weixin.qq.com/document/path/92130,
// 92277, 92272): change_external_contact, change_external_chat and
// change_external_tag. They go to the apps that may call 客户联系 — the
// 可调用应用 and 代开发 apps at their callback URL, third-party apps at
// their suite's 指令回调 URL (path/92277: InfoType, SuiteId, AuthCorpId) —
// and, for an event about a member, only to the apps that see that member.
// Each receiver gets the external_userids in its own form, so the store
// renders the fields per receiver and the callback engine only writes them
// as XML.

// The 客户联系 event names (the XML Event field).
const (
	EventExternalContact = "change_external_contact"
	EventExternalChat    = "change_external_chat"
	EventExternalTag     = "change_external_tag"
)

// ExternalEvent is one 客户联系 event with what each receiver gets.
type ExternalEvent struct {
	CorpID     string
	Event      string // EventExternalContact, EventExternalChat or EventExternalTag
	ChangeType string
	Deliveries []EventDelivery
}

// EventDelivery is the event as one receiver gets it: the fields after
// ToUserName, FromUserName (sys), CreateTime, MsgType, Event and ChangeType.
type EventDelivery struct {
	Receiver CallbackEntry
	// SuiteID, when set, makes this a third-party app's event: Receiver's
	// Callback is the suite's and the event is written in the suite form.
	SuiteID string
	Fields  []EventField
}

// EventField is one XML element of an event: text (CDATA), a number, or a
// list of <Item> texts.
type EventField struct {
	Name  string
	Text  string
	Num   int64
	IsNum bool
	Items []string
	// IsList marks Items as the value (an empty list is still written).
	IsList bool
}

// TextField is a CDATA element.
func TextField(name, text string) EventField { return EventField{Name: name, Text: text} }

// NumField is a number element.
func NumField(name string, n int64) EventField { return EventField{Name: name, Num: n, IsNum: true} }

// ItemsField is an element holding one <Item> per value.
func ItemsField(name string, items []string) EventField {
	return EventField{Name: name, Items: items, IsList: true}
}

// String is the field's value as text, for tests and logs.
func (f EventField) String() string {
	if f.IsNum {
		return strconv.FormatInt(f.Num, 10)
	}
	return f.Text
}

// externalEventLocked builds an event for every 客户联系 receiver; about
// names the member the event concerns ("" for none), and fields renders the
// event for one receiver (nil leaves the receiver out).
func (s *Store) externalEventLocked(c *corp, event, changeType, about string, fields func(cl ecCaller) []EventField) ExternalEvent {
	ev := ExternalEvent{CorpID: c.id, Event: event, ChangeType: changeType}
	ids := make([]int, 0, len(c.apps))
	for id, a := range c.apps {
		if a.suiteID != "" || c.customers.apps[id] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := c.apps[id]
		cb, suiteID := s.externalReceiverLocked(c, id, a)
		if cb == nil {
			continue
		}
		if about != "" {
			if m := c.memberLocked(about); m != nil && !c.visibleTo(a, m) {
				continue
			}
		}
		f := fields(c.appCaller(a))
		if f == nil {
			continue
		}
		ev.Deliveries = append(ev.Deliveries, EventDelivery{
			Receiver: CallbackEntry{CorpID: c.id, AgentID: id, Callback: *cb, Sensitive: a.SensitiveFields},
			SuiteID:  suiteID,
			Fields:   f,
		})
	}
	return ev
}

// externalReceiverLocked is where app id's 客户联系 events go: a
// third-party app's to its suite's 指令回调 (suiteID set), any other app's
// to its own callback; nil when that is not configured.
func (s *Store) externalReceiverLocked(c *corp, id int, a *app) (cb *fixtures.Callback, suiteID string) {
	if su, ok := s.suites.byID[a.suiteID]; ok && !su.fx.Customized() {
		return s.suiteConfigLocked(su).Callback, a.suiteID
	}
	return s.callbackLocked(c, id), ""
}

// contactEventLocked is a change_external_contact event about member
// userID and customer id (the corp's form), with extra fields after
// UserID and ExternalUserID.
func (s *Store) contactEventLocked(c *corp, changeType, userID, id string, extra ...EventField) ExternalEvent {
	return s.externalEventLocked(c, EventExternalContact, changeType, userID, func(cl ecCaller) []EventField {
		out := []EventField{TextField("UserID", userID), TextField("ExternalUserID", cl.outID(id))}
		return append(out, extra...)
	})
}
