package client

import (
	"context"
	"errors"
)

// Messages to customers: the welcome message (send_welcome_msg) and its
// attachments (https://developer.work.weixin.qq.com/document/path/92137).

// MaxAttachments is the most attachments a message to customers carries.
const MaxAttachments = 9

// Attachment is one attachment of a message to customers; set the field
// that MsgType names.
type Attachment struct {
	// MsgType is "image", "link", "miniprogram", "video" or "file".
	MsgType     string                 `json:"msgtype"`
	Image       *AttachmentImage       `json:"image,omitempty"`
	Link        *AttachmentLink        `json:"link,omitempty"`
	MiniProgram *AttachmentMiniProgram `json:"miniprogram,omitempty"`
	Video       *AttachmentMedia       `json:"video,omitempty"`
	File        *AttachmentMedia       `json:"file,omitempty"`
}

// AttachmentImage is an uploaded image (MediaID) or one on the web
// (PicURL); MediaID wins when both are set.
type AttachmentImage struct {
	MediaID string `json:"media_id,omitempty"`
	PicURL  string `json:"pic_url,omitempty"`
}

// AttachmentLink is a link card.
type AttachmentLink struct {
	Title  string `json:"title"`
	PicURL string `json:"picurl,omitempty"`
	Desc   string `json:"desc,omitempty"`
	URL    string `json:"url"`
}

// AttachmentMiniProgram is a mini-program card; the mini program must be
// bound to the corp.
type AttachmentMiniProgram struct {
	Title      string `json:"title"`
	PicMediaID string `json:"pic_media_id"`
	AppID      string `json:"appid"`
	Page       string `json:"page"`
}

// AttachmentMedia is an uploaded video or file.
type AttachmentMedia struct {
	MediaID string `json:"media_id"`
}

// ImageAttachment attaches an uploaded image.
func ImageAttachment(mediaID string) Attachment {
	return Attachment{MsgType: "image", Image: &AttachmentImage{MediaID: mediaID}}
}

// LinkAttachment attaches a link card.
func LinkAttachment(l AttachmentLink) Attachment {
	return Attachment{MsgType: "link", Link: &l}
}

// WelcomeMessage is the body of send_welcome_msg: the code of an
// add_external_contact event and a text and/or attachments.
type WelcomeMessage struct {
	WelcomeCode string
	// Text is at most 4000 characters.
	Text        string
	Attachments []Attachment
}

var errEmptyWelcome = errors.New("wecom /cgi-bin/externalcontact/send_welcome_msg: message has neither text nor attachments")

// SendWelcomeMsg greets a new customer on behalf of the member they added
// (POST /cgi-bin/externalcontact/send_welcome_msg). The welcome code comes
// with the add_external_contact event and works once, within 20 seconds.
// Errors to expect: errcode.InvalidWelcomeCode (41050) for a code that is
// used, expired or unknown, errcode.ChatAlreadyStarted (41051) when the
// member and the customer have already chatted.
func (c *Client) SendWelcomeMsg(ctx context.Context, m WelcomeMessage) error {
	if m.Text == "" && len(m.Attachments) == 0 {
		return errEmptyWelcome
	}
	type text struct {
		Content string `json:"content"`
	}
	in := struct {
		WelcomeCode string       `json:"welcome_code"`
		Text        *text        `json:"text,omitempty"`
		Attachments []Attachment `json:"attachments,omitempty"`
	}{WelcomeCode: m.WelcomeCode, Attachments: m.Attachments}
	if m.Text != "" {
		in.Text = &text{m.Text}
	}
	return c.postJSON(ctx, "/cgi-bin/externalcontact/send_welcome_msg", in, nil)
}
