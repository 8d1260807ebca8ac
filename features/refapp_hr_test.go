package features_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/features/refapp"
	"github.com/wecom-mock/wecom-mock/features/steps"
)

// The reference app as a steps.HRSyncApp: the HR system is a Go API of the
// reference app (refapp.HRSync), not a web page, so the steps call it
// directly; the app's checks are its own methods.

var _ steps.HRSyncApp = (*refappUnderTest)(nil)

// refusal turns a WeCom error into the steps' *steps.WeComRefusal.
func refusal(err error) error {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return &steps.WeComRefusal{ErrCode: int(apiErr.Code), Message: apiErr.Msg}
	}
	return err
}

func (a *refappUnderTest) UserIDByMobile(ctx context.Context, corpID, mobile string) (string, error) {
	hr, err := a.app.HRSync(corpID)
	if err != nil {
		return "", err
	}
	id, err := hr.UserIDByMobile(ctx, mobile)
	return id, refusal(err)
}

func (a *refappUnderTest) ImportDepartment(ctx context.Context, corpID string, d steps.HRDepartment, members []steps.HRMember) (string, error) {
	hr, err := a.app.HRSync(corpID)
	if err != nil {
		return "", err
	}
	ms := make([]refapp.HRMember, len(members))
	for i, m := range members {
		ms[i] = refapp.HRMember(m)
	}
	job, err := hr.ImportDepartment(ctx, refapp.HRDepartment(d), ms)
	return job, refusal(err)
}

func (a *refappUnderTest) Job(ctx context.Context, corpID, jobID string) (steps.HRJob, error) {
	hr, err := a.app.HRSync(corpID)
	if err != nil {
		return steps.HRJob{}, err
	}
	job, err := hr.Job(ctx, jobID)
	if err != nil {
		return steps.HRJob{}, refusal(err)
	}
	out := steps.HRJob{Status: job.Status, Percentage: job.Percentage}
	for _, r := range job.Result {
		if r.ErrCode != 0 {
			out.Failed = append(out.Failed, fmt.Sprintf("%s: %d %s", r.UserID, r.ErrCode, r.ErrMsg))
		}
	}
	return out, nil
}

func (a *refappUnderTest) TagMembers(ctx context.Context, corpID, tag string, userIDs []string) error {
	hr, err := a.app.HRSync(corpID)
	if err != nil {
		return err
	}
	return refusal(hr.TagMembers(ctx, tag, userIDs))
}

func (a *refappUnderTest) AppSees(ctx context.Context, corpID, userID string) (bool, error) {
	ok, err := a.app.SeesMember(ctx, corpID, userID)
	return ok, refusal(err)
}

func (a *refappUnderTest) TaggedMembers(ctx context.Context, corpID, tag string) ([]string, error) {
	ids, err := a.app.TaggedMembers(ctx, corpID, tag)
	return ids, refusal(err)
}
