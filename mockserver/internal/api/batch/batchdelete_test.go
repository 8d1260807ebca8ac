package batch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// user/batchdelete deletes the listed members and tells the apps that saw
// them; a list with an unknown or invalid userid changes nothing; past 200
// userids, or with an app token, it is refused.
func TestBatchDelete(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	app := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	get := func(userid string) *testkit.Resp {
		return testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", userid))
	}
	const path = "/cgi-bin/user/batchdelete"

	testkit.ContactError(t, post(t, srv, tok, path, map[string]any{"useridlist": []string{"lisi", "ghost"}}),
		errcode.UserIDNotFound, errcode.UserIDNotFound.Text()+":ghost")
	testkit.WeComError(t, post(t, srv, tok, path, map[string]any{"useridlist": []string{"lisi", "-bad"}}), errcode.InvalidUserID)
	testkit.OK(t, get("lisi")) // nothing deleted

	many := make([]string, 201)
	for i := range many {
		many[i] = fmt.Sprintf("u%d", i)
	}
	testkit.WeComError(t, post(t, srv, tok, path, map[string]any{"useridlist": many}), errcode.InvalidParameter)
	testkit.WeComError(t, post(t, srv, testkit.AppToken(t, srv), path, map[string]any{"useridlist": []string{"lisi"}}), errcode.APIForbidden)

	r := post(t, srv, tok, path, map[string]any{"useridlist": []string{"lisi", "wangwu"}})
	if m := testkit.DecodeMap(t, r.Body); testkit.ErrCode(t, m) != 0 || m["errmsg"] != "deleted" {
		t.Fatalf("batchdelete: %s", r)
	}
	testkit.WeComError(t, get("lisi"), errcode.UserIDNotFound)
	testkit.WeComError(t, get("wangwu"), errcode.UserIDNotFound)
	testkit.OK(t, get("zhangsan"))
	// lisi was in department 4, under the app's department 2: the app hears
	// of it; wangwu (department 3) it never saw.
	raw := string(next(t, app.Events))
	if want := "<ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA[lisi]]></UserID>"; !strings.Contains(raw, want) {
		t.Errorf("app event %s, want %s", raw, want)
	}
}
