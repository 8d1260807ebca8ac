package batch_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Each refusal of a job's start, before any row runs.
func TestStartErrors(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	appTok := testkit.AppToken(t, srv)
	good := userHeader + memberRow(1)
	badKey := map[string]any{"url": "http://127.0.0.1:1/cb", "token": "t", "encodingaeskey": "short"}
	for _, tc := range []struct {
		name, path, csv string
		mediaID         string // instead of uploading csv
		tok             string
		extra           map[string]any
		want            errcode.Code
		phrase          string
	}{
		{name: "unknown media_id", path: "/cgi-bin/batch/syncuser", mediaID: "no-such-media", want: errcode.InvalidMediaID},
		{name: "an image, not a file", path: "/cgi-bin/batch/syncuser", mediaID: "image", want: errcode.InvalidMediaType},
		{name: "no 帐号 column", path: "/cgi-bin/batch/syncuser", csv: "姓名,手机号\n张三,13800000000\n", want: errcode.InvalidParameter, phrase: "csv header"},
		{name: "header only", path: "/cgi-bin/batch/replaceuser", csv: userHeader, want: errcode.InvalidParameter, phrase: "csv empty"},
		{name: "a column twice", path: "/cgi-bin/batch/syncuser", csv: "姓名,帐号,账号\na,b,c\n", want: errcode.InvalidParameter, phrase: "csv duplicate column"},
		{name: "party file without 父部门ID", path: "/cgi-bin/batch/replaceparty", csv: "部门名称,部门ID\n研发部,2\n", want: errcode.InvalidParameter, phrase: "csv header"},
		{name: "member file to replaceparty", path: "/cgi-bin/batch/replaceparty", csv: good, want: errcode.InvalidParameter, phrase: "csv header"},
		{name: "callback without its key", path: "/cgi-bin/batch/syncuser", csv: good, extra: map[string]any{"callback": badKey}, want: errcode.InvalidParameter, phrase: "callback needs a token and a 43-character encodingaeskey"},
		{name: "replaceuser deleting every member", path: "/cgi-bin/batch/replaceuser", csv: good, want: errcode.InvalidParameter, phrase: "replace_user would delete too many members"},
		{name: "app token", path: "/cgi-bin/batch/syncuser", csv: good, tok: appTok, want: errcode.APIForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mediaID := tc.mediaID
			if mediaID == "image" {
				mediaID = testkit.MediaUploadOK(t, srv, tok, "image", "a.png", "image/png", testkit.MediaPNG).MediaID
			}
			if mediaID == "" {
				mediaID = uploadCSV(t, srv, tok, tc.csv)
			}
			body := map[string]any{"media_id": mediaID}
			for k, v := range tc.extra {
				body[k] = v
			}
			callTok := tok
			if tc.tok != "" {
				callTok = tc.tok
			}
			r := post(t, srv, callTok, tc.path, body)
			if tc.phrase == "" {
				testkit.WeComError(t, r, tc.want)
				return
			}
			testkit.ContactError(t, r, tc.want, "invalid Request Parameter, "+tc.phrase)
		})
	}
}

// One job at a time per corp: a second start while the first runs is
// refused with 45033 and accepted once the first is done; getresult of an
// unknown jobid, or with an app token, is refused.
func TestOneJobAtATime(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	first := start(t, srv, tok, "/cgi-bin/batch/syncuser", userHeader+memberRow(1)+memberRow(2), nil)
	media := uploadCSV(t, srv, tok, userHeader+memberRow(3))
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/batch/syncuser", map[string]any{"media_id": media}), errcode.ConcurrentOutOfLimit)
	party := uploadCSV(t, srv, tok, "部门名称,部门ID,父部门ID,排序\n财务部,5,1,\n")
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/batch/replaceparty", map[string]any{"media_id": party}), errcode.ConcurrentOutOfLimit)
	srv.Advance(time.Second)
	if r := getResult(t, srv, tok, first); r.Status != 3 {
		t.Fatalf("first job: %+v", r)
	}
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/batch/syncuser", map[string]any{"media_id": media}))

	// Another corp's job is its own.
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.ContactsSecret2)
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", tok2, "jobid", first)),
		errcode.InvalidParameter, "invalid Request Parameter, jobid not found")
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", testkit.AppToken(t, srv), "jobid", first)),
		errcode.APIForbidden)
}

// A corp keeps its last MaxBatchJobsPerCorp (20) jobs: the oldest finished
// one is forgotten when a new one starts.
func TestJobsKeptPerCorp(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	var ids []string
	for i := range 21 {
		ids = append(ids, start(t, srv, tok, "/cgi-bin/batch/syncuser", userHeader+memberRow(i), nil))
		srv.Advance(time.Second)
	}
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", tok, "jobid", ids[0])),
		errcode.InvalidParameter, "invalid Request Parameter, jobid not found")
	for _, id := range ids[1:] {
		if r := getResult(t, srv, tok, id); r.Status != 3 || len(r.Result) != 1 {
			t.Fatalf("job %s: %+v", id, r)
		}
	}
}

// A file past MaxRows (20,000) data rows is refused.
func TestRowsBound(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	csv := []byte("部门名称,部门ID,父部门ID,排序\n")
	for i := range 20001 {
		csv = fmt.Appendf(csv, "部门%d,%d,1,\n", i, i+10)
	}
	media := uploadCSV(t, srv, tok, string(csv))
	testkit.ContactError(t, post(t, srv, tok, "/cgi-bin/batch/replaceparty", map[string]any{"media_id": media}),
		errcode.InvalidParameter, "invalid Request Parameter, csv rows")
}

// Rows whose cells break user/create's limits are reported, not applied;
// a result echoes at most 64 bytes of a malformed userid.
func TestRowLimits(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	long := strings.Repeat("长", 129)
	huge := "x" + strings.Repeat("好", 1000)
	csv := "姓名,帐号,手机号,所在部门,职位,座机\n" +
		"甲,jia,13900000011,2," + long + ",\n" +
		"乙,yi,13900000012,2,,0755-12345678901234567890123456789\n" +
		"丙," + huge + ",13900000013,2,,\n" +
		"丁,ding,13900000014,2,经理,0755-1234\n"
	jobID := start(t, srv, tok, "/cgi-bin/batch/syncuser", csv, nil)
	srv.Advance(time.Second)
	r := getResult(t, srv, tok, jobID)
	if len(r.Result) != 4 {
		t.Fatalf("result: %+v", r)
	}
	for i, want := range []errcode.Code{errcode.InvalidParameter, errcode.InvalidParameter, errcode.InvalidUserID, 0} {
		if r.Result[i].ErrCode != int(want) {
			t.Errorf("row %d: errcode %d, want %d", i, r.Result[i].ErrCode, want)
		}
	}
	if got := r.Result[2].UserID; len(got) > 64 || !strings.HasPrefix(huge, got) || got == "" {
		t.Errorf("echoed userid %d bytes: %q", len(got), got)
	}
}

// A reset forgets the jobs: a running job's jobid is unknown afterwards and
// a new job may start at once.
func TestResetForgetsJobs(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	jobID := start(t, srv, tok, "/cgi-bin/batch/syncuser", userHeader+memberRow(1), nil)
	srv.Reset()
	tok = testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.ContactError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", tok, "jobid", jobID)),
		errcode.InvalidParameter, "invalid Request Parameter, jobid not found")
	start(t, srv, tok, "/cgi-bin/batch/syncuser", userHeader+memberRow(2), nil)
	srv.Advance(time.Second)
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "imp0001")), errcode.UserIDNotFound)
	testkit.OK(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "imp0002")))
}
