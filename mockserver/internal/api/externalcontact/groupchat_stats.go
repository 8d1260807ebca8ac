package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// 群聊数据统计 (https://developer.work.weixin.qq.com/document/path/92133):
// groupchat/statistic by owner, groupchat/statistic_group_by_day by day.
// The window is yesterday back to 180 days, 30 days at most; its days start
// at midnight in China.

type groupStatBody struct {
	DayBeginTime kernel.IntField `json:"day_begin_time"`
	DayEndTime   kernel.IntField `json:"day_end_time"`
	OwnerFilter  ownerFilter     `json:"owner_filter"`
	OrderBy      kernel.IntField `json:"order_by"`
	OrderAsc     kernel.IntField `json:"order_asc"`
	Offset       kernel.IntField `json:"offset"`
	Limit        kernel.IntField `json:"limit"`
}

// query checks the body: numbers where numbers belong, order_by 1–4,
// order_asc 0 or 1, offset ≥ 0, limit 1–1000 (default 500), 1–100 owners.
func (b groupStatBody) query() (store.GroupStatQuery, error) {
	for _, f := range []kernel.IntField{b.DayBeginTime, b.DayEndTime, b.OrderBy, b.OrderAsc, b.Offset, b.Limit} {
		if f.Set && !f.OK {
			return store.GroupStatQuery{}, kernel.Err(errcode.InvalidParameter)
		}
	}
	q := store.GroupStatQuery{
		DayBegin: b.DayBeginTime.Int(0), DayEnd: b.DayEndTime.Int(0), Owners: b.OwnerFilter.UserIDList,
		OrderBy: int(b.OrderBy.Int(1)), OrderAsc: b.OrderAsc.Int(0) == 1,
		Offset: int(b.Offset.Int(0)), Limit: int(b.Limit.Int(store.DefaultStatLimit)),
	}
	asc := b.OrderAsc.Int(0)
	if q.OrderBy < 1 || q.OrderBy > 4 || asc < 0 || asc > 1 || q.Offset < 0 || q.Limit < 1 || q.Limit > store.MaxStatLimit ||
		len(q.Owners) == 0 || len(q.Owners) > store.MaxOwnerFilter {
		return store.GroupStatQuery{}, kernel.Err(errcode.InvalidParameter)
	}
	return q, nil
}

// groupStatJSON is the data of one owner or one day.
type groupStatJSON struct {
	NewChatCnt            int `json:"new_chat_cnt"`
	ChatTotal             int `json:"chat_total"`
	ChatHasMsg            int `json:"chat_has_msg"`
	NewMemberCnt          int `json:"new_member_cnt"`
	MemberTotal           int `json:"member_total"`
	MemberHasMsg          int `json:"member_has_msg"`
	MsgTotal              int `json:"msg_total"`
	MigrateTraineeChatCnt int `json:"migrate_trainee_chat_cnt"`
}

func newGroupStatJSON(d store.GroupStatData) groupStatJSON {
	return groupStatJSON{
		NewChatCnt: d.NewChatCnt, ChatTotal: d.ChatTotal, ChatHasMsg: d.ChatHasMsg,
		NewMemberCnt: d.NewMemberCnt, MemberTotal: d.MemberTotal, MemberHasMsg: d.MemberHasMsg,
		MsgTotal: d.MsgTotal, MigrateTraineeChatCnt: d.MigrateTraineeChatCnt,
	}
}

// decodeStatQuery reads the body both statistic APIs take.
func decodeStatQuery(r *http.Request) (store.GroupStatQuery, error) {
	var b groupStatBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return store.GroupStatQuery{}, err
	}
	return b.query()
}

// groupChatStatistic is POST groupchat/statistic: one item per owner,
// ordered by order_by, offset and limit paging; next_offset equals total
// on the last page.
func (a *API) groupChatStatistic(r *http.Request, c *kernel.Call) (any, error) {
	q, err := decodeStatQuery(r)
	if err != nil {
		return nil, err
	}
	p, err := a.env.Store.GroupChatStatistic(c.Token, q)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	type item struct {
		Owner string        `json:"owner"`
		Data  groupStatJSON `json:"data"`
	}
	items := make([]item, len(p.Items))
	for i, it := range p.Items {
		items[i] = item{it.Owner, newGroupStatJSON(it.Data)}
	}
	return struct {
		Total      int    `json:"total"`
		NextOffset int    `json:"next_offset"`
		Items      []item `json:"items"`
	}{p.Total, p.NextOffset, items}, nil
}

// groupChatStatisticByDay is POST groupchat/statistic_group_by_day: one
// item per day of the window, stat_time its midnight.
func (a *API) groupChatStatisticByDay(r *http.Request, c *kernel.Call) (any, error) {
	q, err := decodeStatQuery(r)
	if err != nil {
		return nil, err
	}
	days, err := a.env.Store.GroupChatStatisticByDay(c.Token, q)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	type item struct {
		StatTime int64         `json:"stat_time"`
		Data     groupStatJSON `json:"data"`
	}
	items := make([]item, len(days))
	for i, d := range days {
		items[i] = item{d.StatTime, newGroupStatJSON(d.Data)}
	}
	return struct {
		Items []item `json:"items"`
	}{items}, nil
}
