package externalcontact_test

import (
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// A third-party app gets its 客户联系 events at its suite's 指令回调 URL,
// in the suite form (InfoType, SuiteId, AuthCorpId) and with the
// customer's id in the app's own form; a 代开发 app gets the Event form at
// its own callback URL.
func TestThirdPartyEventsGoToTheSuite(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tp, _ := thirdParty(t, srv)
	vendor := testkit.NewSuiteReceiver(t, testkit.ThirdSuite)
	if err := srv.SetSuiteCallback(testkit.ThirdSuite, vendor.Callback()); err != nil {
		t.Fatal(err)
	}
	dk := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.DKAgent)

	added := addCustomer(t, srv, "zhangsan", "vendor_state")
	ev := testkit.Await[*callback.SuiteChangeExternalContactEvent](t, vendor)
	tpIDs := idsOf(t, srv, tp)
	if ev.SuiteId != testkit.ThirdSuite || ev.AuthCorpId != testkit.Corp1 || ev.InfoType != "change_external_contact" ||
		ev.ChangeType != "add_external_contact" || ev.UserID != "zhangsan" || ev.State != "vendor_state" ||
		ev.WelcomeCode != added.WelcomeCode || ev.TimeStamp != srv.Now().Unix() {
		t.Errorf("suite event %+v", ev)
	}
	if !slices.Contains(tpIDs, ev.ExternalUserID) || ev.ExternalUserID == added.ExternalUserID {
		t.Errorf("ExternalUserID %q: not the third-party form among %v", ev.ExternalUserID, tpIDs)
	}
	got := dk.Next(t)
	if got["Event"] != "change_external_contact" || got["ToUserName"] != testkit.Corp1 || got["InfoType"] != "" {
		t.Errorf("代开发 event %v", got)
	}

	// The administrator's tag changes reach the suite too.
	if _, err := srv.CreateCorpTags(mockserver.CorpTagChange{CorpID: testkit.Corp1, GroupName: "渠道", Tags: []mockserver.NewCorpTag{{Name: "展会"}}}); err != nil {
		t.Fatal(err)
	}
	tag := testkit.Await[*callback.SuiteChangeExternalTagEvent](t, vendor)
	if tag.AuthCorpId != testkit.Corp1 || tag.ChangeType != "create" || tag.Id == "" {
		t.Errorf("suite tag event %+v", tag)
	}
}
