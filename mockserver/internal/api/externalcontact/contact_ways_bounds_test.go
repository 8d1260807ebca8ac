package externalcontact_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The bounds of a corp's contact ways: store.MaxContactWays lasting ones,
// store.MaxTempContactWays temporary ones kept, store.MaxConclusionsTotal
// bytes of conclusions.

// worldWithWays is the default world with n more contact ways of zhangsan's
// (temporary ones valid for ten minutes).
func worldWithWays(n int, temp bool) *fixtures.World {
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	users := []string{"zhangsan"}
	for i := range n {
		ec.ContactWays = append(ec.ContactWays, fixtures.ContactWay{
			ConfigID: "cwbound" + itoa(i), Type: 1, Scene: 1, Users: users, IsTemp: temp, ExpiresIn: 600,
		})
	}
	return w
}

func TestContactWayCountBound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a corp of 500,000 contact ways")
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(worldWithWays(store.MaxContactWays-1, false)))
	ec := testkit.ECToken(t, srv)
	way := map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathAddWay, way), errcode.ContactWayLimit)
	// Temporary ways do not count.
	addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true})
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathDelWay, map[string]any{"config_id": "cwbound7"}))
	addWay(t, srv, ec, way)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathAddWay, way), errcode.ContactWayLimit)
}

func TestTemporaryContactWayBound(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(worldWithWays(store.MaxTempContactWays, true)), mockserver.WithFrozenClock())
	ec := testkit.ECToken(t, srv)
	temp := map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathAddWay, temp), errcode.ContactWayLimit)
	// Lasting ways do not count.
	addWay(t, srv, ec, map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}})
	// Once their QR codes have expired, the old temporary ways make room.
	srv.Advance(10 * time.Minute)
	ec = testkit.ECToken(t, srv)
	id := addWay(t, srv, ec, temp)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGetWay, map[string]any{"config_id": "cwbound0"}), errcode.InvalidConfigID)
	getWay(t, srv, ec, id)
}

func TestContactWayConclusionsBound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("sends 8 MiB of conclusions")
	}
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	// Conclusions of just under MaxConclusionsBytes each.
	text := make([]byte, store.MaxConclusionsBytes-64)
	for i := range text {
		text[i] = 'x'
	}
	conclusions := map[string]any{"text": map[string]any{"content": string(text)}}
	raw, err := json.Marshal(conclusions)
	if err != nil {
		t.Fatal(err)
	}
	temp := map[string]any{"type": 1, "scene": 2, "user": []string{"zhangsan"}, "is_temp": true, "conclusions": conclusions}
	want := store.MaxConclusionsTotal / len(raw)
	var last string
	for i := 0; ; i++ {
		r := testkit.ECPost(t, srv, ec, pathAddWay, temp)
		if i == want {
			testkit.WeComError(t, r, errcode.ContactWayLimit)
			break
		}
		last = testkit.Str(t, testkit.OK(t, r), "config_id")
	}
	// Ways without conclusions still fit; deleting one frees its bytes.
	delete(temp, "conclusions")
	addWay(t, srv, ec, temp)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathDelWay, map[string]any{"config_id": last}))
	temp["conclusions"] = conclusions
	addWay(t, srv, ec, temp)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathAddWay, temp), errcode.ContactWayLimit)
}
