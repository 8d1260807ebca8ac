package mockserver

import "net/http"

// Batch import jobs settle on the virtual clock: the rows that came due
// are applied before the next request is served and when Advance moves the
// clock, and a finished job's batch_job_result is delivered then, once.

// withBatchJobs applies the batch rows that came due before serving a
// request; a lock-free look at the next due time keeps it off the hot path.
func (s *Server) withBatchJobs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.store.BatchJobsDue(s.store.Now()) {
			s.batch.Settle()
		}
		next.ServeHTTP(w, r)
	})
}
