package externalcontact_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// addCustomers gives member userID n new customers and returns their ids.
func addCustomers(t *testing.T, srv *mockserver.Server, userID string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
			CorpID: testkit.Corp1, UserID: userID,
			Customer: &fixtures.Customer{ExternalUserID: fmt.Sprintf("wmbulk%s%05d", userID, i), Name: "客户", Type: fixtures.CustomerWeChat},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = added.ExternalUserID
	}
	return ids
}

// A takeover member at the customer limit fails the transfer: status 4
// and transfer_fail customer_limit_exceed; a customer they already follow
// still moves.
func TestTransferTakeoverFull(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	addCustomers(t, srv, "lisi", store.MaxMemberCustomers-1) // lisi had one
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", testkit.Customer2, testkit.Customer1)

	srv.Advance(24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	evs := nextByChange(t, rcv, 2)
	wantContactEvent(t, evs["transfer_fail"], map[string]string{
		"FailReason": "customer_limit_exceed", "UserID": "lisi", "ExternalUserID": testkit.Customer2,
	})
	wantContactEvent(t, evs["del_external_contact"], map[string]string{"UserID": "zhangsan", "ExternalUserID": testkit.Customer1})
	results := transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi")
	if results[testkit.Customer2] != (transferState{4, 0}) || results[testkit.Customer1].Status != 1 {
		t.Errorf("transfer_result: %+v, want Customer2 at status 4, Customer1 taken over", results)
	}
	if follows := followUsers(t, srv, ec, testkit.Customer2); len(follows) != 1 || follows["zhangsan"] == nil {
		t.Errorf("the customer stays with zhangsan: %v", follows)
	}
}

// A corp keeps at most MaxTransfers transfers: while all are waiting, one
// more customer is refused (45009); once settled, the oldest make room.
func TestTransferTableBound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts 10 000 transfers")
	}
	srv := mockserver.NewTest(t)
	ids := append([]string{testkit.Customer1, testkit.Customer2, testkit.Customer3}, addCustomers(t, srv, "zhangsan", store.MaxTransfers-2)...)
	ec := testkit.ECToken(t, srv)
	for from := 0; from < store.MaxTransfers; from += store.MaxTransferCustomers {
		for id, code := range startTransfer(t, srv, ec, pathTransfer, "zhangsan", "wangwu", ids[from:from+store.MaxTransferCustomers]...) {
			if code != 0 {
				t.Fatalf("%s: errcode %d", id, code)
			}
		}
	}
	last := ids[len(ids)-1]
	if got := startTransfer(t, srv, ec, pathTransfer, "zhangsan", "wangwu", last); got[last] != int(errcode.FreqOutOfLimit) {
		t.Fatalf("one transfer past the bound: %v, want 45009", got)
	}
	if n := len(transferResults(t, srv, ec, pathTransferResult, "zhangsan", "wangwu")); n != store.MaxTransfers {
		t.Fatalf("transfer_result lists %d, want %d over 10 pages", n, store.MaxTransfers)
	}

	srv.Advance(24 * time.Hour)
	ec = testkit.ECToken(t, srv)
	if got := startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", last); got[last] != 0 {
		t.Fatalf("after the others settled: %v", got)
	}
	kept := len(transferResults(t, srv, ec, pathTransferResult, "zhangsan", "wangwu"))
	if kept+1 > store.MaxTransfers || kept != store.MaxTransfers-store.MaxTransfers/10 {
		t.Errorf("kept %d settled transfers and a new one, want the oldest tenth dropped", kept)
	}
}

// Transfers come due while many requests, Advances and the customer's
// answers race: each settles once, and the app gets each event once.
func TestTransferSettlesOnce(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ids := addCustomers(t, srv, "zhangsan", 20)
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	startTransfer(t, srv, ec, pathTransfer, "zhangsan", "lisi", ids...)
	srv.Advance(24*time.Hour - time.Millisecond)
	ec = testkit.ECToken(t, srv)

	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			switch g % 4 {
			case 0:
				srv.Advance(time.Millisecond)
			case 1:
				testkit.ECPost(t, srv, ec, pathTransferResult, map[string]any{"handover_userid": "zhangsan", "takeover_userid": "lisi"})
			case 2:
				answerTransferRaw(t, srv, ctlAccept, "zhangsan", "lisi", ids[g%len(ids)])
			default:
				testkit.ECGet(t, srv, ec, pathList, "userid", "lisi")
			}
		})
	}
	testwait.Group(t, &wg)
	srv.Advance(time.Millisecond) // whatever the race left
	ds, err := srv.WaitDeliveries(context.Background(), mockserver.DeliveryFilter{Kind: "change_external_contact"})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, d := range ds {
		seen[d.Kind]++
	}
	if len(ds) != 2*len(ids) || seen["change_external_contact/add_external_contact"] != len(ids) || seen["change_external_contact/del_external_contact"] != len(ids) {
		t.Errorf("deliveries %v (%d), want one add and one del per customer", seen, len(ds))
	}
	for range 2 * len(ids) {
		rcv.Next(t)
	}
	rcv.None(t)
	for id, st := range transferResults(t, srv, ec, pathTransferResult, "zhangsan", "lisi") {
		if st.Status != 1 {
			t.Errorf("%s: %+v, want taken over", id, st)
		}
	}
}

// answerTransferRaw answers a transfer through the control API, which may
// find it already settled (404).
func answerTransferRaw(t *testing.T, srv *mockserver.Server, path, from, to, id string) {
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+path, map[string]string{
		"corpid": testkit.Corp1, "handover_userid": from, "takeover_userid": to, "external_userid": id,
	})
	if r.Status != http.StatusOK && r.Status != http.StatusNotFound {
		t.Errorf("%s: %s", path, r)
	}
}
