package batch

import (
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// API serves the family's endpoints from the kernel's store.
type API struct {
	env *kernel.Env
	// Publish delivers a contact change as change_contact callbacks; the
	// server sets it before serving (nil delivers nothing).
	Publish func(store.ContactChange) []string
	// PublishResult delivers a finished job's batch_job_result; the server
	// sets it before serving (nil delivers nothing).
	PublishResult func(store.BatchJob) string
}

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/batch/syncuser":     {Handle: a.startJob(store.BatchSyncUser), CheckParams: true},
		"/cgi-bin/batch/replaceuser":  {Handle: a.startJob(store.BatchReplaceUser), CheckParams: true},
		"/cgi-bin/batch/replaceparty": {Handle: a.startJob(store.BatchReplaceParty), CheckParams: true},
		"/cgi-bin/batch/getresult":    {Handle: a.getResult, CheckParams: true},
		"/cgi-bin/user/batchdelete":   {Handle: a.batchDelete, CheckParams: true},

		"/cgi-bin/batch/userid_to_openuserid": {Handle: a.userIDToOpenUserID, CheckParams: true},
		"/cgi-bin/batch/openuserid_to_userid": {Handle: a.openUserIDToUserID, CheckParams: true},
	}
}

// Settle applies the rows of the running jobs that came due and delivers
// their change_contact events, and each finished job's batch_job_result
// once. The server calls it before requests (when a job may be due) and
// when the clock advances.
func (a *API) Settle() {
	for _, job := range a.env.Store.SettleBatchJobs(a.apply) {
		if a.PublishResult != nil {
			a.PublishResult(job)
		}
	}
}

// publish hands a contact change to Publish.
func (a *API) publish(ch store.ContactChange) {
	if a.Publish != nil {
		a.Publish(ch)
	}
}
