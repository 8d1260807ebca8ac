package mockserver_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The tag APIs and change_contact: creating, renaming and deleting a tag
// send nothing (change_contact has no such event); an app changing the
// members of its own tag causes update_tag to the contact-sync assistant
// and to the apps whose range names the tag — not to the creating app,
// whose range does not.
func TestTagAPICallbacks(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(cbClockStart))
	now := srv.Now()
	app := newAppReceiver(t, testkit.Corp1, nil)
	contacts := newAppReceiver(t, testkit.Corp1, nil)
	configure(t, srv, testkit.Corp1, testkit.AgentID, app.URL)
	configure(t, srv, testkit.Corp1, mockserver.ContactsAgentID, contacts.URL)
	atok := testkit.AppToken(t, srv)
	call := func(method, path string, body any, kv ...string) string {
		t.Helper()
		u := testkit.URL(srv, path, append([]string{"access_token", atok}, kv...)...)
		var r *testkit.Resp
		if body == nil {
			r = testkit.Get(t, u)
		} else {
			r = testkit.SendJSON(t, method, u, body)
		}
		m := testkit.DecodeMap(t, r.Body)
		if testkit.ErrCode(t, m) != 0 {
			t.Fatalf("%s: %s", path, r.Body)
		}
		return fmt.Sprint(m["tagid"])
	}
	settle := func() {
		t.Helper()
		for _, d := range testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{}) {
			if d.Status != mockserver.DeliveryDelivered {
				t.Fatalf("delivery %s %s: %s %s", d.ID, d.Kind, d.Status, d.Error)
			}
		}
	}

	id := call(http.MethodPost, "/cgi-bin/tag/create", map[string]any{"tagname": "应用标签"})
	call(http.MethodPost, "/cgi-bin/tag/update", map[string]any{"tagid": id, "tagname": "应用标签2"})
	call(http.MethodPost, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": id, "userlist": []string{"lisi"}})
	settle()
	ev := changeOf(t, contacts, callback.UpdateTag, now)
	if fmt.Sprint(ev.TagId) != id || !slices.Equal(ev.AddUserItems, []string{"lisi"}) {
		t.Errorf("update_tag to the contact-sync assistant: %s", ev.Raw())
	}
	call(http.MethodGet, "/cgi-bin/tag/delete", nil, "tagid", id)
	settle()
	contacts.none(t)
	app.none(t)
	if ds := srv.Deliveries(mockserver.DeliveryFilter{}); len(ds) != 1 || !strings.Contains(ds[0].Kind, "update_tag") {
		t.Errorf("deliveries: %+v, want the one update_tag", ds)
	}
}
