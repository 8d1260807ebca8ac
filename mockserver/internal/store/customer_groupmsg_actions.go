package store

import (
	"errors"
	"slices"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// What happens to a mass message after add_msg_template: the app cancels
// it (cancel_groupmsg_send, https://developer.work.weixin.qq.com/document/path/97611)
// or reminds the members (remind_groupmsg_send, 97610), and a member sends
// their part from the WeCom client (the control API).

// Limits of reminders: at most MaxGroupMsgReminders per message in any
// GroupMsgReminderWindow ("24小时内每个群发最多触发三次提醒"); one more is
// 41094.
const (
	MaxGroupMsgReminders   = 3
	GroupMsgReminderWindow = 24 * time.Hour
)

// Refusals of the member's side (control API only).
var (
	ErrGroupMsgNotFound    = errors.New("store: no mass message has this msgid")
	ErrGroupMsgNoTask      = errors.New("store: the member has no task in this mass message")
	ErrGroupMsgCancelled   = errors.New("store: the mass message was cancelled")
	ErrGroupMsgAlreadySent = errors.New("store: the member already sent this mass message")
)

// CancelGroupMsg is cancel_groupmsg_send: the members' unsent tasks can no
// longer be sent. 41047 unknown msgid, 41093 already cancelled.
func (s *Store) CancelGroupMsg(tok Token, msgID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.groupMsgForCallLocked(tok, msgID)
	if err != nil {
		return err
	}
	m.cancelled = true
	return nil
}

// RemindGroupMsg is remind_groupmsg_send: the members are reminded of
// their unsent tasks (nothing an app can observe). 41047 unknown msgid,
// 41093 cancelled, 41094 past MaxGroupMsgReminders in a day.
func (s *Store) RemindGroupMsg(tok Token, msgID string) error {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.groupMsgForCallLocked(tok, msgID)
	if err != nil {
		return err
	}
	m.reminders = slices.DeleteFunc(m.reminders, func(at time.Time) bool {
		return !now.Before(at.Add(GroupMsgReminderWindow))
	})
	if len(m.reminders) >= MaxGroupMsgReminders {
		return errcode.GroupMsgRemindLimit
	}
	m.reminders = append(m.reminders, now)
	return nil
}

// groupMsgForCallLocked resolves the caller and a message that is not
// cancelled.
func (s *Store) groupMsgForCallLocked(tok Token, msgID string) (*groupMsg, error) {
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	m, err := cl.groupMsg(msgID)
	if err != nil {
		return nil, err
	}
	if m.cancelled {
		return nil, errcode.GroupMsgCancelled
	}
	return m, nil
}

// GroupMsgSent is what a member's sending did: their task afterwards and
// how many customers or groups got the message (Sent) or could not
// (Failed: customers who no longer follow the member).
type GroupMsgSent struct {
	Status   int
	SendTime int64
	Sent     int
	Failed   int
}

// SendGroupMsg has member userID send their part of a mass message from
// the WeCom client: the task is sent (status 2) now, each customer still
// following them gets it (status 1; else 2) and each group that still
// exists (a dismissed one stays unsent). Errors: ErrCorpNotFound,
// ErrGroupMsgNotFound, ErrGroupMsgNoTask, ErrGroupMsgCancelled,
// ErrGroupMsgAlreadySent — so concurrent sends of one task succeed once.
func (s *Store) SendGroupMsg(corpID, msgID, userID string) (GroupMsgSent, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return GroupMsgSent{}, ErrCorpNotFound
	}
	w := c.customers
	m := w.groupMsgs.byID[msgID]
	if m == nil {
		return GroupMsgSent{}, ErrGroupMsgNotFound
	}
	t := m.task(userID)
	switch {
	case t == nil:
		return GroupMsgSent{}, ErrGroupMsgNoTask
	case m.cancelled:
		return GroupMsgSent{}, ErrGroupMsgCancelled
	case t.status == GroupMsgTaskSent:
		return GroupMsgSent{}, ErrGroupMsgAlreadySent
	}
	t.status, t.sendTime = GroupMsgTaskSent, now
	out := GroupMsgSent{Status: t.status, SendTime: now.Unix()}
	for i := range t.results {
		r := &t.results[i]
		switch {
		case r.chatID != "" && w.groups.byID[r.chatID] == nil:
			continue
		case r.customer != "" && (w.customers[r.customer] == nil || w.customers[r.customer].follow(t.userID) == nil):
			r.status = GroupMsgResultNotFriend
			out.Failed++
			continue
		}
		r.status, r.sendTime = GroupMsgResultSent, now
		out.Sent++
	}
	return out, nil
}
