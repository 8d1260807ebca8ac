package callbacks

import (
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// batch_job_result (https://developer.work.weixin.qq.com/document/path/90973):
// when a batch import job ends, its outcome goes to the callback the job
// was started with, or else to the contact-sync assistant's callback.

// PublishBatchJobResult delivers job's batch_job_result and returns the
// delivery id, "" when the job gave no callback and the assistant has none.
func (e *Engine) PublishBatchJobResult(job store.BatchJob) string {
	cb := fixtures.Callback{URL: job.Callback.URL, Token: job.Callback.Token, EncodingAESKey: job.Callback.EncodingAESKey}
	if cb.URL == "" {
		entry, ok, err := e.store.Callback(job.CorpID, store.ContactsAgentID)
		if err != nil || !ok {
			return ""
		}
		cb = entry.Callback
	}
	plain := newCallbackXML().
		cdata("ToUserName", job.CorpID).
		cdata("FromUserName", "sys").
		num("CreateTime", e.now().Unix()).
		cdata("MsgType", "event").
		cdata("Event", "batch_job_result").
		open("BatchJob").
		cdata("JobId", job.ID).
		cdata("JobType", job.Type).
		num("ErrCode", int64(job.ErrCode)).
		cdata("ErrMsg", job.ErrMsg).
		close("BatchJob").
		bytes()
	return e.Deliver(AppTarget(job.CorpID, store.ContactsAgentID, cb), "batch_job_result", plain)
}
