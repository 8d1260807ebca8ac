package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The inbox in a state file: every message of every channel (app, robot,
// appchat, external), each interactive card's views, clicks and response
// codes (spent or not, with their expiry), and the duplicate-check windows
// still open. A restart restores them as they were (docs/control-api.md).

// StateInbox is the inbox of a state file.
type StateInbox struct {
	// Total counts the messages delivered, including those the inbox
	// dropped.
	Total int64 `json:"total"`
	// Messages are oldest first.
	Messages   []StateMessage   `json:"messages"`
	Duplicates []StateDuplicate `json:"duplicates,omitempty"`
}

// StateMessage is a message of the inbox; Body is the request body as
// received (base64 in the file).
type StateMessage struct {
	Channel         string     `json:"channel"`
	MsgID           string     `json:"msgid"`
	Time            time.Time  `json:"time"`
	CorpID          string     `json:"corpid,omitempty"`
	AgentID         int        `json:"agentid,omitempty"`
	MsgType         string     `json:"msgtype"`
	Content         string     `json:"content,omitempty"`
	Body            []byte     `json:"body"`
	UserIDs         []string   `json:"userids,omitempty"`
	InvalidUsers    []string   `json:"invalid_users,omitempty"`
	InvalidParties  []string   `json:"invalid_parties,omitempty"`
	InvalidTags     []string   `json:"invalid_tags,omitempty"`
	ResponseCode    string     `json:"response_code,omitempty"`
	Recalled        bool       `json:"recalled,omitempty"`
	RecalledAt      time.Time  `json:"recalled_at,omitzero"`
	API             string     `json:"api,omitempty"`
	Sender          string     `json:"sender,omitempty"`
	ExternalUserIDs []string   `json:"external_userids,omitempty"`
	ChatIDs         []string   `json:"chatids,omitempty"`
	RobotKey        string     `json:"robot_key,omitempty"`
	DroppedFor      []string   `json:"dropped_for,omitempty"`
	Card            *StateCard `json:"card,omitempty"`
}

// StateCard is an interactive card's state: the cards sent and put in by
// updates (Specs), the views referring to them (Views[0] is the card as
// sent), who sees which view, the clicks and the response codes.
type StateCard struct {
	Specs  []StateCardSpec     `json:"specs"`
	Views  []StateCardView     `json:"views"`
	ViewOf map[string]int      `json:"view_of,omitempty"`
	Seq    int                 `json:"seq"`
	Clicks []StateCardClick    `json:"clicks,omitempty"`
	Codes  []StateResponseCode `json:"response_codes,omitempty"`
}

// StateCardSpec is a template card and what can be clicked on it; Body is
// the template_card object as sent (base64 in the file).
type StateCardSpec struct {
	CardType    string              `json:"card_type"`
	TaskID      string              `json:"task_id,omitempty"`
	Body        []byte              `json:"body"`
	Buttons     []string            `json:"buttons,omitempty"`
	LinkButtons []string            `json:"link_buttons,omitempty"`
	SubmitKey   string              `json:"submit_key,omitempty"`
	Questions   []StateCardQuestion `json:"questions,omitempty"`
}

// StateCardQuestion is a part of a card where the member selects options.
type StateCardQuestion struct {
	Key      string   `json:"key"`
	Options  []string `json:"options"`
	Multiple bool     `json:"multiple,omitempty"`
	Selected []string `json:"selected,omitempty"`
}

// StateCardView is one state of a card: Spec indexes StateCard.Specs.
type StateCardView struct {
	Spec        int       `json:"spec"`
	ReplaceName string    `json:"replace_name,omitempty"`
	At          time.Time `json:"at,omitzero"`
	Seq         int       `json:"seq"`
}

// StateCardClick is a member's click on a card.
type StateCardClick struct {
	UserID       string         `json:"userid"`
	Key          string         `json:"key"`
	Selected     []SelectedItem `json:"selected_items,omitempty"`
	Time         time.Time      `json:"time"`
	ResponseCode string         `json:"response_code"`
}

// StateResponseCode is a card's response_code: good for one update until
// Expires, unless Used.
type StateResponseCode struct {
	Code    string    `json:"code"`
	Expires time.Time `json:"expires"`
	Used    bool      `json:"used,omitempty"`
}

// StateDuplicate is an app's open duplicate-check window
// (enable_duplicate_check).
type StateDuplicate struct {
	CorpID  string    `json:"corpid"`
	AgentID int       `json:"agentid"`
	Key     string    `json:"key"`
	MsgID   string    `json:"msgid"`
	SentAt  time.Time `json:"sent_at"`
	Until   time.Time `json:"until"`
}

// stateInbox is the server's inbox for a state file.
func (s *Server) stateInbox() *StateInbox {
	saved := s.store.SavedInbox()
	out := &StateInbox{Total: saved.Total, Messages: make([]StateMessage, len(saved.Messages))}
	for i, m := range saved.Messages {
		out.Messages[i] = stateMessage(m)
	}
	for _, d := range saved.Duplicates {
		out.Duplicates = append(out.Duplicates, StateDuplicate{CorpID: d.CorpID, AgentID: d.AgentID, Key: d.Key, MsgID: d.MsgID, SentAt: d.SentAt.UTC(), Until: d.Until.UTC()})
	}
	return out
}

func stateMessage(m store.SavedMessage) StateMessage {
	out := StateMessage{
		Channel: m.Channel, MsgID: m.MsgID, Time: m.Time.UTC(), CorpID: m.CorpID, AgentID: m.AgentID, MsgType: m.MsgType,
		Content: m.Content, Body: m.Body, UserIDs: m.UserIDs, InvalidUsers: m.InvalidUsers, InvalidParties: m.InvalidParties,
		InvalidTags: m.InvalidTags, ResponseCode: m.ResponseCode, Recalled: m.Recalled, RecalledAt: m.RecalledAt.UTC(),
		API: m.API, Sender: m.Sender, ExternalUserIDs: m.ExternalUserIDs, ChatIDs: m.ChatIDs, RobotKey: m.RobotKey,
		DroppedFor: m.DroppedFor,
	}
	if m.RecalledAt.IsZero() {
		out.RecalledAt = time.Time{}
	}
	if c := m.Card; c != nil {
		sc := &StateCard{ViewOf: c.ViewOf, Seq: c.Seq}
		for _, sp := range c.Specs {
			ss := StateCardSpec{CardType: sp.CardType, TaskID: sp.TaskID, Body: sp.Body, Buttons: sp.Buttons,
				LinkButtons: sp.LinkButtons, SubmitKey: sp.SubmitKey}
			for _, q := range sp.Questions {
				ss.Questions = append(ss.Questions, StateCardQuestion{Key: q.Key, Options: q.Options, Multiple: q.Multiple, Selected: q.Selected})
			}
			sc.Specs = append(sc.Specs, ss)
		}
		for _, v := range c.Views {
			at := v.At.UTC()
			if v.At.IsZero() {
				at = time.Time{}
			}
			sc.Views = append(sc.Views, StateCardView{Spec: v.Spec, ReplaceName: v.ReplaceName, At: at, Seq: v.Seq})
		}
		for _, k := range c.Clicks {
			sc.Clicks = append(sc.Clicks, StateCardClick{UserID: k.UserID, Key: k.Key, Selected: ctlSelection(k.Selected), Time: k.Time.UTC(), ResponseCode: k.ResponseCode})
		}
		for _, code := range c.Codes {
			sc.Codes = append(sc.Codes, StateResponseCode{Code: code.Code, Expires: code.Expires.UTC(), Used: code.Used})
		}
		out.Card = sc
	}
	return out
}

// savedMessage is m for the store.
func (m *StateMessage) saved() store.SavedMessage {
	out := store.SavedMessage{Message: store.Message{
		Channel: m.Channel, MsgID: m.MsgID, Time: m.Time, CorpID: m.CorpID, AgentID: m.AgentID, MsgType: m.MsgType,
		Content: m.Content, Body: m.Body, ResponseCode: m.ResponseCode, Recalled: m.Recalled, RecalledAt: m.RecalledAt,
		API: m.API, Sender: m.Sender, ExternalUserIDs: m.ExternalUserIDs, ChatIDs: m.ChatIDs, RobotKey: m.RobotKey,
		DroppedFor: m.DroppedFor,
		Resolution: store.Resolution{UserIDs: m.UserIDs, InvalidUsers: m.InvalidUsers, InvalidParties: m.InvalidParties, InvalidTags: m.InvalidTags},
	}}
	if c := m.Card; c != nil {
		sc := &store.SavedCard{ViewOf: c.ViewOf, Seq: c.Seq}
		for _, sp := range c.Specs {
			ss := store.CardSpec{CardType: sp.CardType, TaskID: sp.TaskID, Body: sp.Body, Buttons: sp.Buttons,
				LinkButtons: sp.LinkButtons, SubmitKey: sp.SubmitKey}
			for _, q := range sp.Questions {
				ss.Questions = append(ss.Questions, store.CardQuestion{Key: q.Key, Options: q.Options, Multiple: q.Multiple, Selected: q.Selected})
			}
			sc.Specs = append(sc.Specs, ss)
		}
		for _, v := range c.Views {
			sc.Views = append(sc.Views, store.SavedCardView{Spec: v.Spec, ReplaceName: v.ReplaceName, At: v.At, Seq: v.Seq})
		}
		for _, k := range c.Clicks {
			sc.Clicks = append(sc.Clicks, store.CardClick{UserID: k.UserID, Key: k.Key, Selected: storeSelection(k.Selected), Time: k.Time, ResponseCode: k.ResponseCode})
		}
		for _, code := range c.Codes {
			sc.Codes = append(sc.Codes, store.SavedResponseCode{Code: code.Code, Expires: code.Expires, Used: code.Used})
		}
		out.Card = sc
	}
	return out
}

// savedInbox is in for the store.
func (in *StateInbox) saved() store.SavedInbox {
	out := store.SavedInbox{Total: in.Total, Messages: make([]store.SavedMessage, len(in.Messages))}
	for i := range in.Messages {
		out.Messages[i] = in.Messages[i].saved()
	}
	for _, d := range in.Duplicates {
		out.Duplicates = append(out.Duplicates, store.SavedDuplicate{CorpID: d.CorpID, AgentID: d.AgentID, Key: d.Key, MsgID: d.MsgID, SentAt: d.SentAt, Until: d.Until})
	}
	return out
}

// parseStateInbox decodes and checks the "messages" part of a state file:
// an error names the message at fault.
func parseStateInbox(raw json.RawMessage) (*StateInbox, error) {
	var in StateInbox
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	if in.Total < 0 {
		return nil, fmt.Errorf("messages: total %d is negative", in.Total)
	}
	seen := make(map[string]bool, len(in.Messages))
	for i := range in.Messages {
		m := &in.Messages[i]
		if seen[m.MsgID] {
			return nil, fmt.Errorf("messages[%d]: msgid %q appears twice", i, m.MsgID)
		}
		seen[m.MsgID] = true
		sm := m.saved()
		if err := store.CheckSavedMessage(&sm); err != nil {
			return nil, fmt.Errorf("messages[%d] (msgid %q): %s", i, m.MsgID, plainWords(err))
		}
	}
	for i, d := range in.Duplicates {
		if d.Key == "" || d.MsgID == "" || d.Until.Before(d.SentAt) {
			return nil, fmt.Errorf("messages: duplicates[%d]: needs a key, a msgid and until after sent_at", i)
		}
	}
	// Restoring keeps the inbox's cap: the newest messages only.
	if n := store.DefaultInboxSize; len(in.Messages) > n {
		in.Messages = slices.Clone(in.Messages[len(in.Messages)-n:])
	}
	return &in, nil
}
