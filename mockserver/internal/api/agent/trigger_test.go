package agent_test

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func trigger(t *testing.T, srv *mockserver.Server, kind, key string) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/trigger", map[string]any{
		"corpid": testkit.Corp1, "agentid": testkit.AgentID, "kind": kind, "from": "zhangsan", "event_key": key,
	})
}

// Once the app has a menu, a triggered click must name one of its keys and
// a view one of its URLs (409 naming them otherwise); without a menu any
// key or URL goes, as before menus existed.
func TestTriggerFollowsTheMenu(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	deliver := func(kind, key string) {
		t.Helper()
		testkit.ControlJSON(t, trigger(t, srv, kind, key), http.StatusOK)
		if ev := rcv.Next(t); ev["Event"] != kind || ev["EventKey"] != key {
			t.Errorf("delivered %v, want %s %s", ev, kind, key)
		}
	}
	deliver("click", "ANY_KEY")
	deliver("view", "https://anything.example.com/")

	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": fullMenu()}, "agentid", agentID))
	deliver("click", "V1001_TODAY_MUSIC")
	deliver("click", "rselfmenu_2_0") // a sub-button's key
	deliver("view", "https://work.weixin.qq.com/")
	testkit.ControlError(t, trigger(t, srv, "click", "ANY_KEY"), http.StatusConflict,
		`"ANY_KEY" is not in app 1000002's menu`, "V1001_TODAY_MUSIC, rselfmenu_0_1", "rselfmenu_2_0")
	testkit.ControlError(t, trigger(t, srv, "view", "https://anything.example.com/"), http.StatusConflict,
		"view URLs: https://work.weixin.qq.com/")
	testkit.ControlError(t, trigger(t, srv, "click", "https://work.weixin.qq.com/"), http.StatusConflict, "click keys")
	rcv.None(t)

	// A menu without view buttons says so.
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": []button{{"type": "click", "name": "点", "key": "K"}}}, "agentid", agentID))
	testkit.ControlError(t, trigger(t, srv, "view", "https://work.weixin.qq.com/"), http.StatusConflict, "has no view button")

	// After menu/delete, any key goes again.
	testkit.GetOK(t, menuURL(srv, "/cgi-bin/menu/delete", tok))
	deliver("click", "ANY_KEY")
}
