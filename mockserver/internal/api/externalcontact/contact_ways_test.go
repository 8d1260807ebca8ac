package externalcontact_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	stdstrings "strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathAddWay    = "/cgi-bin/externalcontact/add_contact_way"
	pathGetWay    = "/cgi-bin/externalcontact/get_contact_way"
	pathUpdateWay = "/cgi-bin/externalcontact/update_contact_way"
	pathDelWay    = "/cgi-bin/externalcontact/del_contact_way"
	pathListWays  = "/cgi-bin/externalcontact/list_contact_way"
	pathCloseTemp = "/cgi-bin/externalcontact/close_temp_chat"
)

var configIDForm = regexp.MustCompile(`^[0-9a-f]{32}$`)

// cwNum is a number as testkit decodes answers.
func cwNum(n int) json.Number { return json.Number(itoa(n)) }

// addWay creates a contact way with body and returns its config_id.
func addWay(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) string {
	t.Helper()
	id := testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, tok, pathAddWay, body)), "config_id")
	if !configIDForm.MatchString(id) {
		t.Errorf("config_id %q, want 32 hex digits", id)
	}
	return id
}

// getWay reads a contact way.
func getWay(t *testing.T, srv *mockserver.Server, tok, id string) map[string]any {
	t.Helper()
	m := testkit.OK(t, testkit.ECPost(t, srv, tok, pathGetWay, map[string]any{"config_id": id}))
	return testkit.As[map[string]any](t, m["contact_way"])
}

// qrURL is the qr_code the mock answers for a QR code way.
func qrURL(srv *mockserver.Server, id string) string {
	return srv.URL() + "/wwmock/contact_way/" + testkit.Corp1 + "/" + id + "/qrcode"
}

func TestAddAndGetContactWay(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	conclusions := map[string]any{"text": map[string]any{"content": "感谢咨询"}, "link": map[string]any{"title": "官网", "url": "https://example.com/"}}
	for _, tc := range []struct {
		name string
		body map[string]any
		want map[string]any // fields of get_contact_way
		qr   bool
	}{
		{
			name: "single QR code way, skip_verify by default",
			body: map[string]any{"type": 1, "scene": 2, "remark": "地铁广告", "state": "metro", "user": []string{"ZhangSan"}},
			want: map[string]any{"type": cwNum(1), "scene": cwNum(2), "style": cwNum(0), "remark": "地铁广告", "skip_verify": true, "state": "metro",
				"user": []any{"zhangsan"}, "party": []any{}, "is_temp": false, "is_exclusive": false, "mark_source": false},
			qr: true,
		},
		{
			name: "multi mini-program way with departments",
			body: map[string]any{"type": 2, "scene": 1, "style": 2, "skip_verify": false, "user": []string{"lisi", "lisi"}, "party": []int{2}, "is_exclusive": true, "mark_source": true},
			want: map[string]any{"type": cwNum(2), "scene": cwNum(1), "style": cwNum(2), "skip_verify": false, "user": []any{"lisi"}, "party": []any{cwNum(2)},
				"is_exclusive": true, "mark_source": true},
		},
		{
			name: "temporary way with defaults and conclusions",
			body: map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "unionid": "oUnion1", "conclusions": conclusions},
			want: map[string]any{"is_temp": true, "expires_in": cwNum(604800), "chat_expires_in": cwNum(86400), "unionid": "oUnion1", "conclusions": conclusions},
			qr:   true,
		},
		{
			name: "temporary way with its lifetimes",
			body: map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "expires_in": 3600, "chat_expires_in": 1209600},
			want: map[string]any{"is_temp": true, "expires_in": cwNum(3600), "chat_expires_in": cwNum(1209600)},
			qr:   true,
		},
		{
			name: "temporary fields are ignored on a lasting way",
			body: map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "expires_in": 3600, "unionid": "oUnion1", "conclusions": conclusions},
			want: map[string]any{"is_temp": false, "expires_in": nil, "unionid": nil, "conclusions": nil},
			qr:   true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testkit.ECPost(t, srv, ec, pathAddWay, tc.body)
			m := testkit.OK(t, r)
			id := testkit.Str(t, m, "config_id")
			if !configIDForm.MatchString(id) {
				t.Errorf("config_id %q", id)
			}
			if qr, ok := m["qr_code"]; tc.qr && qr != qrURL(srv, id) || !tc.qr && ok {
				t.Errorf("add qr_code %v, want it %v", m["qr_code"], tc.qr)
			}
			got := getWay(t, srv, ec, id)
			if got["config_id"] != id {
				t.Errorf("config_id %v", got["config_id"])
			}
			if qr, ok := got["qr_code"]; tc.qr && qr != qrURL(srv, id) || !tc.qr && ok {
				t.Errorf("get qr_code %v", got["qr_code"])
			}
			for k, v := range tc.want {
				if v == nil {
					if _, ok := got[k]; ok {
						t.Errorf("%s = %v, want it absent", k, got[k])
					}
					continue
				}
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
		})
	}
	// The default world's way.
	if got := getWay(t, srv, ec, testkit.ContactWay1); got["state"] != "channel_a" || got["qr_code"] != qrURL(srv, testkit.ContactWay1) {
		t.Errorf("the default way: %v", got)
	}
	// App 1000002, configured under 可调用应用, may add ways for the members it sees.
	app := testkit.AppToken(t, srv)
	addWay(t, srv, app, map[string]any{"type": 2, "scene": 2, "user": []string{"zhangsan"}, "party": []int{4}})
}

func TestAddContactWayErrors(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	c := &w.Corps[0]
	// 研发部's subtree has two members, 市场部 (3) 100 with the crowd.
	for i := range 98 {
		c.Members = append(c.Members, memberIn("crowd"+itoa(i), 3))
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	ec := testkit.ECToken(t, srv)
	app := testkit.AppToken(t, srv)
	single := func(kv ...any) map[string]any {
		b := map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(b, testkit.As[string](t, kv[i]))
			} else {
				b[testkit.As[string](t, kv[i])] = kv[i+1]
			}
		}
		return b
	}
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"no type", ec, single("type", nil), errcode.ContactWayTypeMissing},
		{"no scene", ec, single("scene", nil), errcode.ContactWaySceneMissing},
		{"type 3", ec, single("type", 3), errcode.InvalidContactWayType},
		{"scene 3", ec, single("scene", 3), errcode.InvalidContactWayScene},
		{"style 9", ec, single("scene", 1, "style", 9), errcode.InvalidContactWayStyle},
		{"remark of 31 characters", ec, single("remark", stdstrings.Repeat("备", 31)), errcode.InvalidParameter},
		{"state of 31 characters", ec, single("state", stdstrings.Repeat("s", 31)), errcode.InvalidParameter},
		{"single way without a member", ec, single("user", nil), errcode.InvalidParameter},
		{"single way with two members", ec, single("user", []string{"zhangsan", "lisi"}), errcode.ContactWayTooManyUsers},
		{"multi way without members", ec, map[string]any{"type": 2, "scene": 2}, errcode.InvalidParameter},
		{"unknown member", ec, single("user", []string{"nobody"}), errcode.UserIDNotFound},
		{"member without 客户联系", ec, single("user", []string{"zhouqi"}), errcode.NoExternalContactPrivilege},
		{"unknown department", ec, map[string]any{"type": 2, "scene": 2, "party": []int{99}}, errcode.InvalidDeptID},
		{"more than 100 members with the departments", ec, map[string]any{"type": 2, "scene": 2, "user": []string{"zhangsan"}, "party": []int{3}}, errcode.ContactWayTooManyUsers},
		{"member outside the app's range", app, single("user", []string{"wangwu"}), errcode.NoPrivilege},
		{"department outside the app's range", app, map[string]any{"type": 2, "scene": 2, "party": []int{3}}, errcode.NoPrivilege},
		{"temporary multi way", ec, map[string]any{"type": 2, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true}, errcode.InvalidContactWayType},
		{"QR code valid beyond 14 days", ec, single("is_temp", true, "expires_in", 14*86400+1), errcode.InvalidParameter},
		{"chat beyond 14 days", ec, single("is_temp", true, "chat_expires_in", 14*86400+1), errcode.InvalidParameter},
		{"conclusions not an object", ec, single("is_temp", true, "conclusions", "bye"), errcode.InvalidParameter},
		{"conclusions too large", ec, single("is_temp", true, "conclusions", map[string]any{"text": map[string]any{"content": stdstrings.Repeat("x", 17<<10)}}), errcode.InvalidParameter},
		{"type not a number", ec, single("type", "one"), errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathAddWay, tc.body), tc.want)
		})
	}
	// 100 members with the departments are allowed.
	addWay(t, srv, ec, map[string]any{"type": 2, "scene": 2, "party": []int{3}, "user": []string{"wangwu"}})
}

func TestUpdateContactWay(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 2, "scene": 1, "style": 1, "remark": "旧备注", "state": "old", "user": []string{"zhangsan"}})
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathUpdateWay, map[string]any{
		"config_id": id, "remark": "新备注", "style": 3, "skip_verify": false, "party": []int{4}, "mark_source": true,
	}))
	got := getWay(t, srv, ec, id)
	want := map[string]any{"remark": "新备注", "style": cwNum(3), "skip_verify": false, "state": "old",
		"user": []any{"zhangsan"}, "party": []any{cwNum(4)}, "mark_source": true, "type": cwNum(2), "scene": cwNum(1)}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	// A temporary way's QR code gets a new lifetime from now.
	temp := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "expires_in": 60})
	srv.Advance(50 * time.Second)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathUpdateWay, map[string]any{
		"config_id": temp, "expires_in": 120, "conclusions": map[string]any{"text": map[string]any{"content": "再见"}},
	}))
	got = getWay(t, srv, ec, temp)
	if got["expires_in"] != cwNum(120) || !reflect.DeepEqual(got["conclusions"], map[string]any{"text": map[string]any{"content": "再见"}}) {
		t.Errorf("temporary way after update: %v", got)
	}
	srv.Advance(60 * time.Second) // 110 s after creation, 60 s after the update
	if _, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "zhangsan", ConfigID: temp, Customer: &fixtures.Customer{Name: "客户", Type: 1},
	}); err != nil {
		t.Errorf("adding through the renewed temporary way: %v", err)
	}

	for _, tc := range []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"no config_id", map[string]any{"remark": "x"}, errcode.ConfigIDMissing},
		{"unknown config_id", map[string]any{"config_id": "nosuchway", "remark": "x"}, errcode.InvalidConfigID},
		{"style 9", map[string]any{"config_id": id, "style": 9}, errcode.InvalidContactWayStyle},
		{"remark of 31 characters", map[string]any{"config_id": id, "remark": stdstrings.Repeat("备", 31)}, errcode.InvalidParameter},
		{"no member left", map[string]any{"config_id": id, "user": []string{}, "party": []int{}}, errcode.InvalidParameter},
		{"unknown member", map[string]any{"config_id": id, "user": []string{"nobody"}}, errcode.UserIDNotFound},
		{"single way with two members", map[string]any{"config_id": testkit.ContactWay1, "user": []string{"zhangsan", "lisi"}}, errcode.ContactWayTooManyUsers},
		{"QR code valid beyond 14 days", map[string]any{"config_id": temp, "expires_in": 14*86400 + 1}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathUpdateWay, tc.body), tc.want)
		})
	}
	// Refused updates changed nothing.
	if got := getWay(t, srv, ec, id); got["remark"] != "新备注" || got["style"] != cwNum(3) {
		t.Errorf("after refused updates: %v", got)
	}
}

func TestDeleteContactWay(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"lisi"}})
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathDelWay, map[string]any{"config_id": id}))
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGetWay, map[string]any{"config_id": id}), errcode.InvalidConfigID)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathDelWay, map[string]any{"config_id": id}), errcode.InvalidConfigID)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathDelWay, map[string]any{}), errcode.ConfigIDMissing)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGetWay, map[string]any{}), errcode.ConfigIDMissing)
	if r := testkit.Get(t, qrURL(srv, id)); r.Status != http.StatusNotFound {
		t.Errorf("QR image of a deleted way: %d", r.Status)
	}
	// Customers can no longer add through it.
	_, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: testkit.Corp1, UserID: "lisi", ConfigID: id, ExternalUserID: testkit.Customer2})
	if !errors.Is(err, errcode.InvalidConfigID) {
		t.Errorf("adding through a deleted way: %v", err)
	}
}

// listWays returns one page of list_contact_way.
func listWays(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) ([]string, string) {
	t.Helper()
	m := testkit.OK(t, testkit.ECPost(t, srv, tok, pathListWays, body))
	var ids []string
	for _, w := range testkit.As[[]any](t, m["contact_way"]) {
		ids = append(ids, testkit.As[string](t, testkit.As[map[string]any](t, w)["config_id"]))
	}
	return ids, testkit.Str(t, m, "next_cursor")
}

func TestListContactWays(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	loaded := srv.Now().Unix()
	srv.Advance(time.Hour)
	var made []string
	for range 5 {
		made = append(made, addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}}))
		srv.Advance(time.Minute)
	}
	addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true}) // never listed

	// By default the last 90 days, oldest first, 100 a page.
	ids, next := listWays(t, srv, ec, map[string]any{})
	if want := append([]string{testkit.ContactWay1}, made...); !reflect.DeepEqual(ids, want) || next != "" {
		t.Errorf("default list %v next %q, want %v", ids, next, want)
	}
	// Pages of two.
	var paged []string
	body := map[string]any{"limit": 2}
	for range 10 {
		ids, next := listWays(t, srv, ec, body)
		paged = append(paged, ids...)
		if next == "" {
			break
		}
		body["cursor"] = next
	}
	if len(paged) != 6 || paged[5] != made[4] {
		t.Errorf("paged %v", paged)
	}
	// A window of creation times.
	start := loaded + 3600 + 60
	ids, _ = listWays(t, srv, ec, map[string]any{"start_time": start, "end_time": start + 120})
	if !reflect.DeepEqual(ids, made[1:4]) {
		t.Errorf("window %v, want %v", ids, made[1:4])
	}
	// After 91 days the default window no longer reaches them.
	srv.Advance(91 * 24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	if ids, _ := listWays(t, srv, ec, map[string]any{}); len(ids) != 0 {
		t.Errorf("after 91 days %v", ids)
	}
	if ids, _ := listWays(t, srv, ec, map[string]any{"start_time": loaded}); len(ids) != 6 {
		t.Errorf("from the load %v", ids)
	}

	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"limit 1001", map[string]any{"limit": 1001}},
		{"limit -1", map[string]any{"limit": -1}},
		{"forged cursor", map[string]any{"cursor": "not-a-cursor"}},
		{"start_time not a number", map[string]any{"start_time": "yesterday"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathListWays, tc.body), errcode.InvalidParameter)
		})
	}
}
