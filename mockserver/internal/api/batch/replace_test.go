package batch_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// replaceuser makes the directory's members the file's: zhouqi, not in the
// file, is deleted; wangwu's empty 职位 cell clears his position; the job's
// own callback URL gets batch_job_result.
func TestReplaceUser(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	cb := newJobReceiver(t)
	csv := userHeader +
		"张三,zhangsan,,,2,,,,,,,,,\n" +
		"李四,lisi,,,4,,,,,,,,,\n" +
		"王五,wangwu,,,3,,,,,,,,,\n" +
		"新人,newbie,,newbie@example.com,3,,女,,,,,,,\n"
	jobID := start(t, srv, tok, "/cgi-bin/batch/replaceuser", csv, map[string]any{"callback": cb.callback(), "to_invite": false})
	srv.Advance(time.Second)
	r := getResult(t, srv, tok, jobID)
	if r.Status != 3 || r.Type != "replace_user" || r.Total != 4 || len(r.Result) != 4 {
		t.Fatalf("result: %+v", r)
	}
	for _, row := range r.Result {
		if row.ErrCode != 0 {
			t.Errorf("row %+v failed", row)
		}
	}
	get := func(userid string) *testkit.Resp {
		return testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", userid))
	}
	testkit.WeComError(t, get("zhouqi"), errcode.UserIDNotFound)
	n := testkit.OK(t, get("newbie"))
	if testkit.Str(t, n, "gender") != "2" || testkit.Str(t, n, "email") != "newbie@example.com" {
		t.Errorf("newbie: %v", n)
	}
	if w := testkit.OK(t, get("wangwu")); w["position"] != nil && w["position"] != "" {
		t.Errorf("wangwu keeps position %v, the file's empty cell should clear it", w["position"])
	}
	wantBatchResult(t, next(t, cb.events), jobID, "replace_user")
}

// replaceparty creates, renames and moves departments as its file says
// (a child listed before its parent included), deletes the empty ones the
// file omits and keeps those that still hold members; per-row actions.
func TestReplaceParty(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	assistant := testkit.NewReceiver(t, srv, testkit.Corp1, 0)
	if r := post(t, srv, tok, "/cgi-bin/department/create", map[string]any{"name": "临时组", "parentid": 1, "id": 6}); testkit.Num(t, testkit.DecodeMap(t, r.Body), "errcode") != 0 {
		t.Fatalf("department/create: %s", r)
	}
	csv := "部门名称,部门ID,父部门ID,排序\n" +
		"模拟科技有限公司,1,0,\n" +
		"研发中心,2,1,\n" + // renamed
		"平台组,4,1,\n" + // moved
		"小组,7,5,\n" + // child before its parent
		"财务部,5,1,10\n" +
		"坏部门,abc,1,\n"
	jobID := start(t, srv, tok, "/cgi-bin/batch/replaceparty", csv, nil)
	srv.Advance(time.Second)
	r := getResult(t, srv, tok, jobID)
	if r.Status != 3 || r.Type != "replace_party" || r.Total != 6 {
		t.Fatalf("result: %+v", r)
	}
	byID := map[int]rowResult{}
	for _, row := range r.Result {
		byID[row.PartyID] = row
	}
	for id, want := range map[int]rowResult{
		1: {PartyID: 1, ErrMsg: "ok"},
		2: {PartyID: 2, Action: 2, ErrMsg: "ok"},
		4: {PartyID: 4, Action: 4, ErrMsg: "ok"},
		5: {PartyID: 5, Action: 1, ErrMsg: "ok"},
		7: {PartyID: 7, Action: 1, ErrMsg: "ok"},
		0: {PartyID: 0, ErrCode: int(errcode.InvalidDeptID), ErrMsg: errcode.InvalidDeptID.Text()},
	} {
		if byID[id] != want {
			t.Errorf("party %d: %+v, want %+v", id, byID[id], want)
		}
	}
	r2 := testkit.Get(t, testkit.URL(srv, "/cgi-bin/department/list", "access_token", tok))
	var list struct {
		Department []struct {
			ID       int    `json:"id"`
			Name     string `json:"name"`
			ParentID int    `json:"parentid"`
		} `json:"department"`
	}
	if err := json.Unmarshal(testkit.OKBody(t, r2), &list); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, d := range list.Department {
		got[d.ID] = fmt.Sprintf("%s/%d", d.Name, d.ParentID)
	}
	want := map[int]string{1: "模拟科技有限公司/0", 2: "研发中心/1", 3: "市场部/1", 4: "平台组/1", 5: "财务部/1", 7: "小组/5"}
	if len(got) != len(want) {
		t.Errorf("departments %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("department %d = %q, want %q", id, got[id], w)
		}
	}
	wantBatchResult(t, next(t, assistant.Events), jobID, "replace_party")
}
