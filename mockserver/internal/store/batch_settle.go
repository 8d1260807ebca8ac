package store

import (
	"math"
	"slices"
	"time"
)

// Settling batch jobs: before each request and when Advance moves the
// clock, the rows that came due are applied, in file order, by the batch
// family's BatchApply. Settling is serialized by the table's run lock, and
// a job flips to Finished under the store's lock once, so its end — and
// its batch_job_result — is reported to exactly one caller.

// BatchApply applies rows [from, to) of job and returns their outcomes.
// final marks the chunk that ends the job: a replace job then also removes
// what its file does not hold, and errCode / errMsg are the job's outcome.
// It runs without the store's lock and may call the store's writes.
type BatchApply func(job BatchJob, from, to int, final bool) (results []BatchRowResult, errCode int, errMsg string)

// BatchJobsDue reports whether a running job may have rows due at now; a
// lock-free look that keeps settling off the hot path.
func (s *Store) BatchJobsDue(now time.Time) bool {
	return now.UnixNano() >= s.batch.next.Load()
}

// batchRowsDue is how many rows of a job started at start are due at now.
func batchRowsDue(start, now time.Time, total int) int {
	n := int(now.Sub(start) / (time.Second / BatchRowsPerSecond))
	return max(0, min(n, total))
}

type batchClaim struct {
	job      *BatchJob
	from, to int
}

// SettleBatchJobs applies the rows due with apply and returns the jobs
// that finished in this call.
func (s *Store) SettleBatchJobs(apply BatchApply) []BatchJob {
	now := s.Now()
	if !s.BatchJobsDue(now) {
		return nil
	}
	s.batch.run.Lock()
	defer s.batch.run.Unlock()
	var finished []BatchJob
	for _, c := range s.claimBatchRows(now) {
		final := c.to == c.job.Total
		res, code, msg := apply(c.job.view(), c.from, c.to, final)
		s.mu.Lock()
		c.job.Results = append(c.job.Results, res...)
		c.job.Applied = c.to
		if final && !c.job.Finished {
			c.job.Finished, c.job.ErrCode, c.job.ErrMsg = true, code, msg
			c.job.Rows = nil // a finished job keeps only its results
			finished = append(finished, c.job.view())
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.resetBatchDueLocked()
	s.mu.Unlock()
	return finished
}

// claimBatchRows lists, corp by corp in id order, the rows due at now of
// every running job.
func (s *Store) claimBatchRows(now time.Time) []batchClaim {
	s.mu.RLock()
	defer s.mu.RUnlock()
	corps := make([]string, 0, len(s.batch.byCorp))
	for id := range s.batch.byCorp {
		corps = append(corps, id)
	}
	slices.Sort(corps)
	var claims []batchClaim
	for _, id := range corps {
		for _, j := range s.batch.byCorp[id] {
			if j.Finished || now.Before(batchRowDue(j.Started, j.Applied)) {
				continue
			}
			if to := batchRowsDue(j.Started, now, j.Total); to > j.Applied || j.Total == 0 {
				claims = append(claims, batchClaim{job: j, from: j.Applied, to: to})
			}
		}
	}
	return claims
}

// resetBatchDueLocked sets the table's next due time from the running
// jobs.
func (s *Store) resetBatchDueLocked() {
	next := int64(math.MaxInt64)
	for _, jobs := range s.batch.byCorp {
		for _, j := range jobs {
			if !j.Finished {
				next = min(next, batchRowDue(j.Started, j.Applied).UnixNano())
			}
		}
	}
	s.batch.next.Store(next)
}
