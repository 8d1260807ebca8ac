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

// ctlMessages is GET /_mock/messages?corpid=&agentid=&touser=&msgtype=&external_userid=&channel=&chatid=&key=.
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
	kept, total := s.store.MessageCounts()
	return mockctl.Inbox{Messages: s.Messages(f), Kept: kept, Total: total}, nil
}

// ctlClearMessages is DELETE /_mock/messages.
func (s *Server) ctlClearMessages(*http.Request) (any, error) {
	s.ClearMessages()
	return map[string]any{"messages": []Message{}}, nil
}
