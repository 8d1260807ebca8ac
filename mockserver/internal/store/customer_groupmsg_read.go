package store

import (
	"slices"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Reading mass messages: get_groupmsg_list_v2, get_groupmsg_task and
// get_groupmsg_send_result
// (https://developer.work.weixin.qq.com/document/path/93338). An app sees
// the tasks and results of the members in its visible range, and the
// messages with at least one of them.

// Limits of the reads. A limit above its maximum (or none) is the
// default, as documented ("超过最大值时取默认值").
const (
	MaxGroupMsgListLimit     = 100
	DefaultGroupMsgListLimit = 50
	MaxGroupMsgTaskLimit     = 1000
	DefaultGroupMsgTaskLimit = 500
	// MaxGroupMsgListSpan bounds end_time - start_time ("起止时间间隔不能
	// 超过1个月"; the mock counts a month as 31 days).
	MaxGroupMsgListSpan = 31 * 24 * time.Hour
)

// Creators of get_groupmsg_list_v2's filter_type and create_type.
const (
	GroupMsgByCorp     = 0 // 企业发表: add_msg_template
	GroupMsgByMember   = 1 // 个人发表 (the mock has none)
	GroupMsgAnyCreator = 2
)

// GroupMsgFilter is the query of get_groupmsg_list_v2.
type GroupMsgFilter struct {
	ChatType   string
	Start, End int64 // Unix seconds, both included
	Creator    string
	FilterType int // GroupMsgByCorp, GroupMsgByMember or GroupMsgAnyCreator
	Limit      int
	Cursor     string
}

// GroupMsgSummary is one entry of get_groupmsg_list_v2.
type GroupMsgSummary struct {
	MsgID       string
	Creator     string // "" for a message created through the API
	CreateTime  int64
	CreateType  int
	Content     string
	Attachments []byte // JSON array as sent, nil for none
}

// GroupMsgPage is one page of get_groupmsg_list_v2.
type GroupMsgPage struct {
	Msgs       []GroupMsgSummary
	NextCursor string
}

// ListGroupMsgs is get_groupmsg_list_v2: the corp's messages of the chat
// type created in [Start, End], oldest first. 40058 for a negative start,
// an end before the start or a span over MaxGroupMsgListSpan. Messages created through the
// API have no creator, so a creator filter or filter_type 1 leaves them
// out.
func (s *Store) ListGroupMsgs(tok Token, f GroupMsgFilter) (GroupMsgPage, error) {
	if f.Start < 0 || f.End < f.Start || f.End-f.Start > int64(MaxGroupMsgListSpan/time.Second) {
		return GroupMsgPage{}, errcode.InvalidParameter
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupMsgPage{}, err
	}
	var hits []*groupMsg
	if f.Creator == "" && f.FilterType != GroupMsgByMember {
		for _, m := range cl.w.groupMsgs.order {
			t := m.createdAt.Unix()
			if m.chatType == f.ChatType && t >= f.Start && t <= f.End && cl.seesGroupMsg(m) {
				hits = append(hits, m)
			}
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxGroupMsgListLimit {
		limit = DefaultGroupMsgListLimit
	}
	from, to, next, err := page(len(hits), f.Cursor, limit)
	if err != nil {
		return GroupMsgPage{}, err
	}
	out := GroupMsgPage{Msgs: make([]GroupMsgSummary, 0, to-from), NextCursor: next}
	for _, m := range hits[from:to] {
		out.Msgs = append(out.Msgs, GroupMsgSummary{
			MsgID: m.id, CreateTime: m.createdAt.Unix(), CreateType: GroupMsgByCorp,
			Content: m.content, Attachments: slices.Clone(m.attachments),
		})
	}
	return out, nil
}

// seesGroupMsg reports whether the caller sees a sender of m.
func (cl ecCaller) seesGroupMsg(m *groupMsg) bool {
	return slices.ContainsFunc(m.tasks, func(t *groupMsgTask) bool { return cl.seesMember(t.userID) })
}

// groupMsg resolves a msgid: 41047 for one the corp does not have (or no
// longer keeps) or whose senders the caller sees none of.
func (cl ecCaller) groupMsg(msgID string) (*groupMsg, error) {
	m := cl.w.groupMsgs.byID[msgID]
	if m == nil || !cl.seesGroupMsg(m) {
		return nil, errcode.InvalidGroupMsgID
	}
	return m, nil
}

// GroupMsgTask is one entry of get_groupmsg_task; SendTime is 0 until sent.
type GroupMsgTask struct {
	UserID   string
	Status   int
	SendTime int64
}

// GroupMsgTasks is get_groupmsg_task: the message's tasks of the members
// the caller sees, limit a page.
func (s *Store) GroupMsgTasks(tok Token, msgID, cursor string, limit int) ([]GroupMsgTask, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, "", err
	}
	m, err := cl.groupMsg(msgID)
	if err != nil {
		return nil, "", err
	}
	var tasks []*groupMsgTask
	for _, t := range m.tasks {
		if cl.seesMember(t.userID) {
			tasks = append(tasks, t)
		}
	}
	if limit <= 0 || limit > MaxGroupMsgTaskLimit {
		limit = DefaultGroupMsgTaskLimit
	}
	from, to, next, err := page(len(tasks), cursor, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]GroupMsgTask, 0, to-from)
	for _, t := range tasks[from:to] {
		out = append(out, GroupMsgTask{UserID: t.userID, Status: t.status, SendTime: unixOrZero(t.sendTime)})
	}
	return out, next, nil
}

// GroupMsgSendResult is one entry of get_groupmsg_send_result: a customer
// (in the caller's form) or a group. SendTime is 0 unless sent.
type GroupMsgSendResult struct {
	ExternalUserID string
	ChatID         string
	UserID         string
	Status         int
	SendTime       int64
}

// GroupMsgResults is get_groupmsg_send_result: member userID's results,
// limit a page (60011 for a member outside the app's range; a member
// without a task has none). A message to groups lists only the groups
// already sent to, as documented ("若为客户群群发，由于用户还未选择群，所以不
// 返回未发送记录").
func (s *Store) GroupMsgResults(tok Token, msgID, userID, cursor string, limit int) ([]GroupMsgSendResult, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, "", err
	}
	m, err := cl.groupMsg(msgID)
	if err != nil {
		return nil, "", err
	}
	if !cl.seesMember(userID) {
		return nil, "", errcode.NoPrivilege
	}
	var results []groupMsgResult
	t := m.task(userID)
	if t != nil {
		results = t.results
		if m.chatType == GroupMsgGroup {
			results = slices.DeleteFunc(slices.Clone(results), func(r groupMsgResult) bool { return r.status == GroupMsgResultUnsent })
		}
	}
	if limit <= 0 || limit > MaxGroupMsgTaskLimit {
		limit = DefaultGroupMsgTaskLimit
	}
	from, to, next, err := page(len(results), cursor, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]GroupMsgSendResult, 0, to-from)
	for _, r := range results[from:to] {
		res := GroupMsgSendResult{ChatID: r.chatID, UserID: t.userID, Status: r.status, SendTime: unixOrZero(r.sendTime)}
		if r.customer != "" {
			res.ExternalUserID = cl.outID(r.customer)
		}
		out = append(out, res)
	}
	return out, next, nil
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
