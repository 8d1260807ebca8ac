package externalcontact

import (
	"encoding/json"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The message body of send_welcome_msg and add_msg_template: a text and up
// to 9 attachments (image, link, miniprogram, video, file)
// (https://developer.work.weixin.qq.com/document/path/92137, 92135). The
// catalog's parameter checks refuse a text over 4000 characters (45002)
// and more than 9 attachments (41064) before the body gets here.

type textJSON struct {
	Content string `json:"content"`
}

// attachmentJSON is one attachment: msgtype names the object it carries.
type attachmentJSON struct {
	MsgType     string          `json:"msgtype"`
	Image       json.RawMessage `json:"image"`
	Link        json.RawMessage `json:"link"`
	MiniProgram json.RawMessage `json:"miniprogram"`
	Video       json.RawMessage `json:"video"`
	File        json.RawMessage `json:"file"`
}

// object is the attachment's object for its msgtype, nil if the msgtype is
// unknown.
func (a attachmentJSON) object() (json.RawMessage, bool) {
	switch a.MsgType {
	case "image":
		return a.Image, true
	case "link":
		return a.Link, true
	case "miniprogram":
		return a.MiniProgram, true
	case "video":
		return a.Video, true
	case "file":
		return a.File, true
	}
	return nil, false
}

// customerMessageBody is the message part of the two APIs' JSON.
type customerMessageBody struct {
	Text        *textJSON        `json:"text"`
	Attachments []attachmentJSON `json:"attachments"`
}

// message checks the body and returns what the inbox keeps: 44004 with
// neither text nor attachments, 41065 for an attachment of an unknown type
// or without its object.
func (b customerMessageBody) message(api string, raw []byte) (store.CustomerMessage, error) {
	content := ""
	if b.Text != nil {
		content = b.Text.Content
	}
	if content == "" && len(b.Attachments) == 0 {
		return store.CustomerMessage{}, kernel.Err(errcode.EmptyContent)
	}
	for _, a := range b.Attachments {
		obj, known := a.object()
		if !known || kernel.RawJSONEmpty(obj) {
			return store.CustomerMessage{}, kernel.Err(errcode.InvalidAttachmentType)
		}
	}
	msgType := "text"
	if content == "" {
		msgType = b.Attachments[0].MsgType
	}
	return store.CustomerMessage{API: api, MsgType: msgType, Content: content, Body: raw}, nil
}
