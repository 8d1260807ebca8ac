package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Message is a message an app sent, as the inbox keeps it: who it reached
// and what the app sent, byte for byte. Most come from message/send; those
// to customers (客户联系: send_welcome_msg, add_msg_template) name their API,
// their sender and the customers or customer groups they address.
type Message struct {
	// Channel is how the message reached people: "app" (message/send),
	// "robot" (a group robot), "appchat" (an app's group chat) or
	// "external" (客户联系, to customers).
	Channel string    `json:"channel"`
	MsgID   string    `json:"msgid"`
	Time    time.Time `json:"time"` // virtual time of sending
	CorpID  string    `json:"corpid"`
	AgentID int       `json:"agentid"`
	MsgType string    `json:"msgtype"`
	// Content is the message's readable text: the content of text and
	// markdown (markdown_v2) messages, the title and description of a
	// textcard, mini-program notice or video, news articles' titles, a
	// template card's titles; empty for media.
	Content string `json:"content,omitempty"`
	// Recipients are the members the message reached — touser, toparty
	// and totag expanded within the app's visible range; for a robot, the
	// members it mentions (@all: the robot's corp) — as spelled in the
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
	// Card is an interactive template card's state: what each recipient
	// sees after updates, and the clicks.
	Card *Card `json:"card,omitempty"`
	// Body is the request body as received.
	Body json.RawMessage `json:"body"`
	// API is the path of a message not sent through message/send.
	API string `json:"api,omitempty"`
	// Sender is the member a message to customers is sent as.
	Sender string `json:"sender,omitempty"`
	// ExternalUserIDs and ChatIDs are the customers and customer groups a
	// 客户联系 message is addressed to.
	ExternalUserIDs []string `json:"external_userid,omitempty"`
	// ChatIDs are the customer groups (external) or the app group chat
	// (appchat) the message went to.
	ChatIDs []string `json:"chat_id,omitempty"`
	// RobotKey is the webhook key of a robot's message.
	RobotKey string `json:"robot_key,omitempty"`
	// DroppedFor are the recipients the message was dropped for, past
	// WeCom's per-member sending limit (only with the limits on).
	DroppedFor []string `json:"dropped_for,omitempty"`
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
	// ToExternalUser matches messages addressed to this customer
	// (external_userid in the corp's own form).
	ToExternalUser string
	// Channel matches the channel ("app", "robot", "appchat", "external");
	// ChatID one of the message's chats; RobotKey its robot's webhook key.
	Channel  string
	ChatID   string
	RobotKey string
	// Limit and Cursor read one page (?limit=&cursor=): up to Limit
	// messages (500 when only Cursor is set, at most 5000) from Cursor, a
	// NextCursor of an earlier page ("" for the oldest). Both zero read
	// every message.
	Limit  int
	Cursor string
}

// Inbox is the answer of GET /_mock/messages.
type Inbox struct {
	// Kept is how many messages the inbox holds; Total how many it has
	// received (the oldest are dropped past its size).
	Kept     int       `json:"kept"`
	Messages []Message `json:"messages"`
	Total    int64     `json:"total"`
	// NextCursor, on a page, is the Cursor of the next one; empty on the
	// last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// Messages returns the messages apps sent, oldest first (one page when f
// sets Limit or Cursor).
func (c *Client) Messages(ctx context.Context, f MessageFilter) ([]Message, error) {
	out, err := c.MessagesPage(ctx, f)
	return out.Messages, err
}

// MessagesPage returns the inbox answer for f: a page and its NextCursor
// when f sets Limit or Cursor, every message otherwise.
func (c *Client) MessagesPage(ctx context.Context, f MessageFilter) (Inbox, error) {
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
	if f.ToExternalUser != "" {
		q.Set("external_userid", f.ToExternalUser)
	}
	for k, v := range map[string]string{"channel": f.Channel, "chatid": f.ChatID, "key": f.RobotKey} {
		if v != "" {
			q.Set(k, v)
		}
	}
	setPage(q, f.Limit, f.Cursor)
	p := "/_mock/messages"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	var out Inbox
	err := c.do(ctx, http.MethodGet, p, nil, &out)
	return out, err
}

// setPage adds ?limit= and ?cursor= when set.
func setPage(q url.Values, limit int, cursor string) {
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
}

// ClearMessages empties the inbox.
func (c *Client) ClearMessages(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/messages", nil, nil)
}
