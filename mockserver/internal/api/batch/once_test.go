package batch_test

import (
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// A job ends once however many requests and clock moves race for its
// rows: every row is applied once, and one batch_job_result is delivered.
func TestJobEndsOnce(t *testing.T) {
	t.Parallel()
	srv, tok := server(t)
	cb := newJobReceiver(t)
	csv := userHeader
	for i := range 50 {
		csv += memberRow(i)
	}
	jobID := start(t, srv, tok, "/cgi-bin/batch/syncuser", csv, map[string]any{"callback": cb.callback()})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				srv.Advance(100 * time.Millisecond)
			} else {
				testkit.Get(t, testkit.URL(srv, "/cgi-bin/batch/getresult", "access_token", tok, "jobid", jobID))
			}
		}()
	}
	testwait.Group(t, &wg)
	r := getResult(t, srv, tok, jobID)
	if r.Status != 3 || len(r.Result) != 50 {
		t.Fatalf("after 800 ms: status %d, %d results", r.Status, len(r.Result))
	}
	seen := map[string]bool{}
	for _, row := range r.Result {
		if seen[row.UserID] || row.ErrCode != 0 {
			t.Errorf("row %+v twice or failed", row)
		}
		seen[row.UserID] = true
	}
	srv.Advance(time.Second)
	wantBatchResult(t, next(t, cb.events), jobID, "sync_user")
	if ds := srv.Deliveries(mockserver.DeliveryFilter{Kind: "batch_job_result"}); len(ds) != 1 {
		t.Errorf("%d batch_job_result deliveries, want 1", len(ds))
	}
}
