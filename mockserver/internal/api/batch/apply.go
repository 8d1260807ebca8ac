package batch

import (
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Applying a job's rows: each row goes through the store's contact writes
// as the contacts-sync API's own change (so the contact-sync assistant is
// not told of it; apps that see the change are), and its change_contact
// event is published as user/create's would be.

// apply is the store's BatchApply for every job type.
func (a *API) apply(job store.BatchJob, from, to int, final bool) ([]store.BatchRowResult, int, string) {
	var out []store.BatchRowResult
	switch rows := job.Rows.(type) {
	case []userRow:
		replace := job.Type == store.BatchReplaceUser
		for i := from; i < to; i++ {
			out = append(out, a.applyUser(job.CorpID, &rows[i], replace))
		}
		if final && replace {
			a.removeMembersNotIn(job.CorpID, rows)
		}
	case []partyRow:
		for i := from; i < to; i++ {
			out = append(out, a.applyParty(job.CorpID, &rows[i]))
		}
		if final {
			a.removePartiesNotIn(job.CorpID, rows)
		}
	}
	return out, 0, "ok"
}

// rowResult is a row's outcome from its errcode or store error.
func rowResult(r store.BatchRowResult, code errcode.Code, err error) store.BatchRowResult {
	text := ""
	if err != nil {
		var ok bool
		if code, text, ok = kernel.StoreCode(err); !ok {
			code = errcode.SystemBusy
		}
	}
	if text == "" {
		text = code.Text()
	}
	if code == 0 {
		text = "ok"
	}
	r.ErrCode, r.ErrMsg = int(code), text
	return r
}

func (a *API) applyUser(corpID string, r *userRow, replace bool) store.BatchRowResult {
	res := store.BatchRowResult{UserID: r.userID}
	if r.bad != 0 {
		return rowResult(res, r.bad, nil)
	}
	if _, err := a.env.Store.Member(corpID, r.userID); err != nil {
		m := fixtures.Member{UserID: r.userID, Status: 4} // not activated yet
		r.merge(&m, true)
		if code := checkMerged(&m, true); code != 0 {
			return rowResult(res, code, nil)
		}
		ch, err := a.env.Store.CreateMember(corpID, m, store.OriginContactsAPI)
		if err == nil {
			a.publish(ch)
		}
		return rowResult(res, 0, err)
	}
	var bad errcode.Code
	ch, err := a.env.Store.UpdateMember(corpID, r.userID, func(m *fixtures.Member) error {
		r.merge(m, replace)
		if bad = checkMerged(m, false); bad != 0 {
			return kernel.Err(bad)
		}
		return nil
	}, store.OriginContactsAPI)
	if bad != 0 {
		return rowResult(res, bad, nil)
	}
	if err == nil {
		a.publish(ch)
	}
	return rowResult(res, 0, err)
}

// removeMembersNotIn deletes the members a replace_user file does not
// list.
func (a *API) removeMembersNotIn(corpID string, rows []userRow) {
	keep := make(map[string]bool, len(rows))
	for _, r := range rows {
		keep[strings.ToLower(r.userID)] = true
	}
	for _, id := range a.env.Store.MemberIDs(corpID) {
		if keep[strings.ToLower(id)] {
			continue
		}
		if ch, err := a.env.Store.DeleteMember(corpID, id, store.OriginContactsAPI); err == nil {
			a.publish(ch)
		}
	}
}

func (a *API) applyParty(corpID string, r *partyRow) store.BatchRowResult {
	res := store.BatchRowResult{PartyID: r.d.ID}
	if r.bad != 0 {
		return rowResult(res, r.bad, nil)
	}
	old, err := a.env.Store.DepartmentOf(corpID, r.d.ID)
	if err != nil {
		res.Action = actionCreate
		ch, err := a.env.Store.CreateDepartment(corpID, r.d, store.OriginContactsAPI)
		if err == nil {
			a.publish(ch)
		}
		return rowResult(res, 0, err)
	}
	if old.Name != r.d.Name {
		res.Action |= actionRename
	}
	if old.ParentID != r.d.ParentID {
		res.Action |= actionMove
	}
	if r.d.Order != 0 && old.Order != r.d.Order {
		res.Action |= actionOrder
	}
	if res.Action == 0 {
		return rowResult(res, 0, nil)
	}
	ch, err := a.env.Store.UpdateDepartment(corpID, r.d.ID, func(d *fixtures.Department) error {
		d.Name, d.ParentID = r.d.Name, r.d.ParentID
		if r.d.Order != 0 {
			d.Order = r.d.Order
		}
		return nil
	}, store.OriginContactsAPI)
	if err == nil {
		a.publish(ch)
	} else {
		res.Action = 0
	}
	return rowResult(res, 0, err)
}

// removePartiesNotIn deletes the departments a replace_party file does not
// list, children first, when they hold no member and no department; the
// others stay.
func (a *API) removePartiesNotIn(corpID string, rows []partyRow) {
	keep := make(map[int]bool, len(rows))
	for _, r := range rows {
		keep[r.d.ID] = true
	}
	for _, id := range a.env.Store.DepartmentIDsDeepestFirst(corpID) {
		if keep[id] || id == 1 {
			continue
		}
		if ch, err := a.env.Store.DeleteDepartment(corpID, id, store.OriginContactsAPI); err == nil {
			a.publish(ch)
		}
	}
}
