package features_test

import (
	"context"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/features/refapp"
	"github.com/wecom-mock/wecom-mock/features/steps"
)

// The reference app as a steps.ApprovalApp: each method is what the
// requester's and the approver's screens ask of its approvals API.

var _ steps.ApprovalApp = (*refappUnderTest)(nil)

func approvalPath(corpID string, parts ...string) string {
	p := "/api/approvals/" + url.PathEscape(corpID)
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

func (a *refappUnderTest) SendApprovalCard(ctx context.Context, corpID, userID, title string) (string, error) {
	var out struct {
		TaskID string `json:"task_id"`
	}
	err := a.crmCall(ctx, http.MethodPost, approvalPath(corpID), map[string]string{"approver": userID, "title": title}, &out)
	return out.TaskID, err
}

func (a *refappUnderTest) Approval(ctx context.Context, corpID, taskID string) (steps.Approval, error) {
	var out refapp.Approval
	err := a.crmCall(ctx, http.MethodGet, approvalPath(corpID, taskID), nil, &out)
	return steps.Approval{Status: out.Status, DecidedBy: out.DecidedBy}, err
}

func (a *refappUnderTest) UpdateApprovalAgain(ctx context.Context, corpID, taskID, replaceName string) error {
	return a.crmCall(ctx, http.MethodPost, approvalPath(corpID, taskID, "update"), map[string]string{"replace_name": replaceName}, nil)
}
