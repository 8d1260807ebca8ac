package client

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ToAll as the only ToUser entry addresses every member in the app's visible
// range; ToParty and ToTag are then ignored.
const ToAll = "@all"

// Message is an app message for message/send. Set at least one of ToUser,
// ToParty and ToTag, the app's AgentID (it must be the app whose secret the
// client uses), and a Body: Text, TextCard, Markdown, Image, File or RawBody.
type Message struct {
	ToUser  []string // userids, or []string{ToAll}
	ToParty []int    // department ids
	ToTag   []int    // tag ids
	AgentID int64
	Body    MessageBody
	// Safe marks the message confidential (no forwarding, watermarked).
	Safe bool
	// EnableIDTrans turns $userName=...$ and similar into names.
	EnableIDTrans bool
	// EnableDuplicateCheck drops an identical message sent again within
	// DuplicateCheckInterval (WeCom's default 1800 s when zero).
	EnableDuplicateCheck   bool
	DuplicateCheckInterval time.Duration
}

// MessageBody is the typed payload of a Message; MsgType names it.
type MessageBody interface {
	MsgType() string
}

// Text is a text message (content ≤2048 bytes; empty content fails with
// errcode.EmptyContent, 44004).
type Text struct {
	Content string `json:"content"`
}

// TextCard is a text card: a title, a description (a few HTML tags such as
// <div class="gray"> are allowed) and a link.
type TextCard struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	// BtnTxt is the link text, "详情" when empty.
	BtnTxt string `json:"btntxt,omitempty"`
}

// Markdown is a markdown message (the subset of markdown WeCom renders).
type Markdown struct {
	Content string `json:"content"`
}

// Image sends an uploaded image (see UploadMedia).
type Image struct {
	MediaID string `json:"media_id"`
}

// File sends an uploaded file (see UploadMedia).
type File struct {
	MediaID string `json:"media_id"`
}

// RawBody sends any other msgtype: Payload is marshalled as the object named
// Type (e.g. Type "template_card").
type RawBody struct {
	Type    string
	Payload any
}

// MsgType is "text".
func (Text) MsgType() string { return "text" }

// MsgType is "textcard".
func (TextCard) MsgType() string { return "textcard" }

// MsgType is "markdown".
func (Markdown) MsgType() string { return "markdown" }

// MsgType is "image".
func (Image) MsgType() string { return "image" }

// MsgType is "file".
func (File) MsgType() string { return "file" }

// MsgType is b.Type.
func (b RawBody) MsgType() string { return b.Type }

// NewTextMessage is a text message from app agentID to the given members.
func NewTextMessage(agentID int64, content string, toUser ...string) Message {
	return Message{AgentID: agentID, ToUser: toUser, Body: Text{Content: content}}
}

// NewTextCardMessage is a text card from app agentID to the given members.
func NewTextCardMessage(agentID int64, card TextCard, toUser ...string) Message {
	return Message{AgentID: agentID, ToUser: toUser, Body: card}
}

// NewMarkdownMessage is a markdown message from app agentID to the given
// members.
func NewMarkdownMessage(agentID int64, content string, toUser ...string) Message {
	return Message{AgentID: agentID, ToUser: toUser, Body: Markdown{Content: content}}
}

var errNoBody = errors.New("wecom /cgi-bin/message/send: message has no Body")

// MarshalJSON renders the body WeCom expects: recipients joined with "|",
// msgtype, agentid as a number, safe as 0/1, and the payload under its
// msgtype.
func (m Message) MarshalJSON() ([]byte, error) {
	if m.Body == nil || m.Body.MsgType() == "" {
		return nil, errNoBody
	}
	t := m.Body.MsgType()
	var payload any = m.Body
	if raw, ok := m.Body.(RawBody); ok {
		payload = raw.Payload
	}
	f := map[string]any{
		"msgtype": t,
		"agentid": m.AgentID,
		"safe":    boolInt(m.Safe),
		t:         payload,
	}
	if len(m.ToUser) > 0 {
		f["touser"] = strings.Join(m.ToUser, "|")
	}
	if len(m.ToParty) > 0 {
		f["toparty"] = joinInts(m.ToParty)
	}
	if len(m.ToTag) > 0 {
		f["totag"] = joinInts(m.ToTag)
	}
	if m.EnableIDTrans {
		f["enable_id_trans"] = 1
	}
	if m.EnableDuplicateCheck {
		f["enable_duplicate_check"] = 1
		if m.DuplicateCheckInterval > 0 {
			f["duplicate_check_interval"] = int64(m.DuplicateCheckInterval / time.Second)
		}
	}
	return marshalJSON(f)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func joinInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, "|")
}

// SendResult is the answer of message/send. A message is delivered to the
// valid recipients even when some are invalid; those are listed here.
type SendResult struct {
	// InvalidUser lists unknown or invisible userids (lower-cased by WeCom).
	InvalidUser  []string
	InvalidParty []string
	InvalidTag   []string
	// UnlicensedUser lists members without an API licence (newer answers).
	UnlicensedUser []string
	// MsgID identifies the message for message/recall.
	MsgID string
	// ResponseCode is set for interactive template cards: one
	// UpdateTemplateCard within 72 hours.
	ResponseCode string
}

type sendResponse struct {
	InvalidUser    string `json:"invaliduser"`
	InvalidParty   string `json:"invalidparty"`
	InvalidTag     string `json:"invalidtag"`
	UnlicensedUser string `json:"unlicenseduser"`
	MsgID          string `json:"msgid"`
	ResponseCode   string `json:"response_code"`
}

func (r *sendResponse) result() *SendResult {
	return &SendResult{
		InvalidUser:    splitPipe(r.InvalidUser),
		InvalidParty:   splitPipe(r.InvalidParty),
		InvalidTag:     splitPipe(r.InvalidTag),
		UnlicensedUser: splitPipe(r.UnlicensedUser),
		MsgID:          r.MsgID,
		ResponseCode:   r.ResponseCode,
	}
}

func splitPipe(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SendMessage sends an app message (POST /cgi-bin/message/send). Errors to
// expect: errcode.AllRecipientsInvalid (81013; the result is returned too,
// with the invalid lists), errcode.AllRecipientsEmpty (82001),
// errcode.EmptyContent (44004), errcode.AnotherAgent (301002, AgentID is not
// the client's app).
func (c *Client) SendMessage(ctx context.Context, m Message) (*SendResult, error) {
	if m.Body == nil {
		return nil, errNoBody
	}
	var out sendResponse
	err := c.postJSON(ctx, "/cgi-bin/message/send", m, &out)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		// 81013 still names the invalid recipients (and sometimes a msgid).
		var partial sendResponse
		if json.Unmarshal(apiErr.body, &partial) == nil && partial != (sendResponse{}) {
			return partial.result(), err
		}
	}
	if err != nil {
		return nil, err
	}
	return out.result(), nil
}
