package batch

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Starting a job: batch/syncuser
// (https://developer.work.weixin.qq.com/document/path/90980),
// batch/replaceuser (…/90981) and batch/replaceparty (…/90982). Checks, in
// order: media_id (40007 unknown, expired or another corp's; 40004 not a
// file upload), the file (40058 with the reason: not CSV, no data row,
// a required column missing, more than MaxRows rows), the callback (40058
// when its url is given without a 43-character encodingaeskey or a
// token), replace_user's safety rule, then one job at a time per corp
// (45033 while one runs). Row errors do not refuse the job: they are
// reported per row by batch/getresult.

type jobBody struct {
	MediaID  string `json:"media_id"`
	ToInvite *bool  `json:"to_invite"`
	Callback *struct {
		URL            string `json:"url"`
		Token          string `json:"token"`
		EncodingAESKey string `json:"encodingaeskey"`
	} `json:"callback"`
}

type jobAnswer struct {
	JobID string `json:"jobid"`
}

func (a *API) startJob(typ string) kernel.Handler {
	return func(r *http.Request, c *kernel.Call) (any, error) {
		var b jobBody
		if err := kernel.DecodeJSON(r, &b); err != nil {
			return nil, err
		}
		corpID := c.Token.CorpID
		media, err := a.env.Store.Media(corpID, b.MediaID)
		if err != nil {
			return nil, kernel.Err(errcode.InvalidMediaID)
		}
		if media.Type != "file" {
			return nil, kernel.Err(errcode.InvalidMediaType)
		}
		job := store.BatchJob{CorpID: corpID, Type: typ}
		if typ == store.BatchReplaceParty {
			rows, err := partyRows(media.Data)
			if err != nil {
				return nil, fileErr(err)
			}
			job.Rows, job.Total = rows, len(rows)
		} else {
			rows, err := userRows(media.Data)
			if err != nil {
				return nil, fileErr(err)
			}
			if typ == store.BatchReplaceUser && a.tooManyRemovals(corpID, rows) {
				return nil, &kernel.APIError{Code: errcode.InvalidParameter, Text: "invalid Request Parameter, replace_user would delete too many members"}
			}
			job.Rows, job.Total = rows, len(rows)
		}
		if cb := b.Callback; cb != nil && cb.URL != "" {
			if len(cb.EncodingAESKey) != 43 || cb.Token == "" {
				return nil, &kernel.APIError{Code: errcode.InvalidParameter, Text: "invalid Request Parameter, callback needs a token and a 43-character encodingaeskey"}
			}
			job.Callback = store.BatchCallback{URL: cb.URL, Token: cb.Token, EncodingAESKey: cb.EncodingAESKey}
		}
		started, err := a.env.Store.StartBatchJob(job)
		if errors.Is(err, store.ErrBatchJobRunning) {
			return nil, kernel.Err(errcode.ConcurrentOutOfLimit)
		}
		if err != nil {
			return nil, kernel.StoreError(err)
		}
		return jobAnswer{JobID: started.ID}, nil
	}
}

// fileErr is the answer to a file refused before any row.
func fileErr(err error) error {
	var fe *errFile
	if errors.As(err, &fe) {
		return &kernel.APIError{Code: errcode.InvalidParameter, Text: "invalid Request Parameter, " + fe.Error()}
	}
	return err
}

// tooManyRemovals is replace_user's safety rule (90981): the import is
// refused when it would delete more than 50 members and more than 20% of
// them, or up to 50 members and more than 80% of them.
func (a *API) tooManyRemovals(corpID string, rows []userRow) bool {
	keep := make(map[string]bool, len(rows))
	for _, r := range rows {
		keep[strings.ToLower(r.userID)] = true
	}
	existing := a.env.Store.MemberIDs(corpID)
	removed := 0
	for _, id := range existing {
		if !keep[strings.ToLower(id)] {
			removed++
		}
	}
	if removed > 50 {
		return removed*5 > len(existing)
	}
	return removed*5 > len(existing)*4
}
