package client_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const (
	transferPath         = "/cgi-bin/externalcontact/transfer_customer"
	transferResultPath   = "/cgi-bin/externalcontact/transfer_result"
	resignedTransferPath = "/cgi-bin/externalcontact/resigned/transfer_customer"
	unassignedPath       = "/cgi-bin/externalcontact/get_unassigned_list"
)

func TestTransferCustomerTakesOverAfter24Hours(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret, client.WithClock(srv.Now))
	ctx := context.Background()
	due := srv.Now().Add(24 * time.Hour).Unix()

	got, err := c.TransferCustomer(ctx, client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
		ExternalUserIDs: []string{customer2, customer2, "wmnobody"}, SuccessMsg: "您好，李四将继续为您服务"})
	if err != nil {
		t.Fatal(err)
	}
	want := []client.TransferOutcome{
		{ExternalUserID: customer2, ErrCode: errcode.OK},
		{ExternalUserID: customer2, ErrCode: errcode.TransferInProgress},
		{ExternalUserID: "wmnobody", ErrCode: errcode.InvalidExternalUserID},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("TransferCustomer = %+v, want %+v", got, want)
	}
	page, err := c.TransferResult(ctx, "zhangsan", "lisi", "")
	wantWaiting := []client.TransferStatus{{ExternalUserID: customer2, Status: client.TransferWaiting, TakeoverTime: due}}
	if err != nil || !reflect.DeepEqual(page.Customers, wantWaiting) || page.NextCursor != "" {
		t.Fatalf("TransferResult while waiting = %+v, %v", page, err)
	}

	srv.Advance(24 * time.Hour)
	page, err = c.TransferResult(ctx, "zhangsan", "lisi", "")
	if err != nil || len(page.Customers) != 1 || page.Customers[0].Status != client.TransferDone {
		t.Fatalf("TransferResult after 24 h = %+v, %v", page, err)
	}
	cust, err := c.GetExternalContact(ctx, customer2)
	if err != nil || len(cust.FollowUsers) != 1 || cust.FollowUsers[0].UserID != "lisi" || cust.FollowUsers[0].AddWay != 202 {
		t.Fatalf("after the takeover: %+v, %v", cust, err)
	}

	for _, tt := range []struct {
		name string
		tr   client.Transfer
		code errcode.Code
	}{
		{"unknown takeover", client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "nobody", ExternalUserIDs: []string{customer3}}, errcode.UserIDNotFound},
		{"no customers", client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi"}, errcode.InvalidParameter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.TransferCustomer(ctx, tt.tr)
			wantAPIError(t, err, tt.code, transferPath)
		})
	}
	_, err = c.TransferResult(ctx, "zhangsan", "lisi", "forged")
	wantAPIError(t, err, errcode.InvalidParameter, transferResultPath)
}

func TestTransferRefusedByTheCustomer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	if _, err := c.TransferCustomer(ctx, client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserIDs: []string{customer3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.RefuseTransfer(mockserver.ExternalContactTransfer{CorpID: corpID, HandoverUserID: "zhangsan",
		TakeoverUserID: "lisi", ExternalUserID: customer3}); err != nil {
		t.Fatal(err)
	}
	page, err := c.TransferResult(ctx, "zhangsan", "lisi", "")
	want := []client.TransferStatus{{ExternalUserID: customer3, Status: client.TransferRefused}}
	if err != nil || !reflect.DeepEqual(page.Customers, want) {
		t.Fatalf("TransferResult = %+v, %v; want %+v", page, err, want)
	}
}

// A member who left: their customers wait in get_unassigned_list until a
// 离职 transfer hands them over.
func TestResignedTransfer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret, client.WithClock(srv.Now))
	ctx := context.Background()

	// While zhangsan is in the corp, 离职 transfers are refused.
	_, err := c.ResignedTransferCustomer(ctx, client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserIDs: []string{customer2}})
	wantAPIError(t, err, errcode.MemberNotResigned, resignedTransferPath)

	left := srv.Now().Unix()
	if _, err := srv.DeleteUser(corpID, "zhangsan"); err != nil {
		t.Fatal(err)
	}
	first, err := c.UnassignedList(ctx, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	wantFirst := []client.UnassignedCustomer{{HandoverUserID: "zhangsan", ExternalUserID: customer1, DimissionTime: left},
		{HandoverUserID: "zhangsan", ExternalUserID: customer2, DimissionTime: left}}
	if !reflect.DeepEqual(first.Customers, wantFirst) || first.IsLast || first.NextCursor == "" {
		t.Fatalf("first page = %+v", first)
	}
	second, err := c.UnassignedList(ctx, first.NextCursor, 2)
	if err != nil || len(second.Customers) != 1 || !second.IsLast || second.NextCursor != "" {
		t.Fatalf("second page = %+v, %v", second, err)
	}
	_, err = c.UnassignedList(ctx, "", client.MaxUnassignedPage+1)
	wantAPIError(t, err, errcode.InvalidParameter, unassignedPath)

	got, err := c.ResignedTransferCustomer(ctx, client.Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
		ExternalUserIDs: []string{customer2, customer3}, SuccessMsg: "not sent"})
	if err != nil || len(got) != 2 || got[0].ErrCode != errcode.OK || got[1].ErrCode != errcode.OK {
		t.Fatalf("ResignedTransferCustomer = %+v, %v", got, err)
	}
	page, err := c.ResignedTransferResult(ctx, "zhangsan", "lisi", "")
	if err != nil || len(page.Customers) != 2 || page.Customers[0].Status != client.TransferWaiting {
		t.Fatalf("ResignedTransferResult while waiting = %+v, %v", page, err)
	}
	srv.Advance(24 * time.Hour)
	page, err = c.ResignedTransferResult(ctx, "zhangsan", "lisi", "")
	if err != nil || len(page.Customers) != 2 || page.Customers[1].Status != client.TransferDone {
		t.Fatalf("ResignedTransferResult after 24 h = %+v, %v", page, err)
	}
	ids, err := c.ListExternalContacts(ctx, "lisi")
	if err != nil || len(ids) != 3 {
		t.Errorf("lisi's customers = %v, %v; want customer1 and the two taken over", ids, err)
	}
}
