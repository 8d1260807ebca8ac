package store

import (
	"slices"
	"strings"
	"time"
)

// Mass messages to customers and customer groups (企业群发): add_msg_template
// creates one (https://developer.work.weixin.qq.com/document/path/92135) with a
// task for each member who is to send it; the member confirms in the WeCom
// client (the control API's POST /_mock/externalcontact/groupmsg/send) and
// only then do the customers or groups receive it. The reads of 93338 show
// the messages, the tasks and the per-customer results; cancel_groupmsg_send
// (97611) stops the unsent tasks and remind_groupmsg_send (97610) reminds
// the members. This file holds the table; customer_groupmsg_add.go creates
// messages, customer_groupmsg_read.go reads them and
// customer_groupmsg_actions.go cancels, reminds and sends.

// Chat types of a mass message.
const (
	GroupMsgSingle = "single" // to customers (the default)
	GroupMsgGroup  = "group"  // to customer groups
)

// Statuses of a member's task (get_groupmsg_task): 0 未发送, 2 已发送.
const (
	GroupMsgTaskUnsent = 0
	GroupMsgTaskSent   = 2
)

// Statuses of a send result (get_groupmsg_send_result).
const (
	GroupMsgResultUnsent    = 0
	GroupMsgResultSent      = 1
	GroupMsgResultNotFriend = 2 // the customer no longer follows the member
)

// Bounds of a corp's mass messages. Past either, the oldest messages are
// forgotten (their msgid answers 41047 afterwards), as the inbox forgets
// its oldest messages.
const (
	MaxGroupMsgs = 10_000
	// MaxGroupMsgBytes bounds what the kept messages hold: their
	// attachments and text, and groupMsgEntryBytes per task and result.
	MaxGroupMsgBytes = 32 << 20
	// groupMsgEntryBytes is what one task or result is counted as.
	groupMsgEntryBytes = 64
)

// groupMsg is one mass message. It changes in place under the store's
// write lock; readers copy what they hand out.
type groupMsg struct {
	id          string
	chatType    string
	createdAt   time.Time
	content     string // text.content
	attachments []byte // the attachments as sent, a JSON array (nil: none)
	allowSelect bool
	cancelled   bool
	reminders   []time.Time // remind_groupmsg_send calls of the last day
	tasks       []*groupMsgTask
}

// groupMsgTask is one member's part: the customers or groups they send to.
type groupMsgTask struct {
	userID   string
	status   int
	sendTime time.Time
	results  []groupMsgResult
}

// groupMsgResult is one customer (the corp's external_userid) or group of
// a task.
type groupMsgResult struct {
	customer string
	chatID   string
	status   int
	sendTime time.Time
}

// task returns member userID's task, or nil.
func (m *groupMsg) task(userID string) *groupMsgTask {
	for _, t := range m.tasks {
		if strings.EqualFold(t.userID, userID) {
			return t
		}
	}
	return nil
}

// size is what m counts towards MaxGroupMsgBytes.
func (m *groupMsg) size() int {
	n := len(m.content) + len(m.attachments) + len(m.id)
	for _, t := range m.tasks {
		n += groupMsgEntryBytes * (1 + len(t.results))
	}
	return n
}

// groupMsgTable holds a corp's mass messages, oldest first.
type groupMsgTable struct {
	byID  map[string]*groupMsg
	order []*groupMsg
	bytes int
}

func newGroupMsgTable() groupMsgTable { return groupMsgTable{byID: map[string]*groupMsg{}} }

// add keeps m, forgetting the oldest messages past the bounds.
func (t *groupMsgTable) add(m *groupMsg) {
	t.byID[m.id] = m
	t.order = append(t.order, m)
	t.bytes += m.size()
	drop := 0
	for len(t.order)-drop > MaxGroupMsgs || t.bytes > MaxGroupMsgBytes && len(t.order)-drop > 1 {
		old := t.order[drop]
		delete(t.byID, old.id)
		t.bytes -= old.size()
		drop++
	}
	if drop > 0 {
		t.order = slices.Delete(t.order, 0, drop)
	}
}

// renameMember follows a member's userid change in every task, so the
// member's mass messages stay theirs under the new userid.
func (t *groupMsgTable) renameMember(from, to string) {
	for _, m := range t.order {
		if task := m.task(from); task != nil {
			task.userID = to
		}
	}
}
