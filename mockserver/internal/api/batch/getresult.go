package batch

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// batch/getresult (https://developer.work.weixin.qq.com/document/path/90983):
// a job of the caller's corp — status 1 before its first row, 2 while it
// runs, 3 when done — its type, total, percentage and the outcome of each
// row applied so far (userid for member jobs; action and partyid for
// replace_party). An unknown jobid answers 40058.

type resultAnswer struct {
	Status     int    `json:"status"`
	Type       string `json:"type"`
	Total      int    `json:"total"`
	Percentage int    `json:"percentage"`
	Result     []any  `json:"result"`
}

type userResult struct {
	UserID  string `json:"userid"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

type partyResult struct {
	Action  int    `json:"action"`
	PartyID int    `json:"partyid"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (a *API) getResult(_ *http.Request, c *kernel.Call) (any, error) {
	job, err := a.env.Store.BatchJobOf(c.Token.CorpID, c.Query.Get("jobid"))
	if err != nil {
		return nil, &kernel.APIError{Code: errcode.InvalidParameter, Text: "invalid Request Parameter, jobid not found"}
	}
	out := resultAnswer{Status: job.Status(), Type: job.Type, Total: job.Total, Percentage: job.Percentage(), Result: make([]any, 0, len(job.Results))}
	for _, r := range job.Results {
		if job.Type == store.BatchReplaceParty {
			out.Result = append(out.Result, partyResult{Action: r.Action, PartyID: r.PartyID, ErrCode: r.ErrCode, ErrMsg: r.ErrMsg})
		} else {
			out.Result = append(out.Result, userResult{UserID: r.UserID, ErrCode: r.ErrCode, ErrMsg: r.ErrMsg})
		}
	}
	return out, nil
}
