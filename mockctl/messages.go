package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Message is a message an app sent through message/send, as the inbox keeps
// it: who it reached and what the app sent, byte for byte.
type Message struct {
	MsgID   string    `json:"msgid"`
	Time    time.Time `json:"time"` // virtual time of sending
	CorpID  string    `json:"corpid"`
	AgentID int       `json:"agentid"`
	MsgType string    `json:"msgtype"`
	// Content is text.content or markdown.content; empty for other types.
	Content string `json:"content,omitempty"`
	// Recipients are the members the message reached — touser, toparty
	// and totag expanded within the app's visible range — as spelled in the
	// fixtures, sorted.
	Recipients []string `json:"recipients"`
	// InvalidUser, InvalidParty and InvalidTag are the pipe-joined ids the
	// send reported as invalid.
	InvalidUser  string `json:"invaliduser"`
	InvalidParty string `json:"invalidparty"`
	InvalidTag   string `json:"invalidtag"`
	// ResponseCode is set for interactive template cards.
	ResponseCode string `json:"response_code,omitempty"`
	// Recalled reports a message/recall; RecalledAt is its virtual time.
	Recalled   bool       `json:"recalled"`
	RecalledAt *time.Time `json:"recalled_at,omitempty"`
	// Body is the request body of message/send as received.
	Body json.RawMessage `json:"body"`
}

// MessageFilter selects inbox messages; zero fields match everything. The
// control API takes it as the query of GET /_mock/messages.
type MessageFilter struct {
	CorpID  string
	AgentID int
	// ToUser matches messages that reached this member (case-insensitive).
	ToUser string
	// MsgType matches the msgtype, e.g. "text".
	MsgType string
}

// Inbox is the answer of GET /_mock/messages.
type Inbox struct {
	// Kept is how many messages the inbox holds; Total how many it has
	// received (the oldest are dropped past its size).
	Kept     int       `json:"kept"`
	Messages []Message `json:"messages"`
	Total    int64     `json:"total"`
}

// Messages returns the messages apps sent, oldest first.
func (c *Client) Messages(ctx context.Context, f MessageFilter) ([]Message, error) {
	q := url.Values{}
	if f.CorpID != "" {
		q.Set("corpid", f.CorpID)
	}
	if f.AgentID != 0 {
		q.Set("agentid", strconv.Itoa(f.AgentID))
	}
	if f.ToUser != "" {
		q.Set("touser", f.ToUser)
	}
	if f.MsgType != "" {
		q.Set("msgtype", f.MsgType)
	}
	p := "/_mock/messages"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	var out Inbox
	err := c.do(ctx, http.MethodGet, p, nil, &out)
	return out.Messages, err
}

// ClearMessages empties the inbox.
func (c *Client) ClearMessages(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/messages", nil, nil)
}
