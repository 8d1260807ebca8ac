package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// 联系客户统计 (https://developer.work.weixin.qq.com/document/path/92132):
// get_user_behavior_data, one entry a day for the members asked, together.

type behaviorBody struct {
	UserID    []string          `json:"userid"`
	PartyID   []kernel.IntField `json:"partyid"`
	StartTime kernel.IntField   `json:"start_time"`
	EndTime   kernel.IntField   `json:"end_time"`
}

// behaviorDayJSON is one day; reply_percentage (a float) and
// avg_reply_time (minutes) only on days with chats, as documented.
type behaviorDayJSON struct {
	StatTime            int64    `json:"stat_time"`
	ChatCnt             int      `json:"chat_cnt"`
	MessageCnt          int      `json:"message_cnt"`
	ReplyPercentage     *float64 `json:"reply_percentage,omitempty"`
	AvgReplyTime        *int     `json:"avg_reply_time,omitempty"`
	NegativeFeedbackCnt int      `json:"negative_feedback_cnt"`
	NewApplyCnt         int      `json:"new_apply_cnt"`
	NewContactCnt       int      `json:"new_contact_cnt"`
}

func newBehaviorDayJSON(d store.BehaviorDay) behaviorDayJSON {
	out := behaviorDayJSON{
		StatTime: d.StatTime, ChatCnt: d.ChatCnt, MessageCnt: d.MessageCnt,
		NegativeFeedbackCnt: d.NegativeFeedbackCnt, NewApplyCnt: d.NewApplyCnt, NewContactCnt: d.NewContactCnt,
	}
	if d.HasReplies {
		out.ReplyPercentage, out.AvgReplyTime = &d.ReplyPercentage, &d.AvgReplyTime
	}
	return out
}

// userBehaviorData is POST get_user_behavior_data: userid and partyid (up
// to 100 each, not both empty), start_time and end_time rounded down to
// midnight, a window of at most 30 days within the last 180.
func (a *API) userBehaviorData(r *http.Request, c *kernel.Call) (any, error) {
	var b behaviorBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	q := store.BehaviorQuery{UserIDs: b.UserID, Start: b.StartTime.Int(0), End: b.EndTime.Int(0)}
	if !b.StartTime.OK || !b.EndTime.OK || len(b.UserID) > store.MaxBehaviorIDs || len(b.PartyID) > store.MaxBehaviorIDs {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	for _, p := range b.PartyID {
		if !p.OK {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		q.PartyIDs = append(q.PartyIDs, int(p.N))
	}
	days, err := a.env.Store.UserBehaviorData(c.Token, q)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]behaviorDayJSON, len(days))
	for i, d := range days {
		out[i] = newBehaviorDayJSON(d)
	}
	return struct {
		BehaviorData []behaviorDayJSON `json:"behavior_data"`
	}{out}, nil
}
