package externalcontact_test

import (
	"slices"
	str "strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// wantEvent checks the fields of a decrypted change_external_chat event.
func wantEvent(t *testing.T, ev map[string]string, want map[string]string) {
	t.Helper()
	want["ToUserName"], want["FromUserName"], want["MsgType"], want["Event"] = testkit.Corp1, "sys", "event", "change_external_chat"
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %q, want %q (event %v)", k, ev[k], v, ev)
		}
	}
}

// A group's life in the WeCom client, each step with the event the app's
// callback decrypts and what groupchat/get shows afterwards.
func TestGroupChatEvents(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)

	created := newGroup(t, srv, "zhangsan", testkit.Customer1)
	if len(created.Deliveries) != 1 || created.ChangeType != "create" || created.Event != "change_external_chat" {
		t.Fatalf("create: %+v", created)
	}
	chat := created.ChatID
	ev := rcv.Next(t)
	wantEvent(t, ev, map[string]string{"ChangeType": "create", "ChatId": chat})
	if _, ok := ev["UpdateDetail"]; ok {
		t.Errorf("create has no UpdateDetail: %v", ev)
	}

	// Two join by the group QR code: a customer and a WeChat user who is
	// no one's customer.
	added, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{
		CorpID: testkit.Corp1, ChatID: chat, JoinScene: 3,
		Members: []mockserver.CustomerGroupJoiner{{UserID: testkit.Customer2}, {Name: "路人甲", UnionID: "ozmockpasserby"}},
	})
	if err != nil || added.UpdateDetail != "add_member" || added.MemberVersion == created.MemberVersion {
		t.Fatalf("add_member: %+v, %v", added, err)
	}
	g := getGroup(t, srv, ec, chat, 1)
	ids := memberIDs(t, g)
	if len(ids) != 4 || ids[2] != testkit.Customer2 || !str.HasPrefix(ids[3], "wm") || g["member_version"] != added.MemberVersion {
		t.Fatalf("after add_member: %v", g)
	}
	passerby := testkit.As[map[string]any](t, testkit.As[[]any](t, g["member_list"])[3])
	if passerby["name"] != "路人甲" || passerby["unionid"] != "ozmockpasserby" || passerby["join_scene"] != jsonNum(3) {
		t.Errorf("the WeChat user: %v", passerby)
	}
	if _, ok := passerby["invitor"]; ok {
		t.Errorf("no invitor for a scan of the group QR code: %v", passerby)
	}
	wantEvent(t, rcv.Next(t), map[string]string{
		"ChangeType": "update", "ChatId": chat, "UpdateDetail": "add_member", "JoinScene": "3",
		"MemChangeCnt": "2", "MemChangeList": testkit.Customer2 + "," + ids[3],
		"LastMemVer": created.MemberVersion, "CurMemVer": added.MemberVersion,
	})

	// lisi invites wangwu directly: JoinScene 0 in the event, invitor lisi.
	if _, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, Members: []mockserver.CustomerGroupJoiner{{UserID: "lisi"}}}); err != nil {
		t.Fatal(err)
	}
	rcv.Next(t)
	invited, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, Invitor: "lisi", Members: []mockserver.CustomerGroupJoiner{{UserID: "wangwu"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ev := rcv.Next(t); ev["JoinScene"] != "0" || ev["MemChangeList"] != "wangwu" || ev["CurMemVer"] != invited.MemberVersion {
		t.Errorf("direct invitation: %v", ev)
	}
	wangwu := testkit.As[map[string]any](t, testkit.As[[]any](t, getGroup(t, srv, ec, chat, 0)["member_list"])[5])
	if testkit.As[map[string]any](t, wangwu["invitor"])["userid"] != "lisi" || wangwu["type"] != jsonNum(1) {
		t.Errorf("wangwu in the group: %v", wangwu)
	}

	// The owner removes the customer: QuitScene 1.
	removed, err := srv.RemoveCustomerGroupMembers(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, UserIDs: []string{testkit.Customer1}, QuitScene: 1})
	if err != nil {
		t.Fatal(err)
	}
	ev = rcv.Next(t)
	wantEvent(t, ev, map[string]string{
		"ChangeType": "update", "ChatId": chat, "UpdateDetail": "del_member", "QuitScene": "1",
		"MemChangeCnt": "1", "MemChangeList": testkit.Customer1, "LastMemVer": invited.MemberVersion, "CurMemVer": removed.MemberVersion,
	})
	if _, ok := ev["JoinScene"]; ok {
		t.Errorf("del_member has no JoinScene: %v", ev)
	}
	if slices.Contains(memberIDs(t, getGroup(t, srv, ec, chat, 0)), testkit.Customer1) {
		t.Error("the removed customer is still listed")
	}

	for _, step := range []struct {
		detail string
		do     func() (mockserver.CustomerGroupChanged, error)
		check  func(g map[string]any) bool
	}{
		{"change_name", func() (mockserver.CustomerGroupChanged, error) {
			return srv.RenameCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, Name: "春季活动群"})
		}, func(g map[string]any) bool { return g["name"] == "春季活动群" }},
		{"change_notice", func() (mockserver.CustomerGroupChanged, error) {
			return srv.SetCustomerGroupNotice(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, Notice: "周五抽奖"})
		}, func(g map[string]any) bool { return g["notice"] == "周五抽奖" }},
		{"change_owner", func() (mockserver.CustomerGroupChanged, error) {
			return srv.ChangeCustomerGroupOwner(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat, NewOwner: "lisi"})
		}, func(g map[string]any) bool { return g["owner"] == "lisi" }},
	} {
		res, err := step.do()
		if err != nil || res.UpdateDetail != step.detail || len(res.Deliveries) != 1 {
			t.Fatalf("%s: %+v, %v", step.detail, res, err)
		}
		wantEvent(t, rcv.Next(t), map[string]string{"ChangeType": "update", "ChatId": chat, "UpdateDetail": step.detail})
		if g := getGroup(t, srv, ec, chat, 0); !step.check(g) {
			t.Errorf("after %s: %v", step.detail, g)
		}
	}

	dismissed, err := srv.DismissCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: chat})
	if err != nil || dismissed.ChangeType != "dismiss" {
		t.Fatalf("dismiss: %+v, %v", dismissed, err)
	}
	wantEvent(t, rcv.Next(t), map[string]string{"ChangeType": "dismiss", "ChatId": chat})
	if got, _ := groupList(t, srv, ec, map[string]any{"limit": 10}); slices.Contains(got, chat+":0") {
		t.Errorf("a dismissed group is listed: %v", got)
	}

	// A group of wangwu's, whom the app does not see: no delivery to it.
	if res := newGroup(t, srv, "wangwu"); len(res.Deliveries) != 0 {
		t.Errorf("wangwu's group was delivered to %v", res.Deliveries)
	}
	rcv.None(t)
}

// The 代开发 app sees the customers of MemChangeList under its own
// external_userid, as in its APIs.
func TestGroupChatEventCustomizedApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.DKAgent)
	if _, err := srv.AddCustomerGroupMembers(mockserver.CustomerGroupChange{
		CorpID: testkit.Corp1, ChatID: testkit.CustomerChat1, Members: []mockserver.CustomerGroupJoiner{{UserID: testkit.Customer3}},
	}); err != nil {
		t.Fatal(err)
	}
	ev := rcv.Next(t)
	dk := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	ids := memberIDs(t, getGroup(t, srv, dk, testkit.CustomerChat1, 0))
	if ev["MemChangeList"] == testkit.Customer3 || ev["MemChangeList"] != ids[len(ids)-1] {
		t.Errorf("MemChangeList %q, want the 代开发 form %q", ev["MemChangeList"], ids[len(ids)-1])
	}
}
