package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Messages returns the delivered messages, oldest first, filtered by f. The
// inbox keeps the last 10 000 messages (and at most 64 MiB of bodies);
// duplicates suppressed by enable_duplicate_check are not in it. Reset and
// LoadFixtures empty it.
// When f sets Limit or Cursor it returns that page (MessagesPage).
func (s *Server) Messages(f MessageFilter) []Message {
	if f.Limit != 0 || f.Cursor != "" {
		return s.MessagesPage(f).Messages
	}
	return newMessages(s.store.Messages(storeMessageFilter(f)))
}

func newMessages(msgs []store.Message) []Message {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		out[i] = newMessage(m)
	}
	return out
}

// storeMessageFilter is f without its paging.
func storeMessageFilter(f MessageFilter) store.MessageFilter {
	return store.MessageFilter{
		CorpID: f.CorpID, AgentID: f.AgentID, ToUser: f.ToUser, MsgType: f.MsgType,
		ToExternalUser: f.ToExternalUser, Channel: f.Channel, ChatID: f.ChatID, RobotKey: f.RobotKey,
	}
}

// ClearMessages empties the inbox. Duplicate-check windows stay open: a
// cleared message still counts as delivered.
func (s *Server) ClearMessages() { s.store.ClearMessages() }

func newMessage(m store.Message) Message {
	out := Message{
		Channel:      m.Channel,
		MsgID:        m.MsgID,
		Time:         m.Time,
		CorpID:       m.CorpID,
		AgentID:      m.AgentID,
		MsgType:      m.MsgType,
		Content:      m.Content,
		Recipients:   kernel.NonNil(slices.Clone(m.UserIDs)),
		InvalidUser:  strings.Join(m.InvalidUsers, "|"),
		InvalidParty: strings.Join(m.InvalidParties, "|"),
		InvalidTag:   strings.Join(m.InvalidTags, "|"),
		ResponseCode: m.ResponseCode,
		Recalled:     m.Recalled,
		Body:         json.RawMessage(slices.Clone(m.Body)),
		API:          m.API,
		Sender:       m.Sender,
		ChatIDs:      slices.Clone(m.ChatIDs),

		ExternalUserIDs: slices.Clone(m.ExternalUserIDs),
		RobotKey:        m.RobotKey,
		DroppedFor:      slices.Clone(m.DroppedFor),
	}
	if m.Recalled {
		at := m.RecalledAt
		out.RecalledAt = &at
	}
	out.Card = newCard(m.Card)
	return out
}

// ctlMessages is GET /_mock/messages?corpid=&agentid=&touser=&msgtype=&external_userid=&channel=&chatid=&key=&limit=&cursor=,
// streamed (control_paging.go).
func (s *Server) ctlMessages(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := MessageFilter{
		CorpID: q.Get("corpid"), ToUser: q.Get("touser"), MsgType: q.Get("msgtype"), ToExternalUser: q.Get("external_userid"),
		Channel: q.Get("channel"), ChatID: q.Get("chatid"), RobotKey: q.Get("key"),
	}
	switch f.Channel {
	case "", store.ChannelApp, store.ChannelRobot, store.ChannelAppChat, store.ChannelExternal:
	default:
		return nil, badRequest(`"channel" must be app, robot, appchat or external, got %q`, f.Channel)
	}
	if a := q.Get("agentid"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n <= 0 {
			return nil, badRequest(`"agentid" must be a positive integer, got %q`, a)
		}
		f.AgentID = n
	}
	page, err := pageOf(q)
	if err != nil {
		return nil, err
	}
	kept, total := s.store.MessageCounts()
	sf := storeMessageFilter(f)
	return pagedList[Message]{
		key: "messages", head: []jsonField{{"kept", kept}}, tail: []jsonField{{"total", total}}, page: page,
		fetch: func(from int64, n int) ([]Message, int64, bool) {
			msgs, next, more := s.store.MessagesPage(sf, from, n)
			return newMessages(msgs), next, more
		},
	}, nil
}

// ctlClearMessages is DELETE /_mock/messages.
func (s *Server) ctlClearMessages(*http.Request) (any, error) {
	s.ClearMessages()
	return map[string]any{"messages": []Message{}}, nil
}

// MessagesPage returns one page of the inbox: up to f.Limit messages
// (DefaultPageLimit when 0, at most MaxPageLimit) from f.Cursor, a
// NextCursor of an earlier page ("" for the oldest), and the next page's
// cursor, empty on the last page.
func (s *Server) MessagesPage(f MessageFilter) mockctl.Inbox {
	from, limit := pageArgs(f.Cursor, f.Limit)
	kept, total := s.store.MessageCounts()
	msgs, next, more := s.store.MessagesPage(storeMessageFilter(f), from, limit)
	return mockctl.Inbox{Kept: kept, Messages: newMessages(msgs), Total: total, NextCursor: nextCursor(next, more)}
}
