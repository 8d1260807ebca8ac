package refapp

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client"
)

// HRSync is an HR system's link to WeCom's directory. It holds the corp's
// 通讯录同步 secret, which may change every member, department and tag —
// that is why it lives in the HR system's backend and never in an app:
//
//   - mobiles the HR records know become userids (user/getuserid), so people
//     already in WeCom are updated rather than created twice;
//   - a new department is created (department/create) and its members are
//     imported as a CSV of the official template (media/upload, then
//     batch/syncuser, which creates or updates them and leaves everyone else
//     alone); the job is followed with batch/getresult — a real HR system
//     also hears batch_job_result on its callback;
//   - people are grouped with directory tags (tag/create once, then
//     tag/addtagusers), which apps use as visible ranges and for permissions.
//
// A refusal of WeCom is a *client.APIError.
type HRSync struct {
	app *App
	wc  *client.Client
}

// HRDepartment is a department as the HR system knows it.
type HRDepartment struct {
	ID       int
	ParentID int
	Name     string
}

// HRMember is a member of an imported department.
type HRMember struct {
	UserID string
	Name   string
	Mobile string
}

// BatchJob is a batch job as batch/getresult reports it
// (https://developer.work.weixin.qq.com/document/path/90983).
type BatchJob struct {
	// Status is 1 (waiting), 2 (running) or 3 (done).
	Status     int    `json:"status"`
	Type       string `json:"type"`
	Total      int    `json:"total"`
	Percentage int    `json:"percentage"`
	Result     []struct {
		UserID  string `json:"userid"`
		PartyID int    `json:"partyid"`
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	} `json:"result"`
}

// HRSync is the HR sync of corpID; it needs the tenant's ContactsSecret.
func (a *App) HRSync(corpID string) (*HRSync, error) {
	t := a.tenantFor(corpID)
	if t == nil {
		return nil, fmt.Errorf("refapp: no credentials for corp %q", corpID)
	}
	if t.contacts == nil {
		return nil, fmt.Errorf("refapp: corp %q: the HR sync needs the contacts-sync secret", corpID)
	}
	return &HRSync{app: a, wc: t.contacts}, nil
}

// UserIDByMobile maps a mobile to its member's userid
// (https://developer.work.weixin.qq.com/document/path/95402): 46004 when no
// member has it.
func (h *HRSync) UserIDByMobile(ctx context.Context, mobile string) (string, error) {
	var out struct {
		UserID string `json:"userid"`
	}
	err := h.app.wecomCall(ctx, h.wc, "/cgi-bin/user/getuserid", nil, map[string]string{"mobile": mobile}, &out)
	return out.UserID, err
}

// ImportDepartment creates the department
// (https://developer.work.weixin.qq.com/document/path/90205) and starts
// batch/syncuser over its members
// (https://developer.work.weixin.qq.com/document/path/90980); it returns
// the jobid.
func (h *HRSync) ImportDepartment(ctx context.Context, d HRDepartment, members []HRMember) (string, error) {
	dept := map[string]any{"name": d.Name, "parentid": d.ParentID, "id": d.ID}
	if err := h.app.wecomCall(ctx, h.wc, "/cgi-bin/department/create", nil, dept, nil); err != nil {
		return "", err
	}
	file, err := membersCSV(d.ID, members)
	if err != nil {
		return "", err
	}
	media, err := h.wc.UploadMedia(ctx, client.MediaFile, "batch_user_sample.csv", bytes.NewReader(file))
	if err != nil {
		return "", err
	}
	var out struct {
		JobID string `json:"jobid"`
	}
	err = h.app.wecomCall(ctx, h.wc, "/cgi-bin/batch/syncuser", nil, map[string]string{"media_id": media.MediaID}, &out)
	return out.JobID, err
}

// membersCSV writes members in the columns of the official member template.
func membersCSV(deptID int, members []HRMember) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"姓名", "帐号", "手机号", "所在部门"}}
	for _, m := range members {
		rows = append(rows, []string{m.Name, m.UserID, m.Mobile, strconv.Itoa(deptID)})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Job is how a batch job stands (batch/getresult).
func (h *HRSync) Job(ctx context.Context, jobID string) (*BatchJob, error) {
	var job BatchJob
	err := h.app.wecomCall(ctx, h.wc, "/cgi-bin/batch/getresult", url.Values{"jobid": {jobID}}, nil, &job)
	if err != nil {
		return nil, err
	}
	return &job, nil
}

// TagMembers puts the tag named name on members, creating it first if the
// corp has none of that name (tag/list, tag/create, tag/addtagusers,
// https://developer.work.weixin.qq.com/document/path/90214). Members WeCom
// could not tag make it fail.
func (h *HRSync) TagMembers(ctx context.Context, name string, userIDs []string) error {
	id, err := tagID(ctx, h.wc, name)
	if errors.Is(err, errNoSuchTag) {
		id, err = h.wc.CreateTag(ctx, name, 0)
	}
	if err != nil {
		return err
	}
	res, err := h.wc.AddTagUsers(ctx, id, userIDs, nil)
	if err != nil {
		return err
	}
	if len(res.InvalidUsers) > 0 {
		return fmt.Errorf("refapp: tag %q: WeCom did not tag %v", name, res.InvalidUsers)
	}
	return nil
}

var errNoSuchTag = errors.New("no tag of that name")

// tagID finds a tag by name among those the token may list.
func tagID(ctx context.Context, wc *client.Client, name string) (int, error) {
	tags, err := wc.ListTags(ctx)
	if err != nil {
		return 0, err
	}
	for _, t := range tags {
		if t.Name == name {
			return t.ID, nil
		}
	}
	return 0, fmt.Errorf("refapp: tag %q: %w", name, errNoSuchTag)
}
