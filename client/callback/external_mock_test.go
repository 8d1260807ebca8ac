package callback_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The 客户联系 events wecom-mock sends reach a Handler typed: the mock and
// this package agree on every element.

const (
	mockCorp  = "wwmockcorp000001"
	mockAgent = 1000002
)

// mockReceiver starts a mock with the default world and a Handler as the
// callback of its app 1000002, whose events land in the channel.
func mockReceiver(t *testing.T) (*mockserver.Server, <-chan callback.Event) {
	t.Helper()
	srv := mockserver.NewTest(t)
	events := make(chan callback.Event, 16)
	h, err := callback.NewHandler(sampleToken, sampleKey, mockCorp, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		events <- ev
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	v, err := srv.SetCallback(context.Background(), mockserver.CallbackConfig{
		CorpID: mockCorp, AgentID: mockAgent, URL: hs.URL, Token: sampleToken, EncodingAESKey: sampleKey,
	})
	if err != nil || !v.Verified {
		t.Fatalf("SetCallback: %+v, %v", v, err)
	}
	return srv, events
}

func next[T callback.Event](t *testing.T, events <-chan callback.Event) T {
	t.Helper()
	select {
	case ev := <-events:
		got, ok := ev.(T)
		if !ok {
			t.Fatalf("got %T (%s), want %T", ev, ev.Raw(), *new(T))
		}
		return got
	case <-time.After(10 * time.Second):
		t.Fatal("no callback arrived")
	}
	var zero T
	return zero
}

func TestMockExternalContactEventsAreTyped(t *testing.T) {
	t.Parallel()
	srv, events := mockReceiver(t)
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: mockCorp, UserID: "zhangsan",
		Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat}, ConfigID: "cwmockconfig0001", State: "spring"})
	if err != nil {
		t.Fatal(err)
	}
	add := next[*callback.ChangeExternalContactEvent](t, events)
	deq(t, "add", add.ExternalContactChange, callback.ExternalContactChange{ChangeType: callback.AddExternalContact,
		UserID: "zhangsan", ExternalUserID: added.ExternalUserID, State: "spring", WelcomeCode: added.WelcomeCode})
	eq(t, "ToUserName", add.ToUserName, mockCorp)
	eq(t, "FromUserName", add.FromUserName, "sys")

	rel := mockserver.ExternalContactRelation{CorpID: mockCorp, UserID: "zhangsan", ExternalUserID: added.ExternalUserID}
	if _, err := srv.DeleteFollowUser(rel); err != nil {
		t.Fatal(err)
	}
	del := next[*callback.ChangeExternalContactEvent](t, events)
	eq(t, "ChangeType", del.ChangeType, callback.DelFollowUser)
	eq(t, "ExternalUserID", del.ExternalUserID, added.ExternalUserID)
}

func TestMockExternalChatEventsAreTyped(t *testing.T) {
	t.Parallel()
	srv, events := mockReceiver(t)
	created, err := srv.CreateCustomerGroup(mockserver.CustomerGroupChange{CorpID: mockCorp, Owner: "zhangsan", Name: "新群"})
	if err != nil {
		t.Fatal(err)
	}
	c := next[*callback.ChangeExternalChatEvent](t, events)
	deq(t, "create", c.ExternalChatChange, callback.ExternalChatChange{ChatId: created.ChatID, ChangeType: callback.ExternalChatCreate})

	joined, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: mockCorp, ChatID: created.ChatID,
		Members: []mockserver.CustomerGroupJoiner{{UserID: "wmmockcust0001"}, {UserID: "lisi"}}})
	if err != nil {
		t.Fatal(err)
	}
	u := next[*callback.ChangeExternalChatEvent](t, events)
	eq(t, "UpdateDetail", u.UpdateDetail, callback.ChatAddMember)
	eq(t, "MemChangeCnt", u.MemChangeCnt, 2)
	deq(t, "MemChangeList", u.MemChangeList, []string{"wmmockcust0001", "lisi"})
	eq(t, "JoinScene", u.JoinScene, callback.ChatJoinByMember)
	eq(t, "CurMemVer", u.CurMemVer, joined.MemberVersion)
	if u.LastMemVer == "" || u.LastMemVer == u.CurMemVer {
		t.Errorf("LastMemVer %q, CurMemVer %q", u.LastMemVer, u.CurMemVer)
	}

	if _, err := srv.DismissCustomerGroup(mockserver.CustomerGroupChange{CorpID: mockCorp, ChatID: created.ChatID}); err != nil {
		t.Fatal(err)
	}
	d := next[*callback.ChangeExternalChatEvent](t, events)
	eq(t, "ChangeType", d.ChangeType, callback.ExternalChatDismiss)
}
