package refapp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
)

// Approvals through interactive template cards: the app sends the approver
// a button_interaction card (同意 / 驳回); the click comes back as
// template_card_event with a response_code, which the app spends at once on
// message/update_template_card so the approver sees the outcome in place of
// the buttons. A production app would put these endpoints behind a session.
//
//   - POST /api/approvals/{corpid} {"approver","title"} — sends the card;
//     answers {"task_id","msgid"}
//   - GET  /api/approvals/{corpid}/{task_id} — the approval as the app
//     recorded it
//   - POST /api/approvals/{corpid}/{task_id}/update {"replace_name"} —
//     updates the card again with the response code the app last spent, as
//     a naive retry would; WeCom refuses a spent code (42022), answered
//     {"error", "errcode", "message"}

// Approval statuses.
const (
	ApprovalPending  = "pending"
	ApprovalApproved = "approved"
	ApprovalRejected = "rejected"
)

// The card's button keys and the texts that replace them once decided.
const (
	approveKey = "approve"
	rejectKey  = "reject"
)

var decidedText = map[string]string{approveKey: "已同意", rejectKey: "已驳回"}

// maxApprovals bounds the approvals the app remembers; past it the oldest
// are forgotten (their response codes last 72 hours anyway).
const maxApprovals = 10_000

// cardUpdateTimeout bounds updating a card inside the click's callback:
// WeCom waits 5 seconds for the answer.
const cardUpdateTimeout = 3 * time.Second

// Approval is an approval the app asked for.
type Approval struct {
	CorpID   string `json:"corpid"`
	TaskID   string `json:"task_id"`
	Approver string `json:"approver"`
	Title    string `json:"title"`
	MsgID    string `json:"msgid"`
	Status   string `json:"status"`
	// DecidedBy is the member whose click decided it.
	DecidedBy string `json:"decided_by,omitempty"`
	// CardText is the finished button the app put on the card.
	CardText string `json:"card_text,omitempty"`
	// UpdateError is why the card could not be updated, if it could not.
	UpdateError string `json:"update_error,omitempty"`
	// lastCode is the response code the app last spent.
	lastCode string
}

// approvalBook is the app's memory of approvals, safe for concurrent use.
type approvalBook struct {
	mu    sync.Mutex
	byKey map[string]*Approval // corpid/task_id
	order []string
}

func newApprovalBook() *approvalBook { return &approvalBook{byKey: map[string]*Approval{}} }

func (b *approvalBook) add(ap Approval) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := ap.CorpID + "/" + ap.TaskID
	b.byKey[k] = &ap
	b.order = append(b.order, k)
	if len(b.order) > maxApprovals {
		delete(b.byKey, b.order[0])
		b.order = b.order[1:]
	}
}

// update changes an approval under the lock and returns a copy; ok is false
// for an unknown one.
func (b *approvalBook) update(corpID, taskID string, fn func(*Approval)) (Approval, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ap, ok := b.byKey[corpID+"/"+taskID]
	if !ok {
		return Approval{}, false
	}
	if fn != nil {
		fn(ap)
	}
	return *ap, true
}

func (a *App) mountApprovals() {
	a.mux.HandleFunc("POST /api/approvals/{corpid}", a.requestApproval)
	a.mux.HandleFunc("GET /api/approvals/{corpid}/{task_id}", a.getApproval)
	a.mux.HandleFunc("POST /api/approvals/{corpid}/{task_id}/update", a.updateApprovalAgain)
}

// approvalCard is the card an approver gets.
func approvalCard(taskID, title string) map[string]any {
	return map[string]any{
		"card_type":  "button_interaction",
		"task_id":    taskID,
		"main_title": map[string]any{"title": "审批申请", "desc": title},
		"button_list": []any{
			map[string]any{"text": "同意", "key": approveKey, "style": 1},
			map[string]any{"text": "驳回", "key": rejectKey, "style": 2},
		},
	}
}

func (a *App) requestApproval(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	if t == nil {
		return
	}
	var req struct {
		Approver string `json:"approver"`
		Title    string `json:"title"`
	}
	if !readBody(w, r, &req) {
		return
	}
	if req.Approver == "" || req.Title == "" {
		writeFailure(w, fail(http.StatusBadRequest, "bad_request", `"approver" and "title" are required`))
		return
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	taskID := "approval-" + hex.EncodeToString(id[:])
	res, err := t.wecom.SendMessage(r.Context(), client.Message{
		AgentID: int64(t.AgentID), ToUser: []string{req.Approver},
		Body: client.RawBody{Type: "template_card", Payload: approvalCard(taskID, req.Title)},
	})
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	a.approvals.add(Approval{CorpID: t.CorpID, TaskID: taskID, Approver: req.Approver, Title: req.Title,
		MsgID: res.MsgID, Status: ApprovalPending})
	writeJSON(w, http.StatusOK, map[string]string{"task_id": taskID, "msgid": res.MsgID})
}

func (a *App) getApproval(w http.ResponseWriter, r *http.Request) {
	ap, ok := a.approvals.update(r.PathValue("corpid"), r.PathValue("task_id"), nil)
	if !ok {
		writeFailure(w, fail(http.StatusNotFound, "not_found", "no such approval"))
		return
	}
	writeJSON(w, http.StatusOK, ap)
}

func (a *App) updateApprovalAgain(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	if t == nil {
		return
	}
	var req struct {
		ReplaceName string `json:"replace_name"`
	}
	if !readBody(w, r, &req) {
		return
	}
	ap, ok := a.approvals.update(t.CorpID, r.PathValue("task_id"), nil)
	if !ok || ap.lastCode == "" {
		writeFailure(w, fail(http.StatusNotFound, "not_found", "no decided approval with that task_id"))
		return
	}
	_, err := t.wecom.UpdateTemplateCard(r.Context(), client.TemplateCardUpdate{
		AgentID: int64(t.AgentID), ResponseCode: ap.lastCode, UserIDs: []string{ap.DecidedBy}, ReplaceName: req.ReplaceName,
	})
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "updated"})
}

// onCardEvent records an approver's decision and shows it on the card at
// once, spending the click's response code.
func (a *App) onCardEvent(ctx context.Context, corpID string, ev *callback.TemplateCardEvent) {
	text, known := decidedText[ev.EventKey]
	ap, ok := a.approvals.update(corpID, ev.TaskId, func(ap *Approval) {
		if !known || ap.Status != ApprovalPending {
			return
		}
		ap.Status = map[string]string{approveKey: ApprovalApproved, rejectKey: ApprovalRejected}[ev.EventKey]
		ap.DecidedBy = ev.FromUserName
	})
	if !ok || !known || ap.DecidedBy != ev.FromUserName {
		return
	}
	t := a.tenantFor(corpID)
	if t == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, cardUpdateTimeout)
	defer cancel()
	_, err := t.wecom.UpdateTemplateCard(ctx, client.TemplateCardUpdate{
		AgentID: int64(t.AgentID), ResponseCode: ev.ResponseCode, UserIDs: []string{ev.FromUserName}, ReplaceName: text,
	})
	a.approvals.update(corpID, ev.TaskId, func(ap *Approval) {
		ap.lastCode = ev.ResponseCode
		if err != nil {
			ap.UpdateError = err.Error()
			return
		}
		ap.CardText, ap.UpdateError = text, ""
	})
	if err != nil {
		a.cfg.Logger.WarnContext(ctx, "refapp: approval card not updated", "task_id", ev.TaskId, "err", err)
	}
}
