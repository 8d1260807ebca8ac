package store

import (
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// 联系客户统计: get_user_behavior_data
// (https://developer.work.weixin.qq.com/document/path/92132). The mock keeps
// no chats, so a day's numbers come from the world where it can — new
// contacts are the relationships made that day, applications those the
// member started plus a few that were not accepted — and otherwise from a
// stable function of the corp, the member and the day, bounded by how many
// customers the member had by then: the same query always answers the same.

// MaxBehaviorIDs bounds userid and partyid, each.
const MaxBehaviorIDs = 100

// BehaviorQuery is the query of get_user_behavior_data: members by userid
// and by department (with its subtree), and a window of unix times, each
// rounded down to midnight in China.
type BehaviorQuery struct {
	UserIDs  []string
	PartyIDs []int
	Start    int64
	End      int64
}

// BehaviorDay is one day of the members' numbers, summed over them.
type BehaviorDay struct {
	StatTime            int64
	ChatCnt             int
	MessageCnt          int
	NegativeFeedbackCnt int
	NewApplyCnt         int
	NewContactCnt       int
	// HasReplies is false on a day no customer started a chat: the docs
	// omit reply_percentage and avg_reply_time then.
	HasReplies      bool
	ReplyPercentage float64 // 0–100, two decimals
	AvgReplyTime    int     // minutes
}

// UserBehaviorData is get_user_behavior_data: one entry per day of the
// window, the members' numbers together. Errors: 40058 for no members
// asked, or a window that is reversed, longer than 30 days, starts more
// than 180 days ago or ends after today (the real errcodes are not
// documented); a userid as externalcontact/list's (60111, 60011, 84074); a
// department 60123 unknown, 60011 outside the app's range.
func (s *Store) UserBehaviorData(tok Token, q BehaviorQuery) ([]BehaviorDay, error) {
	today := chinaDay(s.Now().Unix())
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	if len(q.UserIDs) == 0 && len(q.PartyIDs) == 0 {
		return nil, errcode.InvalidParameter
	}
	from, to := chinaDay(q.Start), chinaDay(q.End)
	if q.Start <= 0 || q.End <= 0 || from > to || to > today || from < today-statHistoryDays*daySeconds ||
		(to-from)/daySeconds+1 > MaxStatDays {
		return nil, errcode.InvalidParameter
	}
	members, err := cl.behaviorMembers(q.UserIDs, q.PartyIDs)
	if err != nil {
		return nil, err
	}
	var out []BehaviorDay
	for day := from; day <= to; day += daySeconds {
		out = append(out, behaviorOfDay(cl.c.id, members, day))
	}
	return out, nil
}

// behaviorMember is a member of the query with the times their current
// relationships were made, ascending, and which of those they started.
type behaviorMember struct {
	userID  string
	created []int64
	applied []int64 // relationships the member started (oper_userid is theirs)
}

// behaviorMembers resolves the query's members, each once: userids must be
// configured for 客户联系; a department brings the configured members of
// its subtree.
func (cl ecCaller) behaviorMembers(userIDs []string, partyIDs []int) ([]behaviorMember, error) {
	seen := map[string]bool{}
	var picked []*fixtures.Member
	add := func(m *fixtures.Member) {
		if key := strings.ToLower(m.UserID); !seen[key] {
			seen[key] = true
			picked = append(picked, m)
		}
	}
	for _, u := range userIDs {
		m, err := cl.member(u)
		if err != nil {
			return nil, err
		}
		add(m)
	}
	if len(partyIDs) > 0 {
		roots, err := cl.deptRoots()
		if err != nil {
			return nil, err
		}
		target := map[int]bool{}
		for _, d := range partyIDs {
			if _, ok := cl.c.depts[d]; !ok {
				return nil, errcode.InvalidDeptID
			}
			if !cl.c.deptVisible(d, roots) {
				return nil, errcode.NoPrivilege
			}
			target[d] = true
		}
		for _, u := range cl.w.followOrder {
			m := cl.c.memberLocked(u)
			if m != nil && slices.ContainsFunc(m.Department, func(d int) bool { return cl.c.inSubtree(d, target) }) {
				add(m)
			}
		}
	}
	out := make([]behaviorMember, len(picked))
	for i, m := range picked {
		bm := behaviorMember{userID: m.UserID}
		for _, c := range cl.w.customersOf(m.UserID) {
			f := c.follow(m.UserID)
			bm.created = append(bm.created, f.CreateTime)
			if strings.EqualFold(f.OperUserID, m.UserID) {
				bm.applied = append(bm.applied, f.CreateTime)
			}
		}
		slices.Sort(bm.created)
		slices.Sort(bm.applied)
		out[i] = bm
	}
	return out, nil
}

// deptRoots are the departments whose subtrees the caller sees, nil for
// the whole corp (the 客户联系 secret).
func (cl ecCaller) deptRoots() (map[int]bool, error) {
	if cl.app == nil {
		return nil, nil
	}
	return cl.c.deptRootsLocked(Token{Kind: AppToken, CorpID: cl.c.id, AgentID: cl.app.AgentID})
}

// behaviorOfDay sums the members' numbers of the day starting at day.
func behaviorOfDay(corpID string, members []behaviorMember, day int64) BehaviorDay {
	out := BehaviorDay{StatTime: day}
	var replied, replyMinutes float64
	for _, m := range members {
		had := countBefore(m.created, day+daySeconds) // customers by the day's end
		newContacts := had - countBefore(m.created, day)
		newApplied := countBefore(m.applied, day+daySeconds) - countBefore(m.applied, day)
		out.NewContactCnt += newContacts
		if had == 0 {
			continue // nobody to talk to yet
		}
		h := dayHash(corpID, m.userID, day)
		out.NewApplyCnt += newApplied + int(h%3) // some applications are not accepted
		chats := int((h >> 8) % uint64(min(had, 20)+1))
		out.ChatCnt += chats
		out.MessageCnt += chats * int(1+(h>>16)%6)
		if (h>>24)%10 == 0 {
			out.NegativeFeedbackCnt++
		}
		if chats > 0 {
			percent := 50 + float64((h>>32)%5001)/100 // 50.00–100.00
			minutes := 1 + float64((h>>48)%60)
			replied += percent * float64(chats)
			replyMinutes += minutes * float64(chats)
		}
	}
	if out.ChatCnt > 0 {
		out.HasReplies = true
		out.ReplyPercentage = math.Round(replied/float64(out.ChatCnt)*100) / 100
		out.AvgReplyTime = int(math.Round(replyMinutes / float64(out.ChatCnt)))
	}
	return out
}

// countBefore counts the times in sorted that are before t.
func countBefore(sorted []int64, t int64) int {
	return sort.Search(len(sorted), func(i int) bool { return sorted[i] >= t })
}

// dayHash is the stable randomness of a member's day.
func dayHash(corpID, userID string, day int64) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(corpID + "\x00" + strings.ToLower(userID) + "\x00" + strconv.FormatInt(day, 10)))
	return h.Sum64()
}
