package batch_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// A 1,000-row syncuser runs on the virtual clock, 100 rows a second:
// pending, then half done, then done with a result per row; the directory
// changes, the app that sees department 2 hears each change, and the
// contact-sync assistant (no callback in the job) gets batch_job_result.
func TestSyncUserThousandRows(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	app := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	assistant := testkit.NewReceiver(t, srv, testkit.Corp1, 0)

	var csv strings.Builder
	csv.WriteString(userHeader)
	for i := range 997 {
		csv.WriteString(memberRow(i))
	}
	csv.WriteString("张三,zhangsan,,,,架构师,,,,,,,,\n")           // update: only the position
	csv.WriteString("坏手机,badmobile,12ab,,2,,,,,,,,,\n")       // 60103
	csv.WriteString("无部门,nodept,13900009999,,999,,,,,,,,,\n") // 60003
	jobID := start(t, srv, tok, "/cgi-bin/batch/syncuser", csv.String(), nil)

	r := getResult(t, srv, tok, jobID)
	if r.Status != 1 || r.Type != "sync_user" || r.Total != 1000 || r.Percentage != 0 || len(r.Result) != 0 {
		t.Fatalf("at start: %+v", r)
	}
	srv.Advance(5 * time.Second)
	r = getResult(t, srv, tok, jobID)
	if r.Status != 2 || r.Percentage != 50 || len(r.Result) != 500 {
		t.Fatalf("after 5 s: status %d, %d%%, %d results", r.Status, r.Percentage, len(r.Result))
	}
	srv.Advance(5 * time.Second)
	r = getResult(t, srv, tok, jobID)
	if r.Status != 3 || r.Percentage != 100 || len(r.Result) != 1000 {
		t.Fatalf("after 10 s: status %d, %d%%, %d results", r.Status, r.Percentage, len(r.Result))
	}
	want := map[int]rowResult{
		0:   {UserID: "imp0000", ErrMsg: "ok"},
		997: {UserID: "zhangsan", ErrMsg: "ok"},
		998: {UserID: "badmobile", ErrCode: int(errcode.InvalidMobile), ErrMsg: errcode.InvalidMobile.Text()},
		999: {UserID: "nodept", ErrCode: int(errcode.DepartmentNotFound), ErrMsg: errcode.DepartmentNotFound.Text()},
	}
	for i, w := range want {
		if r.Result[i] != w {
			t.Errorf("result[%d] = %+v, want %+v", i, r.Result[i], w)
		}
	}

	u := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "imp0996"))
	if testkit.Str(t, u, "name") != "导入996" || testkit.Str(t, u, "mobile") != "13900000996" {
		t.Errorf("imported member: %v", u)
	}
	z := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "zhangsan"))
	if testkit.Str(t, z, "position") != "架构师" || testkit.Str(t, z, "name") != "张三" || testkit.Str(t, z, "mobile") == "" {
		t.Errorf("zhangsan after sync: %v", z)
	}
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "badmobile")), errcode.UserIDNotFound)

	creates, updates := 0, 0
	for creates+updates < 998 {
		raw := next(t, app.Events)
		switch {
		case bytes.Contains(raw, []byte("<ChangeType><![CDATA[create_user]]>")):
			creates++
		case bytes.Contains(raw, []byte("<ChangeType><![CDATA[update_user]]>")) && bytes.Contains(raw, []byte("zhangsan")):
			updates++
		default:
			t.Fatalf("unexpected event at the app: %s", raw)
		}
	}
	if creates != 997 || updates != 1 {
		t.Errorf("app heard %d create_user and %d update_user, want 997 and 1", creates, updates)
	}
	wantBatchResult(t, next(t, assistant.Events), jobID, "sync_user")
	// Deliveries are queued when the job ends: the journal is complete.
	ds := srv.Deliveries(mockserver.DeliveryFilter{CorpID: testkit.Corp1, Receiver: "contacts"})
	if len(ds) != 1 || ds[0].Kind != "batch_job_result" {
		t.Errorf("the assistant's deliveries: %+v, want only batch_job_result", ds)
	}
}
