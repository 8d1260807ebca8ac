package batch_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const userHeader = "姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用,禁用项说明：(0-启用;1-禁用)\n"

// server is a frozen-clock server with the contacts-sync token of corp 1.
func server(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	return srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
}

// uploadCSV uploads csv as a file and returns its media_id.
func uploadCSV(t *testing.T, srv *mockserver.Server, tok, csv string) string {
	t.Helper()
	return testkit.MediaUploadOK(t, srv, tok, "file", "import.csv", "text/csv", []byte(csv)).MediaID
}

func post(t *testing.T, srv *mockserver.Server, tok, path string, body any) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", tok), body)
}

// start starts a job of path over csv and returns its jobid.
func start(t *testing.T, srv *mockserver.Server, tok, path, csv string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{"media_id": uploadCSV(t, srv, tok, csv)}
	for k, v := range extra {
		body[k] = v
	}
	m := testkit.OK(t, post(t, srv, tok, path, body))
	id := testkit.Str(t, m, "jobid")
	if !strings.HasPrefix(id, "jobid_") {
		t.Fatalf("jobid %q", id)
	}
	return id
}

type rowResult struct {
	UserID  string `json:"userid"`
	PartyID int    `json:"partyid"`
	Action  int    `json:"action"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

type result struct {
	ErrCode    int         `json:"errcode"`
	ErrMsg     string      `json:"errmsg"`
	Status     int         `json:"status"`
	Type       string      `json:"type"`
	Total      int         `json:"total"`
	Percentage int         `json:"percentage"`
	Result     []rowResult `json:"result"`
}

func getResult(t *testing.T, srv *mockserver.Server, tok, jobID string) result {
	t.Helper()
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", tok, "jobid", jobID))
	testkit.OK(t, r)
	return testkit.DecodeStrict[result](t, r.Body)
}

// jobReceiver is a callback URL given to a job: not configured in the mock,
// it decrypts with the job's token and key.
type jobReceiver struct {
	*httptest.Server
	events chan callback.Event
}

func newJobReceiver(t *testing.T) *jobReceiver {
	t.Helper()
	r := &jobReceiver{events: make(chan callback.Event, 16)}
	h, err := callback.NewHandler(testkit.ReceiverToken, testkit.ReceiverKey, testkit.Corp1, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		r.events <- ev
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Server = httptest.NewServer(h)
	t.Cleanup(r.Close)
	return r
}

func (r *jobReceiver) callback() map[string]any {
	return map[string]any{"url": r.URL, "token": testkit.ReceiverToken, "encodingaeskey": testkit.ReceiverKey}
}

// next waits for the next event of ch.
func next(t *testing.T, ch chan callback.Event) []byte {
	t.Helper()
	select {
	case ev := <-ch:
		return ev.Raw()
	case <-time.After(10 * time.Second):
		t.Fatal("no callback arrived")
		return nil
	}
}

// wantBatchResult checks a decrypted batch_job_result.
func wantBatchResult(t *testing.T, raw []byte, jobID, jobType string) {
	t.Helper()
	for _, want := range []string{
		"<Event><![CDATA[batch_job_result]]></Event>", "<JobId><![CDATA[" + jobID + "]]></JobId>",
		"<JobType><![CDATA[" + jobType + "]]></JobType>", "<ErrCode>0</ErrCode>", "<ErrMsg><![CDATA[ok]]></ErrMsg>",
	} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("batch_job_result lacks %s: %s", want, raw)
		}
	}
}

// memberRow is a CSV row of a member in department 2.
func memberRow(i int) string {
	return fmt.Sprintf("导入%d,imp%04d,139%08d,,2,工程师,男,0,,,,,0,\n", i, i, i)
}
