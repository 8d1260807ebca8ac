package externalcontact_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const pathBehavior = "/cgi-bin/externalcontact/get_user_behavior_data"

// behaviorDay is one entry as a typed SDK decodes it; the reply fields are
// pointers to tell absent from zero.
type behaviorDay struct {
	StatTime            int64    `json:"stat_time"`
	ChatCnt             int      `json:"chat_cnt"`
	MessageCnt          int      `json:"message_cnt"`
	ReplyPercentage     *float64 `json:"reply_percentage"`
	AvgReplyTime        *int     `json:"avg_reply_time"`
	NegativeFeedbackCnt int      `json:"negative_feedback_cnt"`
	NewApplyCnt         int      `json:"new_apply_cnt"`
	NewContactCnt       int      `json:"new_contact_cnt"`
}

type behaviorAnswer struct {
	ErrCode      int           `json:"errcode"`
	ErrMsg       string        `json:"errmsg"`
	BehaviorData []behaviorDay `json:"behavior_data"`
}

// behaviorServer runs on 2023-11-20 12:00 in China, days after the default
// world's relationships were made: zhangsan's with Customer1 on 11-15, 2
// on 11-17 and 3 on 11-18 (the last two he started), lisi's with
// Customer1 on 11-16.
func behaviorServer(t *testing.T) *mockserver.Server {
	return mockserver.NewTest(t, mockserver.WithClockStart(time.Date(2023, 11, 20, 12, 0, 0, 0, china)), mockserver.WithFrozenClock())
}

func nov2023(d int) int64 { return time.Date(2023, 11, d, 0, 0, 0, 0, china).Unix() }

func behavior(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) []behaviorDay {
	t.Helper()
	return testkit.DecodeStrict[behaviorAnswer](t, testkit.OKBody(t, testkit.ECPost(t, srv, tok, pathBehavior, body))).BehaviorData
}

func TestUserBehaviorData(t *testing.T) {
	t.Parallel()
	srv := behaviorServer(t)
	ec := testkit.ECToken(t, srv)
	// 11-14 09:30 to 11-20 18:00: the times round down to midnight.
	window := map[string]any{"start_time": nov2023(14) + 9*3600 + 1800, "end_time": nov2023(20) + 18*3600}
	with := func(kv ...any) map[string]any {
		b := map[string]any{"start_time": window["start_time"], "end_time": window["end_time"]}
		for i := 0; i < len(kv); i += 2 {
			b[testkit.As[string](t, kv[i])] = kv[i+1]
		}
		return b
	}

	zhang := behavior(t, srv, ec, with("userid", []string{"zhangsan"}))
	if len(zhang) != 7 {
		t.Fatalf("%d days, want 7 (11-14 to 11-20)", len(zhang))
	}
	customers := map[int]int{14: 0, 15: 1, 16: 1, 17: 2, 18: 3, 19: 3, 20: 3} // zhangsan's by each day's end
	for i, d := range zhang {
		date := 14 + i
		if d.StatTime != nov2023(date) {
			t.Errorf("day %d: stat_time %d, want %d", i, d.StatTime, nov2023(date))
		}
		if want := customers[date] - customers[date-1]; date > 14 && d.NewContactCnt != want || date == 14 && d.NewContactCnt != 0 {
			t.Errorf("11-%d: new_contact_cnt %d", date, d.NewContactCnt)
		}
		if d.ChatCnt > customers[date] || d.MessageCnt < d.ChatCnt || d.MessageCnt > 6*d.ChatCnt {
			t.Errorf("11-%d: chat_cnt %d, message_cnt %d with %d customers", date, d.ChatCnt, d.MessageCnt, customers[date])
		}
		if (d.ChatCnt > 0) != (d.ReplyPercentage != nil) || (d.ChatCnt > 0) != (d.AvgReplyTime != nil) {
			t.Errorf("11-%d: chat_cnt %d but reply fields %v %v", date, d.ChatCnt, d.ReplyPercentage, d.AvgReplyTime)
		}
		if p := d.ReplyPercentage; p != nil && (*p < 50 || *p > 100) {
			t.Errorf("11-%d: reply_percentage %v", date, *p)
		}
		if customers[date] == 0 && (d.ChatCnt != 0 || d.NewApplyCnt != 0 || d.NegativeFeedbackCnt != 0) {
			t.Errorf("11-%d: activity before any customer: %+v", date, d)
		}
	}
	// zhangsan started the relationships of 11-17 and 11-18.
	if zhang[3].NewApplyCnt < 1 || zhang[4].NewApplyCnt < 1 {
		t.Errorf("new_apply_cnt on 11-17 and 11-18: %d, %d, want at least 1", zhang[3].NewApplyCnt, zhang[4].NewApplyCnt)
	}
	if again := behavior(t, srv, ec, with("userid", []string{"zhangsan"})); !reflect.DeepEqual(again, zhang) {
		t.Error("the same query answered differently")
	}

	// Several members are summed; 研发部 (2) holds zhangsan and, in its
	// subgroup 平台组, lisi.
	li := behavior(t, srv, ec, with("userid", []string{"lisi"}))
	both := behavior(t, srv, ec, with("userid", []string{"zhangsan", "lisi", "ZhangSan"}))
	party := behavior(t, srv, ec, with("partyid", []int{2}))
	if !reflect.DeepEqual(both, party) {
		t.Errorf("partyid [2] %+v\nwant userid [zhangsan lisi] %+v", party, both)
	}
	for i := range both {
		if both[i].ChatCnt != zhang[i].ChatCnt+li[i].ChatCnt || both[i].NewContactCnt != zhang[i].NewContactCnt+li[i].NewContactCnt ||
			both[i].MessageCnt != zhang[i].MessageCnt+li[i].MessageCnt || both[i].NewApplyCnt != zhang[i].NewApplyCnt+li[i].NewApplyCnt {
			t.Errorf("day %d: %+v is not the sum of %+v and %+v", i, both[i], zhang[i], li[i])
		}
	}

	// wangwu follows nobody: every day is zero, without the reply fields.
	for _, d := range behavior(t, srv, ec, with("userid", []string{"wangwu"})) {
		if (d != behaviorDay{StatTime: d.StatTime}) {
			t.Errorf("wangwu: %+v", d)
		}
	}

	// A customer added today counts today.
	if _, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "wangwu", Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat},
	}); err != nil {
		t.Fatal(err)
	}
	if got := behavior(t, srv, ec, with("userid", []string{"wangwu"})); got[6].NewContactCnt != 1 || got[5].NewContactCnt != 0 {
		t.Errorf("wangwu after adding a customer today: %+v", got[5:])
	}
}

// The JSON types as documented: integers, and reply_percentage a number
// that may have decimals.
func TestUserBehaviorDataTypes(t *testing.T) {
	t.Parallel()
	srv := behaviorServer(t)
	m := testkit.OK(t, testkit.ECPost(t, srv, testkit.ECToken(t, srv), pathBehavior,
		map[string]any{"userid": []string{"zhangsan", "lisi"}, "start_time": nov2023(1), "end_time": nov2023(20)}))
	replies := 0
	for _, raw := range testkit.As[[]any](t, m["behavior_data"]) {
		d := testkit.As[map[string]any](t, raw)
		for _, k := range []string{"stat_time", "chat_cnt", "message_cnt", "negative_feedback_cnt", "new_apply_cnt", "new_contact_cnt", "avg_reply_time"} {
			if v, ok := d[k]; ok || k != "avg_reply_time" {
				n, isNum := v.(json.Number)
				if _, err := n.Int64(); !isNum || err != nil {
					t.Errorf("%s = %v (%T), want an integer", k, v, v)
				}
			}
		}
		if v, ok := d["reply_percentage"]; ok {
			replies++
			if _, isNum := v.(json.Number); !isNum {
				t.Errorf("reply_percentage = %v (%T), want a number", v, v)
			}
		}
	}
	if replies == 0 {
		t.Error("no day with chats in 20 days of two members with customers")
	}
}

func TestUserBehaviorDataErrors(t *testing.T) {
	t.Parallel()
	srv := behaviorServer(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	today := nov2023(20)
	span := func(from, to int64, kv ...any) map[string]any {
		b := map[string]any{"userid": []string{"zhangsan"}, "start_time": from, "end_time": to}
		for i := 0; i < len(kv); i += 2 {
			b[testkit.As[string](t, kv[i])] = kv[i+1]
		}
		return b
	}
	// The edges that pass: 30 days, and a start 180 days ago.
	if n := len(behavior(t, srv, ec, span(today-29*86400, today))); n != 30 {
		t.Errorf("30 days: %d entries", n)
	}
	behavior(t, srv, ec, span(today-180*86400, today-170*86400))

	many := make([]string, 101)
	for i := range many {
		many[i] = "zhangsan"
	}
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"no members", ec, map[string]any{"start_time": today, "end_time": today}, errcode.InvalidParameter},
		{"empty lists", ec, span(today, today, "userid", []string{}, "partyid", []int{}), errcode.InvalidParameter},
		{"start after end", ec, span(today, today-86400), errcode.InvalidParameter},
		{"31 days", ec, span(today-30*86400, today), errcode.InvalidParameter},
		{"181 days ago", ec, span(today-181*86400, today-175*86400), errcode.InvalidParameter},
		{"ends tomorrow", ec, span(today, today+86400), errcode.InvalidParameter},
		{"no start_time", ec, map[string]any{"userid": []string{"zhangsan"}, "end_time": today}, errcode.InvalidParameter},
		{"no end_time", ec, map[string]any{"userid": []string{"zhangsan"}, "start_time": today}, errcode.InvalidParameter},
		{"start_time not a number", ec, span(today, today, "start_time", "today"), errcode.InvalidParameter},
		{"101 userids", ec, span(today, today, "userid", many), errcode.InvalidParameter},
		{"an unknown member", ec, span(today, today, "userid", []string{"zhangsan", "nobody"}), errcode.UserIDNotFound},
		{"a member without 客户联系", ec, span(today, today, "userid", []string{"zhouqi"}), errcode.NoExternalContactPrivilege},
		{"a member outside the app's range", app, span(today, today, "userid", []string{"wangwu"}), errcode.NoPrivilege},
		{"an unknown department", ec, span(today, today, "userid", []string{}, "partyid", []int{99}), errcode.InvalidDeptID},
		{"a department outside the app's range", app, span(today, today, "userid", []string{}, "partyid", []int{3}), errcode.NoPrivilege},
		{"a self-built app not allowed", testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), span(today, today, "userid", []string{"zhaoliu"}), errcode.APIForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathBehavior, tc.body), tc.want)
		})
	}
}
