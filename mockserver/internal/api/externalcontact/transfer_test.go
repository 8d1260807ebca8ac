package externalcontact_test

import (
	"encoding/json"
	"net/http"
	str "strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathTransfer         = "/cgi-bin/externalcontact/transfer_customer"
	pathTransferResult   = "/cgi-bin/externalcontact/transfer_result"
	pathResignedTransfer = "/cgi-bin/externalcontact/resigned/transfer_customer"
	pathResignedResult   = "/cgi-bin/externalcontact/resigned/transfer_result"
	pathUnassigned       = "/cgi-bin/externalcontact/get_unassigned_list"
	ctlRefuse            = "/_mock/externalcontact/transfer/refuse"
	ctlAccept            = "/_mock/externalcontact/transfer/accept"
)

// startTransfer calls transfer_customer (or path) and returns each
// customer's errcode by external_userid.
func startTransfer(t *testing.T, srv *mockserver.Server, tok, path, from, to string, ids ...string) map[string]int {
	t.Helper()
	m := testkit.OK(t, testkit.ECPost(t, srv, tok, path, map[string]any{
		"handover_userid": from, "takeover_userid": to, "external_userid": ids,
	}))
	list, ok := m["customer"].([]any)
	if !ok || len(list) != len(ids) {
		t.Fatalf("customer %v, want one per id sent", m["customer"])
	}
	out := map[string]int{}
	for i, v := range list {
		c := testkit.As[map[string]any](t, v)
		if c["external_userid"] != ids[i] {
			t.Errorf("customer[%d] is %v, want %s (the order sent)", i, c["external_userid"], ids[i])
		}
		n, ok := c["errcode"].(json.Number)
		if !ok {
			t.Fatalf("customer[%d].errcode is %T, want a number", i, c["errcode"])
		}
		code, _ := n.Int64()
		out[ids[i]] = int(code)
	}
	return out
}

// transferState is one customer of transfer_result.
type transferState struct {
	Status       int   `json:"status"`
	TakeoverTime int64 `json:"takeover_time"`
}

// transferResults reads every page of transfer_result (or path) by
// external_userid.
func transferResults(t *testing.T, srv *mockserver.Server, tok, path, from, to string) map[string]transferState {
	t.Helper()
	out := map[string]transferState{}
	cursor := ""
	for range 100 {
		var page struct {
			ErrCode  int `json:"errcode"`
			Customer []struct {
				ExternalUserID string `json:"external_userid"`
				transferState
			} `json:"customer"`
			NextCursor *string `json:"next_cursor"`
		}
		r := testkit.ECPost(t, srv, tok, path, map[string]any{"handover_userid": from, "takeover_userid": to, "cursor": cursor})
		if err := json.Unmarshal(r.Body, &page); err != nil || page.ErrCode != 0 || page.Customer == nil || page.NextCursor == nil {
			t.Fatalf("%s: %s", path, r.Body)
		}
		for _, c := range page.Customer {
			out[c.ExternalUserID] = c.transferState
		}
		if *page.NextCursor == "" {
			return out
		}
		cursor = *page.NextCursor
	}
	t.Fatal("transfer_result never ends")
	return nil
}

// answerTransfer answers a transfer through the control API.
func answerTransfer(t *testing.T, srv *mockserver.Server, path, from, to, id string) mockserver.ExternalContactTransferAnswer {
	t.Helper()
	return testkit.Control[mockserver.ExternalContactTransferAnswer](t, srv, http.MethodPost, path, map[string]string{
		"corpid": testkit.Corp1, "handover_userid": from, "takeover_userid": to, "external_userid": id,
	})
}

// followUsers lists the userids that follow a customer, with their records.
func followUsers(t *testing.T, srv *mockserver.Server, tok, id string) map[string]map[string]any {
	t.Helper()
	m := testkit.OK(t, testkit.ECGet(t, srv, tok, pathGet, "external_userid", id))
	out := map[string]map[string]any{}
	for _, v := range testkit.As[[]any](t, m["follow_user"]) {
		f := testkit.As[map[string]any](t, v)
		out[testkit.As[string](t, f["userid"])] = f
	}
	return out
}

// wantContactEvent checks a decrypted change_external_contact event.
func wantContactEvent(t *testing.T, ev map[string]string, want map[string]string) {
	t.Helper()
	want["ToUserName"], want["FromUserName"], want["MsgType"], want["Event"] = testkit.Corp1, "sys", "event", "change_external_contact"
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %q, want %q (event %v)", k, ev[k], v, ev)
		}
	}
}

// nextByChange collects n events keyed by ChangeType (deliveries run
// concurrently, so their order is not fixed).
func nextByChange(t *testing.T, rcv *testkit.Receiver, n int) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for range n {
		ev := rcv.Next(t)
		if _, dup := out[ev["ChangeType"]]; dup {
			t.Fatalf("two %s events: %v", ev["ChangeType"], ev)
		}
		out[ev["ChangeType"]] = ev
	}
	return out
}

// An 在职 transfer waits 24 hours of virtual time, then the takeover
// member follows the customer with the handover's remark and tags, and the
// events reach the app: add_external_contact for lisi, del_external_contact
// with Source DELETE_BY_TRANSFER for zhangsan.
func TestTransferAcceptedAfter24Hours(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	start := srv.Now()

	got := startTransfer(t, srv, testkit.AppToken(t, srv), pathTransfer, "zhangsan", "lisi", testkit.Customer2)
	if got[testkit.Customer2] != 0 {
		t.Fatalf("transfer_customer: %v", got)
	}
	due := start.Add(24 * time.Hour).Unix()
	if st := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")[testkit.Customer2]; st != (transferState{2, due}) {
		t.Errorf("while waiting: %+v, want status 2 and the automatic takeover time %d", st, due)
	}
	msgs := srv.Messages(mockserver.MessageFilter{ToExternalUser: testkit.Customer2})
	if len(msgs) != 1 || !str.Contains(msgs[0].Content, "李四") || msgs[0].MsgType != "text" {
		t.Errorf("the customer is told of the transfer in WeCom's words: %+v", msgs)
	}

	srv.Advance(24*time.Hour - time.Second)
	ec = testkit.ECToken(t, srv)
	if st := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")[testkit.Customer2]; st.Status != 2 {
		t.Errorf("a second before the 24 hours: %+v, want still waiting", st)
	}
	if _, ok := followUsers(t, srv, ec, testkit.Customer2)["lisi"]; ok {
		t.Error("lisi follows the customer before the 24 hours are over")
	}

	srv.Advance(time.Second)
	ec = testkit.ECToken(t, srv) // the old one expired
	evs := nextByChange(t, rcv, 2)
	wantContactEvent(t, evs["add_external_contact"], map[string]string{"UserID": "lisi", "ExternalUserID": testkit.Customer2})
	for _, absent := range []string{"WelcomeCode", "State", "Source"} {
		if _, ok := evs["add_external_contact"][absent]; ok {
			t.Errorf("a takeover's add_external_contact has no %s: %v", absent, evs["add_external_contact"])
		}
	}
	wantContactEvent(t, evs["del_external_contact"], map[string]string{
		"UserID": "zhangsan", "ExternalUserID": testkit.Customer2, "Source": "DELETE_BY_TRANSFER",
	})
	if st := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")[testkit.Customer2]; st != (transferState{1, due}) {
		t.Errorf("after 24 hours: %+v, want status 1 taken over at %d", st, due)
	}
	follows := followUsers(t, srv, ec, testkit.Customer2)
	lisi, ok := follows["lisi"]
	if _, still := follows["zhangsan"]; still || !ok || len(follows) != 1 {
		t.Fatalf("follow_user after the takeover: %v, want lisi only", follows)
	}
	tags := testkit.As[[]any](t, lisi["tags"])
	if lisi["remark"] != "林女士" || len(tags) != 1 || testkit.As[map[string]any](t, tags[0])["tag_id"] != testkit.TagNormal {
		t.Errorf("lisi keeps zhangsan's remark and tags: %v", lisi)
	}
	if lisi["add_way"] != json.Number("202") || lisi["oper_userid"] != "zhangsan" || lisi["createtime"] != json.Number(itoa(int(due))) {
		t.Errorf("lisi's relationship: %v, want add_way 202 (assigned), oper_userid zhangsan, createtime the takeover", lisi)
	}
	if ids := strings(t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathList, "userid", "zhangsan")), "external_userid"); len(ids) != 2 {
		t.Errorf("zhangsan's customers after handing one over: %v", ids)
	}
	srv.Advance(48 * time.Hour)
	rcv.None(t)
}

// A takeover member who already follows the customer gets no
// add_external_contact and keeps their own remark.
func TestTransferToAFollower(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	if got := startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", testkit.Customer1); got[testkit.Customer1] != 0 {
		t.Fatalf("transfer_customer: %v", got)
	}
	res := answerTransfer(t, srv, ctlAccept, "zhangsan", "lisi", testkit.Customer1)
	if res.Status != 1 || len(res.Events) != 1 || res.Events[0].ChangeType != "del_external_contact" {
		t.Fatalf("accept: %+v, want status 1 and del_external_contact alone", res)
	}
	wantContactEvent(t, rcv.Next(t), map[string]string{"ChangeType": "del_external_contact", "UserID": "zhangsan", "Source": "DELETE_BY_TRANSFER"})
	follows := followUsers(t, srv, ec, testkit.Customer1)
	if len(follows) != 1 || follows["lisi"]["remark"] != "小明" || follows["lisi"]["add_way"] != json.Number("3") {
		t.Errorf("follow_user %v, want lisi's own relationship unchanged", follows)
	}
	srv.Advance(25 * time.Hour)
	rcv.None(t)
}

// The customer refuses: status 3 with takeover_time 0, transfer_fail
// (customer_refused) about the takeover member, and the customer stays
// with the handover.
func TestTransferRefused(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", testkit.Customer2, testkit.Customer3)

	res := answerTransfer(t, srv, ctlRefuse, "ZhangSan", "lisi", testkit.Customer2)
	if res.Status != 3 || res.TakeoverTime != 0 || len(res.Events) != 1 || res.Events[0].ChangeType != "transfer_fail" || len(res.Events[0].Deliveries) != 1 {
		t.Fatalf("refuse: %+v", res)
	}
	ev := rcv.Next(t)
	wantContactEvent(t, ev, map[string]string{
		"ChangeType": "transfer_fail", "FailReason": "customer_refused", "UserID": "lisi", "ExternalUserID": testkit.Customer2,
	})
	if st := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")[testkit.Customer2]; st != (transferState{3, 0}) {
		t.Errorf("refused: %+v, want status 3, takeover_time 0", st)
	}

	srv.Advance(24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	nextByChange(t, rcv, 2) // Customer3's takeover
	results := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")
	if results[testkit.Customer2].Status != 3 || results[testkit.Customer3].Status != 1 || len(results) != 2 {
		t.Errorf("after 24 hours: %+v, want the refusal kept and the other taken over", results)
	}
	if follows := followUsers(t, srv, ec, testkit.Customer2); len(follows) != 1 || follows["zhangsan"] == nil {
		t.Errorf("the customer who refused stays with zhangsan: %v", follows)
	}

	// The control API's refusals.
	for _, tc := range []struct {
		name   string
		body   map[string]string
		status int
		msg    string
	}{
		{"already refused", map[string]string{"corpid": testkit.Corp1, "handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": testkit.Customer2}, 404, "no transfer"},
		{"already taken over", map[string]string{"corpid": testkit.Corp1, "handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": testkit.Customer3}, 404, "no transfer"},
		{"another takeover", map[string]string{"corpid": testkit.Corp1, "handover_userid": "zhangsan", "takeover_userid": "wangwu", "external_userid": testkit.Customer1}, 404, "no transfer"},
		{"no customer", map[string]string{"corpid": testkit.Corp1, "handover_userid": "zhangsan", "takeover_userid": "lisi"}, 400, "external_userid"},
		{"unknown corp", map[string]string{"corpid": "wwnobody", "handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": testkit.Customer1}, 404, "corp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+ctlRefuse, tc.body), tc.status, tc.msg)
		})
	}
}

// Each customer of transfer_customer has their own errcode; the call fails
// as a whole for the members and the parameters.
func TestTransferCustomerErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	got := startTransfer(t, srv, ec, pathTransfer, "zhangsan", "wangwu",
		testkit.Customer2, "wmnobody", testkit.Customer2, testkit.Customer1)
	want := map[string]int{testkit.Customer2: int(errcode.TransferInProgress), "wmnobody": int(errcode.InvalidExternalUserID), testkit.Customer1: 0}
	// The first Customer2 started; the second in the same call is in transfer.
	for id, code := range want {
		if got[id] != code {
			t.Errorf("%s: errcode %d, want %d", id, got[id], code)
		}
	}
	if got := startTransfer(t, srv, ec, pathTransfer, "lisi", "wangwu", testkit.Customer2, testkit.Customer1); got[testkit.Customer2] != int(errcode.NotExternalContact) || got[testkit.Customer1] != 0 {
		t.Errorf("lisi's transfer: %v, want 84061 for a customer not lisi's, 0 for their own (another handover's transfer does not block it)", got)
	}

	long := str.Repeat("好", 201)
	many := make([]string, 101)
	for i := range many {
		many[i] = testkit.Customer3
	}
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"unknown takeover", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "nobody", "external_userid": []string{testkit.Customer3}}, errcode.UserIDNotFound},
		{"takeover without 客户联系", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "zhouqi", "external_userid": []string{testkit.Customer3}}, errcode.NoExternalContactPrivilege},
		{"takeover outside the app's range", app, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "wangwu", "external_userid": []string{testkit.Customer3}}, errcode.NoPrivilege},
		{"one member", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "ZhangSan", "external_userid": []string{testkit.Customer3}}, errcode.InvalidParameter},
		{"unknown handover", ec, map[string]any{"handover_userid": "nobody", "takeover_userid": "lisi", "external_userid": []string{testkit.Customer3}}, errcode.UserIDNotFound},
		{"malformed handover", ec, map[string]any{"handover_userid": "no body", "takeover_userid": "lisi", "external_userid": []string{testkit.Customer3}}, errcode.InvalidUserID},
		{"no customers", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": []string{}}, errcode.InvalidParameter},
		{"101 customers", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": many}, errcode.InvalidParameter},
		{"a 201-character message", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": []string{testkit.Customer3}, "transfer_success_msg": long}, errcode.InvalidParameter},
		{"no handover", ec, map[string]any{"takeover_userid": "lisi", "external_userid": []string{testkit.Customer3}}, errcode.InvalidParameter},
		{"the contacts secret", testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "external_userid": []string{testkit.Customer3}}, errcode.APIForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathTransfer, tc.body), tc.want)
		})
	}
	// None of the refused calls started a transfer of Customer3.
	if _, ok := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")[testkit.Customer3]; ok {
		t.Error("a refused call started a transfer")
	}
}

// A customer may be transferred twice in 90 days; the third is 40128.
func TestTransferTwiceIn90Days(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	hop := func(from, to string) int {
		code := startTransfer(t, srv, ec, pathTransfer, from, to, testkit.Customer2)[testkit.Customer2]
		if code == 0 {
			answerTransfer(t, srv, ctlAccept, from, to, testkit.Customer2)
		}
		return code
	}
	if hop("zhangsan", "lisi") != 0 || hop("lisi", "zhangsan") != 0 {
		t.Fatal("the first two transfers were refused")
	}
	if code := hop("zhangsan", "lisi"); code != int(errcode.TransferTooFrequent) {
		t.Errorf("third transfer in 90 days: errcode %d, want 40128", code)
	}
	srv.Advance(90 * 24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	if code := hop("zhangsan", "lisi"); code != 0 {
		t.Errorf("after 90 days: errcode %d, want 0", code)
	}
	// A refused transfer does not count.
	startTransfer(t, srv, ec, pathTransfer, "lisi", "zhangsan", testkit.Customer2)
	answerTransfer(t, srv, ctlRefuse, "lisi", "zhangsan", testkit.Customer2)
	if code := hop("lisi", "zhangsan"); code != 0 {
		t.Errorf("after a refusal: errcode %d, want 0", code)
	}
}

// transfer_result: the takeover must be a member the caller sees; the
// handover may be anyone; a forged cursor is 40058.
func TestTransferResultErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	if got := transferResults(t, srv, ec, pathTransferResult, "nobody", "lisi"); len(got) != 0 {
		t.Errorf("no transfers: %v", got)
	}
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"unknown takeover", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "nobody"}, errcode.UserIDNotFound},
		{"takeover outside the app's range", app, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "wangwu"}, errcode.NoPrivilege},
		{"malformed takeover", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "no body"}, errcode.InvalidUserID},
		{"forged cursor", ec, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi", "cursor": "forged"}, errcode.InvalidParameter},
		{"no takeover", ec, map[string]any{"handover_userid": "zhangsan"}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathTransferResult, tc.body), tc.want)
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathResignedResult, tc.body), tc.want)
		})
	}
	// 在职 and 离职 results are kept apart.
	startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", testkit.Customer2)
	if got := transferResults(t, srv, ec, pathResignedResult, "zhangsan", "lisi"); len(got) != 0 {
		t.Errorf("resigned/transfer_result lists an 在职 transfer: %v", got)
	}
}

// A member renamed while a transfer waits keeps it under the new userid,
// as handover and as takeover.
func TestTransferFollowsRenames(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", testkit.Customer2)
	for from, to := range map[string]string{"zhangsan": "zhangsan2", "lisi": "lisi2"} {
		if _, err := srv.UpdateUser(testkit.Corp1, from, func(m *fixtures.Member) { m.UserID = to }); err != nil {
			t.Fatal(err)
		}
	}
	if st := transferResults(t, srv, ec, pathTransferResult, "zhangsan2", "lisi2")[testkit.Customer2]; st.Status != 2 {
		t.Fatalf("after the renames: %+v, want the transfer waiting", st)
	}
	if res := answerTransfer(t, srv, ctlAccept, "zhangsan2", "lisi2", testkit.Customer2); res.Status != 1 {
		t.Fatalf("accept: %+v", res)
	}
	if follows := followUsers(t, srv, ec, testkit.Customer2); len(follows) != 1 || follows["lisi2"] == nil {
		t.Errorf("follow_user %v, want lisi2", follows)
	}
}

// A 代开发 app names customers in its own external_userid form, and sees
// its transfers in it.
func TestTransferInTheAppsForm(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	dk := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	ids := strings(t, testkit.OK(t, testkit.ECGet(t, srv, dk, pathList, "userid", "zhangsan")), "external_userid")
	own := ids[1] // Customer2
	if own == testkit.Customer2 {
		t.Fatalf("the 代开发 app sees %s in the corp's form", own)
	}
	got := startTransfer(t, srv, dk, pathTransfer, "zhangsan", "lisi", own, testkit.Customer3)
	if got[own] != 0 || got[testkit.Customer3] != int(errcode.InvalidExternalUserID) {
		t.Fatalf("transfer_customer: %v, want its own form accepted and the corp's refused", got)
	}
	if st, ok := transferResults(t, srv, dk, pathTransferResult, "zhangsan", "lisi")[own]; !ok || st.Status != 2 {
		t.Errorf("transfer_result in the app's form: %+v", st)
	}
	if _, ok := transferResults(t, srv, testkit.ECToken(t, srv), pathTransferResult, "zhangsan", "lisi")[testkit.Customer2]; !ok {
		t.Error("the 客户联系 secret sees the transfer in the corp's form")
	}
}
