package externalcontact_test

import (
	"net/http"
	"net/url"
	str "strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// wayPage is the URL a contact way's QR code encodes.
func wayPage(srv *mockserver.Server, id string) string {
	return srv.URL() + externalcontact.ContactWayPath(testkit.Corp1, id)
}

// scanAndAdd posts the contact way page's form: the WeChat user name adds
// member userID.
func scanAndAdd(t *testing.T, srv *mockserver.Server, id, name, userID string) *testkit.Resp {
	t.Helper()
	form := url.Values{"name": {name}, "userid": {userID}}
	return testkit.Do(t, http.MethodPost, wayPage(srv, id), str.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// The page a contact way's QR code leads to lists the members it reaches;
// picking one adds the WeChat user as their customer through the way, with
// its state, and the app hears of it.
func TestContactWayPage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 2, "scene": 2, "state": "poster_b", "party": []int{2}})

	page := testkit.Get(t, wayPage(srv, id))
	body := string(page.Body)
	if page.Status != http.StatusOK || !str.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %s", page)
	}
	for _, want := range []string{`data-userid="zhangsan"`, `data-userid="lisi"`, "张三", "李四"} {
		if !str.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if str.Contains(body, `data-userid="wangwu"`) {
		t.Error("page offers wangwu, who is outside the way's departments")
	}

	done := scanAndAdd(t, srv, id, "扫码客户", "lisi")
	if done.Status != http.StatusOK || !str.Contains(string(done.Body), "已添加 李四") {
		t.Fatalf("add: %s", done)
	}
	ev := rcv.Next(t)
	if ev["ChangeType"] != "add_external_contact" || ev["UserID"] != "lisi" || ev["State"] != "poster_b" ||
		!str.Contains(string(done.Body), ev["ExternalUserID"]) {
		t.Errorf("event %v after the page's add", ev)
	}
	got := testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", ev["ExternalUserID"]))
	if name := testkit.As[map[string]any](t, got["external_contact"])["name"]; name != "扫码客户" {
		t.Errorf("the new customer is %v", name)
	}

	if r := scanAndAdd(t, srv, id, "扫码客户", "wangwu"); r.Status != http.StatusBadRequest {
		t.Errorf("adding a member the way does not reach: %s", r)
	}
	if r := testkit.Get(t, wayPage(srv, "nosuchway")); r.Status != http.StatusNotFound || !str.Contains(string(r.Body), "二维码已失效") {
		t.Errorf("unknown way: %s", r)
	}
	rcv.None(t)
}

// A temporary way's page admits one customer, then says its code is spent.
func TestContactWayPageTemporary(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	if r := scanAndAdd(t, srv, id, "临时客户", "zhangsan"); r.Status != http.StatusOK {
		t.Fatalf("first add: %s", r)
	}
	for _, r := range []*testkit.Resp{testkit.Get(t, wayPage(srv, id)), scanAndAdd(t, srv, id, "第二位", "zhangsan")} {
		if r.Status != http.StatusGone || !str.Contains(string(r.Body), "二维码已失效") {
			t.Errorf("a spent temporary way: %s", r)
		}
	}
}
