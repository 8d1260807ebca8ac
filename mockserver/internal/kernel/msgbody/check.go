package msgbody

import (
	"encoding/json"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

var (
	errContentTooLong  = &kernel.APIError{Code: errcode.ContentTooLong}
	errTooManyArticles = &kernel.APIError{Code: errcode.TooManyArticles}
	// errMarkdownTooLong is the observed 40058 for markdown over 4096 bytes.
	errMarkdownTooLong = &kernel.APIError{Code: errcode.InvalidParameter,
		Text: "markdown.content exceed max length 4096. Invalid input invalid Request Parameter"}
)

// Message size limits
// (https://developer.work.weixin.qq.com/document/path/90236), in bytes.
const (
	maxTextBytes     = 2048
	maxMarkdownBytes = 4096
	maxArticles      = 8
)

// Types are the msgtypes message/send accepts.
var Types = map[string]bool{
	"text": true, "image": true, "voice": true, "video": true, "file": true,
	"textcard": true, "news": true, "mpnews": true, "markdown": true,
	"miniprogram_notice": true, "template_card": true,
}

// interactiveCards are the template_card types whose send answers a
// response_code (for update_template_card).
var interactiveCards = map[string]bool{
	"button_interaction": true, "vote_interaction": true, "multiple_interaction": true,
}

// MediaExists reports whether media_id names unexpired media of the
// sending corp.
type MediaExists func(mediaID string) bool

// Payload is what a checked message carries that the sender needs.
type Payload struct {
	// Content is the text of a text or markdown message.
	Content string
	// Interactive marks a template card that answers a response_code.
	Interactive bool
}

type mediaRef struct {
	MediaID string `json:"media_id"`
}

type content struct {
	Content string `json:"content"`
}

// message is the part of a sending API's body that holds the message.
type message struct {
	Text     *content        `json:"text"`
	Markdown *content        `json:"markdown"`
	Image    *mediaRef       `json:"image"`
	Voice    *mediaRef       `json:"voice"`
	Video    *mediaRef       `json:"video"`
	File     *mediaRef       `json:"file"`
	TextCard json.RawMessage `json:"textcard"`
	News     *struct {
		Articles []json.RawMessage `json:"articles"`
	} `json:"news"`
	MPNews *struct {
		Articles []struct {
			ThumbMediaID string `json:"thumb_media_id"`
		} `json:"articles"`
	} `json:"mpnews"`
	MiniprogramNotice json.RawMessage `json:"miniprogram_notice"`
	TemplateCard      *struct {
		CardType string `json:"card_type"`
	} `json:"template_card"`
}

// Check validates the object named after msgtype in body (the whole JSON
// request) for a msgtype of Types. A missing object is "empty content"
// (44004); media ids must satisfy media (40007).
func Check(msgtype string, body []byte, media MediaExists) (Payload, error) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return Payload{}, kernel.WrongJSON()
	}
	ref := func(r *mediaRef) error {
		if r == nil || r.MediaID == "" || !media(r.MediaID) {
			return kernel.Err(errcode.InvalidMediaID)
		}
		return nil
	}
	empty := kernel.Err(errcode.EmptyContent)
	switch msgtype {
	case "text":
		switch {
		case m.Text == nil || m.Text.Content == "":
			return Payload{}, empty
		case len(m.Text.Content) > maxTextBytes:
			return Payload{}, errContentTooLong
		}
		return Payload{Content: m.Text.Content}, nil
	case "markdown":
		switch {
		case m.Markdown == nil || m.Markdown.Content == "":
			return Payload{}, empty
		case len(m.Markdown.Content) > maxMarkdownBytes:
			return Payload{}, errMarkdownTooLong
		}
		return Payload{Content: m.Markdown.Content}, nil
	case "image":
		return Payload{}, ref(m.Image)
	case "voice":
		return Payload{}, ref(m.Voice)
	case "video":
		return Payload{}, ref(m.Video)
	case "file":
		return Payload{}, ref(m.File)
	case "news":
		if m.News == nil || len(m.News.Articles) == 0 {
			return Payload{}, empty
		}
		if len(m.News.Articles) > maxArticles {
			return Payload{}, errTooManyArticles
		}
	case "mpnews":
		if m.MPNews == nil || len(m.MPNews.Articles) == 0 {
			return Payload{}, empty
		}
		if len(m.MPNews.Articles) > maxArticles {
			return Payload{}, errTooManyArticles
		}
		for _, a := range m.MPNews.Articles {
			if err := ref(&mediaRef{a.ThumbMediaID}); err != nil {
				return Payload{}, err
			}
		}
	case "textcard":
		if kernel.RawJSONEmpty(m.TextCard) {
			return Payload{}, empty
		}
	case "miniprogram_notice":
		if kernel.RawJSONEmpty(m.MiniprogramNotice) {
			return Payload{}, empty
		}
	case "template_card":
		if m.TemplateCard == nil {
			return Payload{}, empty
		}
		return Payload{Interactive: interactiveCards[m.TemplateCard.CardType]}, nil
	}
	return Payload{}, nil
}
