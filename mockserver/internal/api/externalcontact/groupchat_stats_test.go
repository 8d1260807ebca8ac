package externalcontact_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathGroupStat      = "/cgi-bin/externalcontact/groupchat/statistic"
	pathGroupStatByDay = "/cgi-bin/externalcontact/groupchat/statistic_group_by_day"
)

// statStart is 10:00 in China on 2026-03-10; its day starts at statDay.
var (
	china     = time.FixedZone("CST", 8*60*60)
	statStart = time.Date(2026, 3, 10, 10, 0, 0, 0, china)
	statDay   = time.Date(2026, 3, 10, 0, 0, 0, 0, china).Unix()
)

const day = int64(24 * 60 * 60)

// statWorld is a server at statStart where zhangsan created a group with
// two customers (3 people) and lisi one with a customer (2 people) on
// 2026-03-10, and lisi another, alone, the next day; the clock then moves
// to 2026-03-12 so both days can be asked for.
func statWorld(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(statStart))
	newGroup(t, srv, "zhangsan", testkit.Customer1, testkit.Customer3)
	newGroup(t, srv, "lisi", testkit.Customer1)
	srv.Advance(24 * time.Hour)
	newGroup(t, srv, "lisi")
	srv.Advance(24 * time.Hour)
	return srv, testkit.ECToken(t, srv)
}

// statData is the data object of an item as "name=value" pairs.
func statData(t *testing.T, item any) map[string]int {
	t.Helper()
	out := map[string]int{}
	for k, v := range testkit.As[map[string]any](t, testkit.As[map[string]any](t, item)["data"]) {
		n, err := testkit.As[json.Number](t, v).Int64()
		if err != nil {
			t.Fatalf("data.%s = %v, want an integer", k, v)
		}
		out[k] = int(n)
	}
	return out
}

func TestGroupChatStatistic(t *testing.T) {
	t.Parallel()
	srv, ec := statWorld(t)
	owners := map[string]any{"userid_list": []string{"lisi", "zhangsan", "wangwu"}}
	m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupStat, map[string]any{
		"day_begin_time": statDay + 3600, "day_end_time": statDay + day, "owner_filter": owners,
	}))
	if testkit.Num(t, m, "total") != 3 || testkit.Num(t, m, "next_offset") != 3 {
		t.Errorf("total and next_offset: %v", m)
	}
	items := testkit.As[[]any](t, m["items"])
	// Ordered by new_chat_cnt, descending; the tie keeps the filter's order.
	var order []string
	for _, it := range items {
		order = append(order, testkit.As[string](t, testkit.As[map[string]any](t, it)["owner"]))
	}
	if !slices.Equal(order, []string{"lisi", "zhangsan", "wangwu"}) {
		t.Errorf("owners %v", order)
	}
	want := map[string]map[string]int{
		// The default world's group (2023, 4 people) counts in the totals.
		"zhangsan": {"new_chat_cnt": 1, "chat_total": 2, "new_member_cnt": 3, "member_total": 7},
		"lisi":     {"new_chat_cnt": 2, "chat_total": 2, "new_member_cnt": 3, "member_total": 3},
		"wangwu":   {"new_chat_cnt": 0, "chat_total": 0, "new_member_cnt": 0, "member_total": 0},
	}
	for _, it := range items {
		owner := testkit.As[string](t, testkit.As[map[string]any](t, it)["owner"])
		got := statData(t, it)
		for k, v := range want[owner] {
			if got[k] != v {
				t.Errorf("%s: %s = %d, want %d (%v)", owner, k, got[k], v, got)
			}
		}
		for _, k := range []string{"chat_has_msg", "member_has_msg", "msg_total", "migrate_trainee_chat_cnt"} {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: no %s in %v", owner, k, got)
			}
		}
	}

	// member_total ascending, one a page from the second.
	m = testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupStat, map[string]any{
		"day_begin_time": statDay, "day_end_time": statDay + day, "owner_filter": owners,
		"order_by": 4, "order_asc": 1, "offset": 1, "limit": 1,
	}))
	if items := testkit.As[[]any](t, m["items"]); len(items) != 1 || testkit.As[map[string]any](t, items[0])["owner"] != "lisi" || testkit.Num(t, m, "next_offset") != 2 {
		t.Errorf("second page by member_total ascending: %v", m)
	}
	// One day only (day_end_time left out): the first day's counts.
	m = testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupStat, map[string]any{
		"day_begin_time": statDay, "owner_filter": map[string]any{"userid_list": []string{"lisi"}},
	}))
	if got := statData(t, testkit.As[[]any](t, m["items"])[0]); got["new_chat_cnt"] != 1 || got["chat_total"] != 1 {
		t.Errorf("lisi on 2026-03-10: %v", got)
	}

	for _, tc := range []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"no day_begin_time", map[string]any{"owner_filter": owners}, errcode.InvalidParameter},
		{"no owner_filter", map[string]any{"day_begin_time": statDay}, errcode.InvalidParameter},
		{"today", map[string]any{"day_begin_time": statDay + 2*day, "owner_filter": owners}, errcode.InvalidParameter},
		{"181 days ago", map[string]any{"day_begin_time": statDay + 2*day - 181*day, "owner_filter": owners}, errcode.InvalidParameter},
		{"31 days", map[string]any{"day_begin_time": statDay - 29*day, "day_end_time": statDay + day, "owner_filter": owners}, errcode.InvalidParameter},
		{"end before begin", map[string]any{"day_begin_time": statDay + day, "day_end_time": statDay, "owner_filter": owners}, errcode.InvalidParameter},
		{"order_by 5", map[string]any{"day_begin_time": statDay, "owner_filter": owners, "order_by": 5}, errcode.InvalidParameter},
		{"limit 1001", map[string]any{"day_begin_time": statDay, "owner_filter": owners, "limit": 1001}, errcode.InvalidParameter},
		{"negative offset", map[string]any{"day_begin_time": statDay, "owner_filter": owners, "offset": -1}, errcode.InvalidParameter},
		{"only unknown owners", map[string]any{"day_begin_time": statDay, "owner_filter": map[string]any{"userid_list": []string{"nobody"}}}, errcode.InvalidUserID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupStat, tc.body), tc.want)
		})
	}
	// The app does not see wangwu: 60011 when he is all the filter names.
	testkit.WeComError(t, testkit.ECPost(t, srv, testkit.AppToken(t, srv), pathGroupStat, map[string]any{
		"day_begin_time": statDay, "owner_filter": map[string]any{"userid_list": []string{"wangwu"}},
	}), errcode.NoPrivilege)
}

func TestGroupChatStatisticByDay(t *testing.T) {
	t.Parallel()
	srv, ec := statWorld(t)
	m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupStatByDay, map[string]any{
		"day_begin_time": statDay - day, "day_end_time": statDay + day + 7200,
		"owner_filter": map[string]any{"userid_list": []string{"zhangsan", "lisi"}},
	}))
	items := testkit.As[[]any](t, m["items"])
	if len(items) != 3 {
		t.Fatalf("items %v, want three days", items)
	}
	want := []map[string]int{
		{"new_chat_cnt": 0, "chat_total": 1, "new_member_cnt": 0, "member_total": 4},
		{"new_chat_cnt": 2, "chat_total": 3, "new_member_cnt": 5, "member_total": 9},
		{"new_chat_cnt": 1, "chat_total": 4, "new_member_cnt": 1, "member_total": 10},
	}
	for i, it := range items {
		if st := testkit.As[map[string]any](t, it)["stat_time"]; st != json.Number(itoa(int(statDay+int64(i-1)*day))) {
			t.Errorf("item %d stat_time %v", i, st)
		}
		got := statData(t, it)
		for k, v := range want[i] {
			if got[k] != v {
				t.Errorf("day %d: %s = %d, want %d (%v)", i, k, got[k], v, got)
			}
		}
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupStatByDay, map[string]any{"day_begin_time": statDay}), errcode.InvalidParameter)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupStatByDay, map[string]any{
		"day_begin_time": statDay + 2*day, "owner_filter": map[string]any{"userid_list": []string{"lisi"}},
	}), errcode.InvalidParameter)
}
