package callback

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Event is one decrypted callback: a message or event delivered to an app
// (MsgType set) or a suite (指令回调) event (InfoType set).
//
// [Parse] returns one of the pointer types of this package: *TextMessage,
// *ImageMessage, *VoiceMessage, *VideoMessage, *LocationMessage,
// *LinkMessage, *SubscribeEvent, *UnsubscribeEvent, *EnterAgentEvent,
// *LocationEvent, *MenuClickEvent, *ScanCodeEvent, *PicEvent,
// *LocationSelectEvent, *BatchJobResultEvent, *ChangeContactEvent,
// *ChangeExternalContactEvent, *ChangeExternalChatEvent,
// *ChangeExternalTagEvent, *SuiteTicketEvent, *CreateAuthEvent,
// *ChangeAuthEvent, *CancelAuthEvent, *ResetPermanentCodeEvent,
// *SuiteChangeContactEvent, *SuiteChangeExternalContactEvent,
// *SuiteChangeExternalChatEvent, *SuiteChangeExternalTagEvent, or *RawEvent
// for anything else.
type Event interface {
	// Kind names the event: the Event value for events ("click",
	// "change_contact", "LOCATION"), the InfoType for suite events
	// ("suite_ticket", "create_auth") and the MsgType for messages ("text").
	Kind() string
	// Raw returns the decrypted XML the event was parsed from. Callers must
	// not modify it.
	Raw() []byte
	// Has reports whether the decrypted XML carried the top-level element
	// name (case-sensitive), telling an absent field from an empty one:
	// update_user deliveries carry only the fields that changed.
	Has(element string) bool
}

// ErrInvalidMessage is matched (errors.Is) by every [Parse] failure: the
// decrypted text is not well-formed XML, or carries neither MsgType nor
// InfoType.
var ErrInvalidMessage = errors.New("callback: invalid message XML")

// base carries what every event keeps of its source.
type base struct {
	raw      []byte
	elements []string // top-level element names, in document order
}

// Raw returns the decrypted XML the event was parsed from.
func (b base) Raw() []byte { return b.raw }

// Has reports whether the decrypted XML has the top-level element.
func (b base) Has(element string) bool {
	for _, e := range b.elements {
		if e == element {
			return true
		}
	}
	return false
}

func (b *base) setBase(src base) { *b = src }

// MessageHeader holds the fields common to every message and event
// delivered to an app.
type MessageHeader struct {
	base         `xml:"-"`
	ToUserName   string `xml:"ToUserName"`   // corpid
	FromUserName string `xml:"FromUserName"` // sender userid; "sys" for change_contact
	CreateTime   int64  `xml:"CreateTime"`   // Unix seconds
	MsgType      string `xml:"MsgType"`
	AgentID      int    `xml:"AgentID"` // 0 when absent (change_contact)
}

// Kind returns MsgType.
func (h MessageHeader) Kind() string { return h.MsgType }

// EventHeader is the header of an event (MsgType "event").
type EventHeader struct {
	MessageHeader
	Event string `xml:"Event"`
}

// Kind returns the Event value.
func (h EventHeader) Kind() string { return h.Event }

// SuiteHeader holds the fields common to every suite callback
// (https://developer.work.weixin.qq.com/document/path/97172).
type SuiteHeader struct {
	base      `xml:"-"`
	SuiteId   string `xml:"SuiteId"` // SuiteId, or the 代开发 template id
	InfoType  string `xml:"InfoType"`
	TimeStamp int64  `xml:"TimeStamp"` // Unix seconds
}

// Kind returns InfoType.
func (h SuiteHeader) Kind() string { return h.InfoType }

// RawEvent is a callback of a kind this package has no type for (or whose
// typed fields did not parse; see Err). Nothing is lost: Raw returns the whole
// decrypted XML and Unmarshal decodes it into an application type.
type RawEvent struct {
	base
	ToUserName   string
	FromUserName string
	MsgType      string
	Event        string
	ChangeType   string
	InfoType     string
	SuiteId      string
	// Err is non-nil when the kind is known but a typed field failed to
	// parse (e.g. a non-numeric CreateTime or Department); the handler still
	// calls the Func with the RawEvent rather than refusing the delivery.
	Err error
}

// Kind returns InfoType, else Event, else MsgType.
func (e *RawEvent) Kind() string {
	switch {
	case e.InfoType != "":
		return e.InfoType
	case e.Event != "":
		return e.Event
	}
	return e.MsgType
}

// Unmarshal decodes the raw XML into v with encoding/xml.
func (e *RawEvent) Unmarshal(v any) error { return xml.Unmarshal(e.raw, v) }

// probe is the first, string-only pass over the decrypted XML: it never fails
// on well-formed XML and gives the dispatch and de-duplication keys.
type probe struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   string `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Event        string `xml:"Event"`
	ChangeType   string `xml:"ChangeType"`
	MsgId        string `xml:"MsgId"`
	InfoType     string `xml:"InfoType"`
	SuiteId      string `xml:"SuiteId"`
	TimeStamp    string `xml:"TimeStamp"`
}

func (p *probe) suite() bool { return p.InfoType != "" }

// Parse decodes a decrypted callback XML (what wxcrypt's Decrypt returns)
// into a typed Event. It needs no HTTP and no keys, so it also serves tests
// and queue consumers.
//
// XML that is not well-formed, or carries neither MsgType nor InfoType,
// yields an error matching [ErrInvalidMessage]. A kind without a type of its
// own yields a *RawEvent; so does a known kind whose typed fields do not
// parse, with RawEvent.Err set.
func Parse(data []byte) (Event, error) {
	ev, _, err := parse(data)
	return ev, err
}

func parse(data []byte) (Event, *probe, error) {
	var p probe
	if err := xml.Unmarshal(data, &p); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidMessage, err)
	}
	if p.MsgType == "" && p.InfoType == "" {
		return nil, nil, fmt.Errorf("%w: neither MsgType nor InfoType", ErrInvalidMessage)
	}
	elements, err := topLevelElements(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidMessage, err)
	}
	b := base{raw: data, elements: elements}

	target := newTyped(&p)
	if target == nil {
		return p.raw(b, nil), &p, nil
	}
	if err := xml.Unmarshal(data, target); err != nil {
		return p.raw(b, err), &p, nil
	}
	if f, ok := target.(interface{ finish() error }); ok {
		if err := f.finish(); err != nil {
			return p.raw(b, err), &p, nil
		}
	}
	target.(interface{ setBase(base) }).setBase(b)
	return target.(Event), &p, nil
}

func (p *probe) raw(b base, err error) *RawEvent {
	return &RawEvent{
		base:         b,
		ToUserName:   p.ToUserName,
		FromUserName: p.FromUserName,
		MsgType:      p.MsgType,
		Event:        p.Event,
		ChangeType:   p.ChangeType,
		InfoType:     p.InfoType,
		SuiteId:      p.SuiteId,
		Err:          err,
	}
}

// newTyped returns a pointer to the zero value of the type for the probed
// kind, or nil for an unknown kind.
func newTyped(p *probe) any {
	if p.suite() {
		switch p.InfoType {
		case "suite_ticket":
			return new(SuiteTicketEvent)
		case "create_auth":
			return new(CreateAuthEvent)
		case "change_auth":
			return new(ChangeAuthEvent)
		case "cancel_auth":
			return new(CancelAuthEvent)
		case "reset_permanent_code":
			return new(ResetPermanentCodeEvent)
		case "change_contact":
			return new(SuiteChangeContactEvent)
		case "change_external_contact":
			return new(SuiteChangeExternalContactEvent)
		case "change_external_chat":
			return new(SuiteChangeExternalChatEvent)
		case "change_external_tag":
			return new(SuiteChangeExternalTagEvent)
		}
		return nil
	}
	if p.MsgType == "event" {
		switch p.Event {
		case "subscribe":
			return new(SubscribeEvent)
		case "unsubscribe":
			return new(UnsubscribeEvent)
		case "enter_agent":
			return new(EnterAgentEvent)
		case "LOCATION":
			return new(LocationEvent)
		case "click", "view":
			return new(MenuClickEvent)
		case "template_card_event":
			return new(TemplateCardEvent)
		case "scancode_push", "scancode_waitmsg":
			return new(ScanCodeEvent)
		case "pic_sysphoto", "pic_photo_or_album", "pic_weixin":
			return new(PicEvent)
		case "location_select":
			return new(LocationSelectEvent)
		case "batch_job_result":
			return new(BatchJobResultEvent)
		case "change_contact":
			return new(ChangeContactEvent)
		case "change_external_contact":
			return new(ChangeExternalContactEvent)
		case "change_external_chat":
			return new(ChangeExternalChatEvent)
		case "change_external_tag":
			return new(ChangeExternalTagEvent)
		}
		return nil
	}
	switch p.MsgType {
	case "text":
		return new(TextMessage)
	case "image":
		return new(ImageMessage)
	case "voice":
		return new(VoiceMessage)
	case "video":
		return new(VideoMessage)
	case "location":
		return new(LocationMessage)
	case "link":
		return new(LinkMessage)
	}
	return nil
}

// topLevelElements lists the names of the root element's children.
func topLevelElements(data []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var names []string
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return names, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				names = append(names, t.Name.Local)
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				return names, nil // ignore anything after the root element
			}
		}
	}
}
