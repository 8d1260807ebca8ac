package store

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Batch import jobs (异步导入): batch/syncuser, batch/replaceuser and
// batch/replaceparty start a job over the rows of an uploaded CSV
// (https://developer.work.weixin.qq.com/document/path/90980); the rows are
// applied on the virtual clock, BatchRowsPerSecond a second, and
// batch/getresult reads the job
// (https://developer.work.weixin.qq.com/document/path/90983). The store
// keeps the jobs and their progress; the batch family parses the CSV and
// applies each row through the contact writes.

// Batch job types, as getresult and batch_job_result name them.
const (
	BatchSyncUser     = "sync_user"
	BatchReplaceUser  = "replace_user"
	BatchReplaceParty = "replace_party"
)

// Batch job statuses of batch/getresult.
const (
	BatchPending = 1 // 任务开始: no row applied yet
	BatchRunning = 2 // 任务进行中
	BatchDone    = 3 // 任务已完成
)

// BatchRowsPerSecond is how many rows a job applies per second of virtual
// time: a 1,000-row import takes 10 seconds.
const BatchRowsPerSecond = 100

// MaxBatchJobsPerCorp bounds the jobs a corp keeps; past it the oldest
// finished job is forgotten (its jobid then answers "not found").
const MaxBatchJobsPerCorp = 20

// ErrBatchJobRunning: the corp already has a job that has not finished.
var ErrBatchJobRunning = errors.New("store: a batch job of this corp is still running")

// ErrBatchJobNotFound: no job with this jobid in the corp (never started,
// another corp's, or forgotten).
var ErrBatchJobNotFound = errors.New("store: batch job not found")

// BatchCallback is where a job's batch_job_result goes; empty means the
// contact-sync assistant's callback.
type BatchCallback struct {
	URL, Token, EncodingAESKey string
}

// BatchRowResult is one row's outcome in getresult's result: UserID for
// member jobs, PartyID and Action (1 created, 2 renamed, 4 moved, 8
// reordered, or-ed) for replace_party.
type BatchRowResult struct {
	UserID  string
	PartyID int
	Action  int
	ErrCode int
	ErrMsg  string
}

// BatchJob is a job as the store keeps it. Rows is the family's parsed
// rows, opaque to the store; Total is their number.
type BatchJob struct {
	ID       string
	CorpID   string
	Type     string
	Total    int
	Rows     any
	Callback BatchCallback
	Started  time.Time

	// Applied is how many rows have been applied, Results their outcomes.
	Applied int
	Results []BatchRowResult
	// Finished: the job is done; ErrCode and ErrMsg are its outcome.
	Finished bool
	ErrCode  int
	ErrMsg   string
}

// Status is the job's getresult status.
func (j *BatchJob) Status() int {
	switch {
	case j.Finished:
		return BatchDone
	case j.Applied > 0:
		return BatchRunning
	}
	return BatchPending
}

// Percentage is the share of rows applied, 100 when done.
func (j *BatchJob) Percentage() int {
	if j.Finished || j.Total == 0 {
		return 100
	}
	return j.Applied * 100 / j.Total
}

// batchTable holds each corp's jobs, oldest first, and the settling lock.
type batchTable struct {
	byCorp map[string][]*BatchJob
	// next is the earliest time a running job has a row due, Unix
	// nanoseconds (math.MaxInt64 for none), read without the lock before
	// every request; it may run early, which costs one look.
	next atomic.Int64
	// run serializes settling: rows are applied in order, and a job's end
	// is reported once.
	run sync.Mutex
}

func (b *batchTable) clear() {
	b.byCorp = map[string][]*BatchJob{}
}

// dueAt is when row n (0-based) of a job started at start comes due.
func batchRowDue(start time.Time, n int) time.Time {
	return start.Add(time.Duration(n+1) * time.Second / BatchRowsPerSecond)
}

// StartBatchJob registers job (ID, Started, Applied and results are set
// here) unless the corp has a job still running, and returns it.
func (s *Store) StartBatchJob(job BatchJob) (BatchJob, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.corps[job.CorpID]; !ok {
		return BatchJob{}, ErrCorpNotFound
	}
	jobs := s.batch.byCorp[job.CorpID]
	if slices.ContainsFunc(jobs, func(j *BatchJob) bool { return !j.Finished }) {
		return BatchJob{}, ErrBatchJobRunning
	}
	if len(jobs) >= MaxBatchJobsPerCorp {
		jobs = slices.Delete(jobs, 0, len(jobs)-MaxBatchJobsPerCorp+1)
	}
	rec := &BatchJob{
		ID: "jobid_" + s.randomString(32), CorpID: job.CorpID, Type: job.Type,
		Total: job.Total, Rows: job.Rows, Callback: job.Callback, Started: now,
	}
	s.batch.byCorp[job.CorpID] = append(jobs, rec)
	if due := batchRowDue(now, 0).UnixNano(); due < s.batch.next.Load() {
		s.batch.next.Store(due)
	}
	return rec.view(), nil
}

// view is a copy of j that shares no memory with the store.
func (j *BatchJob) view() BatchJob {
	v := *j
	v.Results = slices.Clone(j.Results)
	return v
}

// BatchJobOf returns job id of corpID as it stands.
func (s *Store) BatchJobOf(corpID, id string) (BatchJob, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, j := range s.batch.byCorp[corpID] {
		if j.ID == id {
			return j.view(), nil
		}
	}
	return BatchJob{}, ErrBatchJobNotFound
}

// BatchJobCount reports how many jobs corpID keeps.
func (s *Store) BatchJobCount(corpID string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.batch.byCorp[corpID])
}
