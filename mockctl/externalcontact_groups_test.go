package mockctl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The client drives a customer group's life over HTTP.
func TestCustomerGroupClient(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	created, err := ctl.CreateCustomerGroup(ctx, mockctl.CustomerGroupChange{
		CorpID: "wwmockcorp000001", Owner: "zhangsan", Name: "客户群",
		Members: []mockctl.CustomerGroupJoiner{{UserID: "wmmockcust0001"}},
	})
	if err != nil || created.ChatID == "" || created.ChangeType != "create" || created.Deliveries == nil {
		t.Fatalf("create: %+v, %v", created, err)
	}
	left, err := ctl.ChangeCustomerGroup(ctx, mockctl.CustomerGroupChange{
		CorpID: "wwmockcorp000001", Action: mockctl.GroupDelMember, ChatID: created.ChatID, UserIDs: []string{"wmmockcust0001"},
	})
	if err != nil || left.UpdateDetail != "del_member" || left.MemberVersion == created.MemberVersion {
		t.Fatalf("del_member: %+v, %v", left, err)
	}
	if res, err := ctl.DismissCustomerGroup(ctx, "wwmockcorp000001", created.ChatID); err != nil || res.ChangeType != "dismiss" {
		t.Fatalf("dismiss: %+v, %v", res, err)
	}
	_, err = ctl.DismissCustomerGroup(ctx, "wwmockcorp000001", created.ChatID)
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Errorf("dismissing twice: %v, want a 404", err)
	}
}
