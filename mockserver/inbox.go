package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
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

// MessageFilter selects inbox messages; zero fields match everything.
type MessageFilter struct {
	CorpID  string
	AgentID int
	// ToUser matches messages that reached this member (case-insensitive).
	ToUser string
	// MsgType matches the msgtype, e.g. "text".
	MsgType string
}

// Messages returns the delivered messages, oldest first, filtered by f. The
// inbox keeps the last 10 000 messages (and at most 64 MiB of bodies);
// duplicates suppressed by enable_duplicate_check are not in it. Reset and
// LoadFixtures empty it.
func (s *Server) Messages(f MessageFilter) []Message {
	msgs := s.store.Messages(store.MessageFilter(f))
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		out[i] = newMessage(m)
	}
	return out
}

// ClearMessages empties the inbox. Duplicate-check windows stay open: a
// cleared message still counts as delivered.
func (s *Server) ClearMessages() { s.store.ClearMessages() }

func newMessage(m store.Message) Message {
	out := Message{
		MsgID:        m.MsgID,
		Time:         m.Time,
		CorpID:       m.CorpID,
		AgentID:      m.AgentID,
		MsgType:      m.MsgType,
		Content:      m.Content,
		Recipients:   orEmpty(slices.Clone(m.UserIDs)),
		InvalidUser:  strings.Join(m.InvalidUsers, "|"),
		InvalidParty: strings.Join(m.InvalidParties, "|"),
		InvalidTag:   strings.Join(m.InvalidTags, "|"),
		ResponseCode: m.ResponseCode,
		Recalled:     m.Recalled,
		Body:         json.RawMessage(slices.Clone(m.Body)),
	}
	if m.Recalled {
		at := m.RecalledAt
		out.RecalledAt = &at
	}
	return out
}

// ctlMessages is GET /_mock/messages?corpid=&agentid=&touser=&msgtype=.
func (s *Server) ctlMessages(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := MessageFilter{CorpID: q.Get("corpid"), ToUser: q.Get("touser"), MsgType: q.Get("msgtype")}
	if a := q.Get("agentid"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n <= 0 {
			return nil, badRequest(`"agentid" must be a positive integer, got %q`, a)
		}
		f.AgentID = n
	}
	kept, total := s.store.MessageCounts()
	return map[string]any{"messages": s.Messages(f), "kept": kept, "total": total}, nil
}

// ctlClearMessages is DELETE /_mock/messages.
func (s *Server) ctlClearMessages(*http.Request) (any, error) {
	s.ClearMessages()
	return map[string]any{"messages": []Message{}}, nil
}
