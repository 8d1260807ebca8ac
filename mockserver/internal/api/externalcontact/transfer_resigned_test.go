package externalcontact_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// unassignedItem is one entry of get_unassigned_list.
type unassignedItem struct {
	HandoverUserID string `json:"handover_userid"`
	ExternalUserID string `json:"external_userid"`
	DimissionTime  int64  `json:"dimission_time"`
}

type unassignedPage struct {
	ErrCode    int              `json:"errcode"`
	Info       []unassignedItem `json:"info"`
	IsLast     *bool            `json:"is_last"`
	NextCursor *string          `json:"next_cursor"`
}

func unassigned(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) unassignedPage {
	t.Helper()
	r := testkit.ECPost(t, srv, tok, pathUnassigned, body)
	var p unassignedPage
	if err := json.Unmarshal(r.Body, &p); err != nil || p.ErrCode != 0 || p.Info == nil || p.IsLast == nil || p.NextCursor == nil {
		t.Fatalf("get_unassigned_list: %s", r.Body)
	}
	return p
}

// unassignedIDs is every unassigned customer, following the cursor.
func unassignedIDs(t *testing.T, srv *mockserver.Server, tok string) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for {
		p := unassigned(t, srv, tok, map[string]any{"cursor": cursor})
		for _, it := range p.Info {
			ids = append(ids, it.ExternalUserID)
		}
		if *p.IsLast {
			return ids
		}
		cursor = *p.NextCursor
	}
}

// deleteMember removes a member from contacts (they leave the corp).
func deleteMember(t *testing.T, srv *mockserver.Server, userID string) {
	t.Helper()
	if _, err := srv.DeleteUser(testkit.Corp1, userID); err != nil {
		t.Fatal(err)
	}
}

// A member who leaves with customers: they wait in get_unassigned_list
// until resigned/transfer_customer hands them over; 24 hours later the
// takeover member follows them (add_external_contact for a new
// relationship, none for the member who left), unless the customer
// refuses, and then they are unassigned again.
func TestResignedTransfer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	left := srv.Now().Unix()
	deleteMember(t, srv, "zhangsan")
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID) // after delete_user

	p := unassigned(t, srv, ec, map[string]any{})
	want := []unassignedItem{{"zhangsan", testkit.Customer1, left}, {"zhangsan", testkit.Customer2, left}, {"zhangsan", testkit.Customer3, left}}
	if len(p.Info) != 3 || p.Info[0] != want[0] || p.Info[1] != want[1] || p.Info[2] != want[2] || !*p.IsLast || *p.NextCursor != "" {
		t.Fatalf("get_unassigned_list: %+v, want %+v on one last page", p, want)
	}

	got := startTransfer(t, srv, ec, pathResignedTransfer, "zhangsan", "lisi", testkit.Customer1, testkit.Customer2, testkit.Customer3, "wmnobody")
	if got[testkit.Customer1] != 0 || got[testkit.Customer2] != 0 || got[testkit.Customer3] != 0 || got["wmnobody"] != int(errcode.InvalidExternalUserID) {
		t.Fatalf("resigned/transfer_customer: %v", got)
	}
	if got := startTransfer(t, srv, ec, pathResignedTransfer, "zhangsan", "lisi", testkit.Customer2); got[testkit.Customer2] != int(errcode.TransferInProgress) {
		t.Errorf("a customer already being transferred: %v, want 40100", got)
	}
	if ids := unassignedIDs(t, srv, ec); len(ids) != 0 {
		t.Errorf("customers being transferred are not unassigned: %v", ids)
	}
	due := srv.Now().Add(24 * time.Hour).Unix()
	results := transferResults(t, srv, ec, pathResignedResult, "zhangsan", "lisi")
	if len(results) != 3 || results[testkit.Customer3] != (transferState{2, due}) {
		t.Errorf("resigned/transfer_result: %+v, want three waiting until %d", results, due)
	}
	if got := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi"); len(got) != 0 {
		t.Errorf("transfer_result lists 离职 transfers: %v", got)
	}

	// Customer2 refuses: transfer_fail, and they are unassigned again.
	if res := answerTransfer(t, srv, ctlRefuse, "zhangsan", "lisi", testkit.Customer2); res.Status != 3 {
		t.Fatalf("refuse: %+v", res)
	}
	wantContactEvent(t, rcv.Next(t), map[string]string{"ChangeType": "transfer_fail", "FailReason": "customer_refused", "UserID": "lisi", "ExternalUserID": testkit.Customer2})
	if ids := unassignedIDs(t, srv, ec); len(ids) != 1 || ids[0] != testkit.Customer2 {
		t.Errorf("after the refusal: unassigned %v, want %s", ids, testkit.Customer2)
	}

	srv.Advance(24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	// Only Customer3 is new to lisi; nobody hears of zhangsan, who left.
	wantContactEvent(t, rcv.Next(t), map[string]string{"ChangeType": "add_external_contact", "UserID": "lisi", "ExternalUserID": testkit.Customer3})
	results = transferResults(t, srv, ec, pathResignedResult, "zhangsan", "lisi")
	if results[testkit.Customer1] != (transferState{1, due}) || results[testkit.Customer3] != (transferState{1, due}) || results[testkit.Customer2] != (transferState{3, 0}) {
		t.Errorf("after 24 hours: %+v", results)
	}
	follows := followUsers(t, srv, ec, testkit.Customer3)
	if len(follows) != 1 || follows["lisi"]["remark"] != "王总（合作伙伴）" || follows["lisi"]["remark_corp_name"] != "合作伙伴科技" || follows["lisi"]["add_way"] != json.Number("202") {
		t.Errorf("Customer3's follow_user: %v, want lisi with zhangsan's remark", follows)
	}
	if follows := followUsers(t, srv, ec, testkit.Customer1); len(follows) != 1 || follows["lisi"]["remark"] != "小明" {
		t.Errorf("Customer1's follow_user: %v, want lisi's own relationship only", follows)
	}
	if ids := unassignedIDs(t, srv, ec); len(ids) != 1 || ids[0] != testkit.Customer2 {
		t.Errorf("after the takeover: unassigned %v, want %s", ids, testkit.Customer2)
	}
	rcv.None(t)
}

// resigned/transfer_customer's refusals: a handover still in the corp is
// 40097; a customer not theirs 84061; the takeover's errors as for 在职.
func TestResignedTransferErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	deleteMember(t, srv, "lisi")
	if got := startTransfer(t, srv, ec, pathResignedTransfer, "lisi", "wangwu", testkit.Customer2, testkit.Customer1); got[testkit.Customer2] != int(errcode.NotExternalContact) || got[testkit.Customer1] != 0 {
		t.Errorf("resigned/transfer_customer: %v, want 84061 for a customer not lisi's", got)
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"handover still in the corp", map[string]any{"handover_userid": "zhangsan", "takeover_userid": "wangwu", "external_userid": []string{testkit.Customer2}}, errcode.MemberNotResigned},
		{"takeover who left", map[string]any{"handover_userid": "lisi", "takeover_userid": "lisi", "external_userid": []string{testkit.Customer1}}, errcode.UserIDNotFound},
		{"takeover without 客户联系", map[string]any{"handover_userid": "lisi", "takeover_userid": "zhouqi", "external_userid": []string{testkit.Customer1}}, errcode.NoExternalContactPrivilege},
		{"no customers", map[string]any{"handover_userid": "lisi", "takeover_userid": "wangwu"}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathResignedTransfer, tc.body), tc.want)
		})
	}
}

// get_unassigned_list pages with page_size (default and most 1000) and an
// opaque cursor; a member back in contacts has no unassigned customers.
func TestUnassignedList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	if p := unassigned(t, srv, ec, map[string]any{}); len(p.Info) != 0 || !*p.IsLast || *p.NextCursor != "" {
		t.Errorf("nobody left: %+v", p)
	}
	deleteMember(t, srv, "lisi")
	deleteMember(t, srv, "zhangsan")
	first := unassigned(t, srv, app, map[string]any{"page_size": 2})
	if len(first.Info) != 2 || *first.IsLast || *first.NextCursor == "" {
		t.Fatalf("first page of 2: %+v", first)
	}
	second := unassigned(t, srv, app, map[string]any{"page_size": 2, "cursor": *first.NextCursor})
	if len(second.Info) != 2 || !*second.IsLast || *second.NextCursor != "" {
		t.Fatalf("second page: %+v", second)
	}
	// lisi left first; each member's customers in the order they were added.
	all := append(first.Info, second.Info...)
	wantIDs := [][2]string{{"lisi", testkit.Customer1}, {"zhangsan", testkit.Customer1}, {"zhangsan", testkit.Customer2}, {"zhangsan", testkit.Customer3}}
	for i, w := range wantIDs {
		if all[i].HandoverUserID != w[0] || all[i].ExternalUserID != w[1] {
			t.Errorf("entry %d: %+v, want %v", i, all[i], w)
		}
	}

	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"page_size over 1000", map[string]any{"page_size": 1001}},
		{"negative page_size", map[string]any{"page_size": -1}},
		{"page_size not a number", map[string]any{"page_size": "many"}},
		{"forged cursor", map[string]any{"cursor": "forged"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathUnassigned, tc.body), errcode.InvalidParameter)
		})
	}

	var zhangsan fixtures.Member
	for _, m := range srv.Fixtures().Corps[0].Members {
		if m.UserID == "zhangsan" {
			zhangsan = m
		}
	}
	if _, err := srv.CreateUser(testkit.Corp1, zhangsan); err != nil {
		t.Fatal(err)
	}
	if ids := unassignedIDs(t, srv, ec); len(ids) != 1 || ids[0] != testkit.Customer1 {
		t.Errorf("zhangsan is back: unassigned %v, want lisi's customer only", ids)
	}
}
