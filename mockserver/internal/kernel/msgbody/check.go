package msgbody

import (
	"encoding/json"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// checker checks the object of one msgtype (raw is neither absent nor null).
type checker func(raw json.RawMessage, media MediaExists) (Payload, error)

// checkers are the msgtypes message/send accepts, each with its check; one
// file per family: check_text.go, check_media.go, check_cards.go,
// check_news.go, check_template_card.go.
var checkers = map[string]checker{
	"text":               checkText,
	"markdown":           checkMarkdown,
	"image":              checkMediaRef,
	"voice":              checkMediaRef,
	"file":               checkMediaRef,
	"video":              checkVideo,
	"textcard":           checkTextCard,
	"miniprogram_notice": checkMiniprogramNotice,
	"news":               checkNews,
	"mpnews":             checkMPNews,
	"template_card":      checkTemplateCard,
}

// Types are the msgtypes message/send accepts.
var Types = func() map[string]bool {
	m := make(map[string]bool, len(checkers))
	for t := range checkers {
		m[t] = true
	}
	return m
}()

// MediaExists reports whether media_id names unexpired media of the
// sending corp.
type MediaExists func(mediaID string) bool

// Payload is what a checked message carries that the sender needs.
type Payload struct {
	// Content is the message's readable text (see Render).
	Content string
	// Interactive marks a template card that answers a response_code
	// (button_interaction, vote_interaction, multiple_interaction).
	Interactive bool
	// CardType is a template card's card_type.
	CardType string
	// TaskID is a template card's task_id ("" when it has none).
	TaskID string
}

// Check validates the object named after msgtype in body (the whole JSON
// request) for a msgtype of Types. A missing or null object is "empty
// content" (44004), for a media msgtype "invalid media_id" (40007); a field of the wrong JSON type is a malformed body
// (40058); media ids must satisfy media (40007). The rules of each msgtype,
// with their errcodes, are in docs/endpoints.md (message/send).
func Check(msgtype string, body []byte, media MediaExists) (Payload, error) {
	check, ok := checkers[msgtype]
	if !ok {
		return Payload{}, kernel.Err(errcode.InvalidMessageType)
	}
	var objects map[string]json.RawMessage
	if err := json.Unmarshal(body, &objects); err != nil {
		return Payload{}, kernel.WrongJSON()
	}
	raw := objects[msgtype]
	if kernel.RawJSONEmpty(raw) {
		if mediaTypes[msgtype] {
			return Payload{}, kernel.Err(errcode.InvalidMediaID)
		}
		return Payload{}, kernel.Err(errcode.EmptyContent)
	}
	p, err := check(raw, media)
	if err == nil && p.Content == "" {
		p.Content = Render(msgtype, raw)
	}
	return p, err
}

// decode reads a msgtype's object into v; a value of the wrong JSON type
// is WeCom's malformed-JSON answer.
func decode(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return kernel.WrongJSON()
	}
	return nil
}
