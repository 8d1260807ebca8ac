package externalcontact_test

import (
	"bytes"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// What customers do with contact ways: scan the QR code the mock serves,
// add a member through a way with its state, and the temporary ways'
// expiry, single use and close_temp_chat.

func TestContactWayQRImage(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	qrWay := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}})
	miniWay := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 1, "user": []string{"zhangsan"}})
	for _, id := range []string{qrWay, testkit.ContactWay1} {
		r := testkit.Get(t, qrURL(srv, id))
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("QR image of %s: %s", id, r)
		}
		// It encodes the way's URL on the mock.
		want, err := pages.QRCodeSVG(srv.URL() + externalcontact.ContactWayPath(testkit.Corp1, id))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.Body, want) {
			t.Errorf("QR image of %s is not the code of its URL", id)
		}
	}
	for name, u := range map[string]string{
		"mini-program way":  qrURL(srv, miniWay),
		"unknown way":       qrURL(srv, "nosuchway"),
		"way of other corp": srv.URL() + externalcontact.ContactWayQRPath("wwmockcorp000002", qrWay),
	} {
		if r := testkit.Get(t, u); r.Status != http.StatusNotFound || len(r.Body) != 0 {
			t.Errorf("%s: %s, want an empty 404", name, r)
		}
	}
}

func TestAddCustomerThroughContactWay(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 2, "scene": 2, "state": "expo_2024", "party": []int{2}})
	// lisi is in 平台组, under 研发部: the way reaches them.
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "lisi", ConfigID: id, Customer: &fixtures.Customer{Name: "展会客户", Type: fixtures.CustomerWeChat},
	})
	if err != nil {
		t.Fatal(err)
	}
	ev := rcv.Next(t)
	if ev["ChangeType"] != "add_external_contact" || ev["UserID"] != "lisi" || ev["State"] != "expo_2024" ||
		ev["ExternalUserID"] != added.ExternalUserID || ev["WelcomeCode"] != added.WelcomeCode {
		t.Errorf("event %v", ev)
	}
	f := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", added.ExternalUserID))["follow_user"])[0])
	if f["state"] != "expo_2024" || f["add_way"] != cwNum(1) {
		t.Errorf("follow_user %v", f)
	}
	// A member the way does not reach cannot be added through it.
	_, err = srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: testkit.Corp1, UserID: "wangwu", ConfigID: id, ExternalUserID: added.ExternalUserID})
	var e *mockserver.Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Errorf("a member outside the way: %v", err)
	}
	rcv.None(t)
}

// addThroughWay has a new WeChat customer (with unionid, if any) add userID
// through way id.
func addThroughWay(srv *mockserver.Server, userID, id, unionID string) (mockserver.ExternalContactAdded, error) {
	return srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: userID, ConfigID: id,
		Customer: &fixtures.Customer{Name: "临时客户", Type: fixtures.CustomerWeChat, UnionID: unionID},
	})
}

// wantWayConflict checks a 409 of the customer's side.
func wantWayConflict(t *testing.T, err error, what string) {
	t.Helper()
	var e *mockserver.Error
	if !errors.As(err, &e) || e.Status != http.StatusConflict {
		t.Errorf("%s: %v, want a 409", what, err)
	}
}

func TestTemporaryContactWayExpires(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	short := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "expires_in": 600})
	byDefault := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	srv.Advance(599 * time.Second)
	if _, err := addThroughWay(srv, "zhangsan", short, ""); err != nil {
		t.Fatalf("within expires_in: %v", err)
	}
	short2 := addWay(t, srv, testkit.ECToken(t, srv), map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "expires_in": 600})
	srv.Advance(600 * time.Second)
	_, err := addThroughWay(srv, "zhangsan", short2, "")
	wantWayConflict(t, err, "after expires_in")
	// The default is 7 days.
	srv.Advance(7*24*time.Hour - 1200*time.Second)
	if _, err := addThroughWay(srv, "zhangsan", byDefault, ""); err != nil {
		t.Fatalf("a second before 7 days: %v", err)
	}
	byDefault2 := addWay(t, srv, testkit.ECToken(t, srv), map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	srv.Advance(7 * 24 * time.Hour)
	_, err = addThroughWay(srv, "zhangsan", byDefault2, "")
	wantWayConflict(t, err, "after 7 days")
	// An expired way still reads; only its QR code no longer works.
	getWay(t, srv, testkit.ECToken(t, srv), byDefault2)
	// A lasting way never expires.
	if _, err := addThroughWay(srv, "zhangsan", testkit.ContactWay1, ""); err != nil {
		t.Errorf("the lasting way: %v", err)
	}
}

func TestTemporaryContactWayAdmitsOneCustomer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	const n = 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		oks  int
		errs []error
	)
	for range n {
		wg.Go(func() {
			_, err := addThroughWay(srv, "zhangsan", id, "")
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				oks++
			} else {
				errs = append(errs, err)
			}
		})
	}
	testwait.Group(t, &wg)
	if oks != 1 {
		t.Fatalf("%d customers added through one temporary QR code, want 1", oks)
	}
	for _, err := range errs {
		wantWayConflict(t, err, "a second customer")
	}
	// A way for one WeChat user admits that user only.
	only := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "unionid": "oUnionOnly"})
	_, err := addThroughWay(srv, "zhangsan", only, "oSomeoneElse")
	var e *mockserver.Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Errorf("another unionid: %v, want a 400", err)
	}
	if _, err := addThroughWay(srv, "zhangsan", only, "oUnionOnly"); err != nil {
		t.Errorf("the unionid of the way: %v", err)
	}
}

func TestCloseTempChat(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	added, err := addThroughWay(srv, "zhangsan", id, "")
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"userid": "zhangsan", "external_userid": added.ExternalUserID}
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathCloseTemp, body))
	// The relationship the temporary way made is gone.
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", added.ExternalUserID), errcode.NotExternalContact)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathCloseTemp, body), errcode.NotExternalContact)

	for _, tc := range []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"a relationship not made through a temporary way", map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1}, errcode.NotExternalContact},
		{"unrelated", map[string]any{"userid": "wangwu", "external_userid": testkit.Customer1}, errcode.NotExternalContact},
		{"unknown customer", map[string]any{"userid": "zhangsan", "external_userid": "wmnosuchcustomer"}, errcode.InvalidExternalUserID},
		{"unknown member", map[string]any{"userid": "nobody", "external_userid": testkit.Customer1}, errcode.UserIDNotFound},
		{"malformed userid", map[string]any{"userid": "张 三", "external_userid": testkit.Customer1}, errcode.InvalidUserID},
		{"no external_userid", map[string]any{"userid": "zhangsan"}, errcode.ExternalUserIDMissing},
		{"no userid", map[string]any{"external_userid": testkit.Customer1}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathCloseTemp, tc.body), tc.want)
		})
	}
	// Customer1 still follows zhangsan.
	testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1))
}

// A member renamed in contacts stays in their contact ways, and their
// temporary chat can still be closed under the new userid.
func TestContactWayRenamedMember(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	temp := addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	added, err := addThroughWay(srv, "zhangsan", temp, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.UpdateUser(testkit.Corp1, "zhangsan", func(m *fixtures.Member) { m.UserID = "zhangsan2" }); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{testkit.ContactWay1, temp} {
		if users := getWay(t, srv, ec, id)["user"]; len(testkit.As[[]any](t, users)) != 1 || testkit.As[[]any](t, users)[0] != "zhangsan2" {
			t.Errorf("way %s users %v", id, users)
		}
	}
	if _, err := addThroughWay(srv, "zhangsan2", testkit.ContactWay1, ""); err != nil {
		t.Errorf("adding the renamed member through the way: %v", err)
	}
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathCloseTemp, map[string]any{"userid": "zhangsan2", "external_userid": added.ExternalUserID}))
}
