package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// 群聊数据统计: groupchat/statistic (by owner) and
// groupchat/statistic_group_by_day (by day)
// (https://developer.work.weixin.qq.com/document/path/92133). The mock
// keeps no chat history, so the counts come from the groups as they are
// now: a group counts from its create_time, a member from their join_time;
// message counts are 0.

// Limits of the statistics, as documented.
const (
	// MaxStatDays is the longest window, in days.
	MaxStatDays = 30
	// statHistoryDays is how far back a window may start.
	statHistoryDays = 180
	// DefaultStatLimit and MaxStatLimit are statistic's limit.
	DefaultStatLimit = 500
	MaxStatLimit     = 1000
)

const (
	daySeconds = 24 * 60 * 60
	// chinaOffset is UTC+8: WeCom's days start at midnight in China.
	chinaOffset = 8 * 60 * 60
)

// chinaDay is the start of the day (midnight UTC+8) holding unix time t.
func chinaDay(t int64) int64 {
	return t - ((t+chinaOffset)%daySeconds+daySeconds)%daySeconds
}

// GroupStatQuery is the query of the statistics. Days are unix times,
// rounded down to midnight in China; DayEnd 0 means DayBegin.
type GroupStatQuery struct {
	DayBegin, DayEnd int64
	Owners           []string
	// OrderBy is 1 new_chat_cnt (the default), 2 chat_total, 3
	// new_member_cnt, 4 member_total; descending unless OrderAsc.
	OrderBy  int
	OrderAsc bool
	Offset   int
	Limit    int
}

// GroupStatData are the counts of one owner or one day.
type GroupStatData struct {
	NewChatCnt, ChatTotal, ChatHasMsg       int
	NewMemberCnt, MemberTotal, MemberHasMsg int
	MsgTotal, MigrateTraineeChatCnt         int
}

// GroupOwnerStat is one owner's counts over the window.
type GroupOwnerStat struct {
	Owner string
	Data  GroupStatData
}

// GroupStatPage is one page of groupchat/statistic.
type GroupStatPage struct {
	Total, NextOffset int
	Items             []GroupOwnerStat
}

// GroupDayStat is one day's counts over the owners.
type GroupDayStat struct {
	StatTime int64
	Data     GroupStatData
}

// GroupChatStatistic is groupchat/statistic: one entry per owner the
// filter names, ordered as asked (ties keep the filter's order). 40058 for
// a window that is not within yesterday and the 180 days before, or longer
// than 30 days (the real errcode is not documented); owner errors as
// groupchat/list's.
func (s *Store) GroupChatStatistic(tok Token, q GroupStatQuery) (GroupStatPage, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return GroupStatPage{}, err
	}
	from, to, err := statWindow(now.Unix(), q.DayBegin, q.DayEnd)
	if err != nil {
		return GroupStatPage{}, err
	}
	owners, err := cl.statOwners(q.Owners)
	if err != nil {
		return GroupStatPage{}, err
	}
	items := make([]GroupOwnerStat, len(owners))
	for i, o := range owners {
		items[i] = GroupOwnerStat{Owner: o.userID, Data: groupStats(o.groups, from, to+daySeconds)}
	}
	key := statKey(q.OrderBy)
	slices.SortStableFunc(items, func(a, b GroupOwnerStat) int {
		if q.OrderAsc {
			return cmp.Compare(key(a.Data), key(b.Data))
		}
		return cmp.Compare(key(b.Data), key(a.Data))
	})
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultStatLimit
	}
	start := min(max(q.Offset, 0), len(items))
	end := min(start+min(limit, MaxStatLimit), len(items))
	return GroupStatPage{Total: len(items), NextOffset: end, Items: slices.Clone(items[start:end])}, nil
}

// GroupChatStatisticByDay is groupchat/statistic_group_by_day: one entry
// per day of the window, summed over the owners.
func (s *Store) GroupChatStatisticByDay(tok Token, q GroupStatQuery) ([]GroupDayStat, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	from, to, err := statWindow(now.Unix(), q.DayBegin, q.DayEnd)
	if err != nil {
		return nil, err
	}
	owners, err := cl.statOwners(q.Owners)
	if err != nil {
		return nil, err
	}
	var groups []*customerGroup
	for _, o := range owners {
		groups = append(groups, o.groups...)
	}
	var out []GroupDayStat
	for day := from; day <= to; day += daySeconds {
		out = append(out, GroupDayStat{StatTime: day, Data: groupStats(groups, day, day+daySeconds)})
	}
	return out, nil
}

// statWindow checks and rounds a window: the first and the last day.
func statWindow(now, begin, end int64) (from, to int64, err error) {
	if end == 0 {
		end = begin
	}
	from, to = chinaDay(begin), chinaDay(end)
	today := chinaDay(now)
	if begin <= 0 || from > to || to > today-daySeconds || from < today-statHistoryDays*daySeconds ||
		(to-from)/daySeconds+1 > MaxStatDays {
		return 0, 0, errcode.InvalidParameter
	}
	return from, to, nil
}

// statOwner is an owner of the filter and the groups they own.
type statOwner struct {
	userID string
	groups []*customerGroup
}

// statOwners resolves the owner filter, in its order, once each.
func (cl ecCaller) statOwners(userIDs []string) ([]statOwner, error) {
	set, err := cl.groupOwners(userIDs)
	if err != nil {
		return nil, err
	}
	var out []statOwner
	index := map[string]int{}
	for _, u := range userIDs {
		m := cl.c.memberLocked(u)
		if m == nil || !set[strings.ToLower(m.UserID)] {
			continue
		}
		key := strings.ToLower(m.UserID)
		if _, dup := index[key]; dup {
			continue
		}
		index[key] = len(out)
		out = append(out, statOwner{userID: m.UserID})
	}
	for _, g := range cl.w.groups.order {
		if i, ok := index[strings.ToLower(g.Owner)]; ok {
			out[i].groups = append(out[i].groups, g)
		}
	}
	return out, nil
}

// groupStats counts groups over [from, to): those that existed by its end
// and were created in it, and their members likewise.
func groupStats(groups []*customerGroup, from, to int64) GroupStatData {
	var d GroupStatData
	for _, g := range groups {
		if g.CreateTime >= to {
			continue
		}
		d.ChatTotal++
		if g.CreateTime >= from {
			d.NewChatCnt++
		}
		for _, m := range g.Members {
			if m.JoinTime >= to {
				continue
			}
			d.MemberTotal++
			if m.JoinTime >= from {
				d.NewMemberCnt++
			}
		}
	}
	return d
}

// statKey is the count order_by sorts on.
func statKey(orderBy int) func(GroupStatData) int {
	switch orderBy {
	case 2:
		return func(d GroupStatData) int { return d.ChatTotal }
	case 3:
		return func(d GroupStatData) int { return d.NewMemberCnt }
	case 4:
		return func(d GroupStatData) int { return d.MemberTotal }
	}
	return func(d GroupStatData) int { return d.NewChatCnt }
}
