package refapp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// A small CRM on 客户联系: it greets customers as they add a salesperson,
// and lets salespeople greet later, tag customers, list theirs, and hand
// them over when someone moves on or leaves. A production CRM would put
// these endpoints behind the salesperson's session; this one leaves that
// out to stay short.
//
//   - PUT  /api/crm/settings {"greet_new_customers": bool}
//   - GET  /api/crm/{corpid}/customers/{external_userid} — the customer and
//     who follows them (externalcontact/get)
//   - POST /api/crm/{corpid}/customers/{external_userid}/greet {"userid"} —
//     the welcome message with the code the add event carried
//   - POST /api/crm/{corpid}/customers/{external_userid}/tags {"userid","tag"}
//     — a tag of the group 客户等级, by name
//   - GET  /api/crm/{corpid}/members/{userid}/customers?limit=N — a member's
//     customers, read N at a time (batch/get_by_user)
//   - POST /api/crm/{corpid}/members/{userid}/transfer {"takeover_userid"} —
//     every customer to another member: 在职 transfer_customer while the
//     member is in the corp, 离职 resigned/transfer_customer after they left
//   - GET  /api/crm/{corpid}/members/{userid}/transfer?takeover_userid= —
//     how that transfer stands
//
// A refusal of WeCom is answered {"error", "errcode", "message"}. The CRM
// keeps no copy of tags or groups: it reads them from WeCom when asked, so
// change_external_tag and change_external_chat need no handling here.

// LevelTagGroup is the tag group the CRM tags customers from.
const LevelTagGroup = "客户等级"

// greetingTimeout bounds greeting a customer inside a callback: WeCom waits
// 5 seconds for the answer, and the welcome code lasts only 20.
const greetingTimeout = 3 * time.Second

func (a *App) mountCRM() {
	a.mux.HandleFunc("PUT /api/crm/settings", a.crmSettings)
	a.mux.HandleFunc("GET /api/crm/{corpid}/customers/{external_userid}", a.crmCustomer)
	a.mux.HandleFunc("POST /api/crm/{corpid}/customers/{external_userid}/greet", a.crmGreet)
	a.mux.HandleFunc("POST /api/crm/{corpid}/customers/{external_userid}/tags", a.crmTag)
	a.mux.HandleFunc("GET /api/crm/{corpid}/members/{userid}/customers", a.crmListCustomers)
	a.mux.HandleFunc("POST /api/crm/{corpid}/members/{userid}/transfer", a.crmTransfer)
	a.mux.HandleFunc("GET /api/crm/{corpid}/members/{userid}/transfer", a.crmTransferStatus)
}

// onCustomerEvent keeps the CRM's memory from change_external_contact and
// greets new customers at once: their welcome code lasts 20 seconds.
func (a *App) onCustomerEvent(ctx context.Context, corpID string, ev *callback.ChangeExternalContactEvent) {
	switch ev.ChangeType {
	case callback.AddExternalContact, callback.AddHalfExternalContact:
		c := a.crm.added(Contact{CorpID: corpID, UserID: ev.UserID, ExternalUserID: ev.ExternalUserID,
			State: ev.State, WelcomeCode: ev.WelcomeCode, AddedAt: time.Now()})
		// No code means the two have chatted already: nothing to greet.
		if c.WelcomeCode == "" || !a.crm.greetsAtOnce() {
			return
		}
		t := a.tenantFor(corpID)
		if t == nil {
			return
		}
		ctx, cancel := context.WithTimeout(ctx, greetingTimeout)
		defer cancel()
		if err := a.greet(ctx, t, c); err != nil {
			a.cfg.Logger.WarnContext(ctx, "refapp: new customer not greeted", "userid", c.UserID, "err", err)
		}
	case callback.DelFollowUser:
		a.crm.update(corpID, ev.UserID, ev.ExternalUserID, func(c *Contact) { c.Ended = "customer" })
	case callback.DelExternalContact:
		a.crm.update(corpID, ev.UserID, ev.ExternalUserID, func(c *Contact) { c.Ended = "member" })
	case callback.TransferFail:
		a.cfg.Logger.InfoContext(ctx, "refapp: customer transfer failed", "userid", ev.UserID,
			"external_userid", ev.ExternalUserID, "reason", ev.FailReason)
	}
}

// greet sends the salesperson's welcome message with the recorded code.
func (a *App) greet(ctx context.Context, t *tenant, c Contact) error {
	name := c.UserID
	if m, _, f := a.loadMember(ctx, t, c.UserID); f == nil {
		name = m.Name
	}
	err := t.wecom.SendWelcomeMsg(ctx, client.WelcomeMessage{
		WelcomeCode: c.WelcomeCode,
		Text:        "您好，我是" + name + "，很高兴为您服务",
	})
	if err == nil {
		a.crm.update(c.CorpID, c.UserID, c.ExternalUserID, func(c *Contact) { c.Greeted = true })
	}
	return err
}

// writeCRMFailure answers a WeCom refusal with its errcode, so the salesperson
// (and the scenarios) can tell an expired welcome code from the rest.
func writeCRMFailure(w http.ResponseWriter, err error) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		writeFailure(w, wecomFailure(err))
		return
	}
	status, reason := http.StatusBadGateway, ReasonWeComError
	switch apiErr.Code {
	case errcode.InvalidWelcomeCode:
		status, reason = http.StatusConflict, "welcome_code_expired"
	case errcode.ChatAlreadyStarted:
		status, reason = http.StatusConflict, "already_chatting"
	case errcode.InvalidExternalUserID, errcode.NotExternalContact:
		status, reason = http.StatusNotFound, "unknown_customer"
	}
	writeJSON(w, status, map[string]any{"error": reason, "errcode": int(apiErr.Code), "message": apiErr.Msg})
}

// crmTenant is the tenant of the request's corp, or nil after answering.
func (a *App) crmTenant(w http.ResponseWriter, r *http.Request) *tenant {
	corpID := r.PathValue("corpid")
	t := a.tenantFor(corpID)
	if t == nil || !a.serves(corpID) {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to that company"))
		return nil
	}
	return t
}

// readBody decodes a small JSON body into v, or answers 400.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil || json.Unmarshal(body, v) != nil {
		writeFailure(w, fail(http.StatusBadRequest, "bad_request", "the body must be JSON"))
		return false
	}
	return true
}

func (a *App) crmSettings(w http.ResponseWriter, r *http.Request) {
	var in struct {
		GreetNewCustomers *bool `json:"greet_new_customers"`
	}
	if !readBody(w, r, &in) {
		return
	}
	if in.GreetNewCustomers != nil {
		a.crm.setGreeting(*in.GreetNewCustomers)
	}
	writeJSON(w, http.StatusOK, map[string]bool{"greet_new_customers": a.crm.greetsAtOnce()})
}

// CRMCustomer is the CRM's page of a customer.
type CRMCustomer struct {
	ExternalUserID string        `json:"external_userid"`
	Name           string        `json:"name"`
	Type           int           `json:"type"`
	Followers      []CRMFollower `json:"followers"`
}

// CRMFollower is a member who follows the customer.
type CRMFollower struct {
	UserID string   `json:"userid"`
	Remark string   `json:"remark,omitempty"`
	State  string   `json:"state,omitempty"`
	Tags   []string `json:"tags"` // tag names
}

func (a *App) crmCustomer(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	if t == nil {
		return
	}
	cust, err := t.wecom.GetExternalContact(r.Context(), r.PathValue("external_userid"))
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	out := CRMCustomer{ExternalUserID: cust.ExternalContact.ExternalUserID, Name: cust.ExternalContact.Name,
		Type: cust.ExternalContact.Type, Followers: []CRMFollower{}}
	for _, f := range cust.FollowUsers {
		cf := CRMFollower{UserID: f.UserID, Remark: f.Remark, State: f.State, Tags: []string{}}
		for _, tag := range f.Tags {
			cf.Tags = append(cf.Tags, tag.TagName)
		}
		out.Followers = append(out.Followers, cf)
	}
	writeJSON(w, http.StatusOK, out)
}

// memberRequest is the body naming the salesperson.
type memberRequest struct {
	UserID string `json:"userid"`
	Tag    string `json:"tag,omitempty"`
}

func (a *App) crmGreet(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	var in memberRequest
	if t == nil || !readBody(w, r, &in) {
		return
	}
	c, ok := a.crm.contact(t.CorpID, in.UserID, r.PathValue("external_userid"))
	if !ok || c.WelcomeCode == "" {
		writeFailure(w, fail(http.StatusNotFound, "no_welcome_code", "the app saw no welcome code for this customer and member"))
		return
	}
	if err := a.greet(r.Context(), t, c); err != nil {
		writeCRMFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"greeted": true})
}

// crmTag puts a tag of the group 客户等级 on a customer, by name, and takes
// the customer's other level off: a customer has one level.
func (a *App) crmTag(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	var in memberRequest
	if t == nil || !readBody(w, r, &in) {
		return
	}
	ctx, external := r.Context(), r.PathValue("external_userid")
	groups, err := t.wecom.CorpTagList(ctx, client.TagFilter{})
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	tagID, levels := levelTag(groups, in.Tag)
	if tagID == "" {
		writeFailure(w, fail(http.StatusNotFound, "unknown_tag", "no tag "+in.Tag+" in the group "+LevelTagGroup))
		return
	}
	cust, err := t.wecom.GetExternalContact(ctx, external)
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	var remove []string
	for _, f := range cust.FollowUsers {
		if strings.EqualFold(f.UserID, in.UserID) {
			for _, tag := range f.Tags {
				if tag.TagID != tagID && slices.Contains(levels, tag.TagID) {
					remove = append(remove, tag.TagID)
				}
			}
		}
	}
	err = t.wecom.MarkTag(ctx, client.TagMarks{UserID: in.UserID, ExternalUserID: external, AddTag: []string{tagID}, RemoveTag: remove})
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"tag_id": tagID})
}

// levelTag finds the tag named name in the level group, and every tag id
// of that group.
func levelTag(groups []client.CorpTagGroup, name string) (tagID string, group []string) {
	for _, g := range groups {
		if g.GroupName != LevelTagGroup || g.Deleted {
			continue
		}
		for _, tag := range g.Tags {
			group = append(group, tag.ID)
			if tag.Name == name && !tag.Deleted {
				tagID = tag.ID
			}
		}
	}
	return tagID, group
}

// CRMCustomerList is a member's customers as the CRM lists them.
type CRMCustomerList struct {
	Customers []CRMListedCustomer `json:"customers"`
	// Pages is how many pages of batch/get_by_user it took.
	Pages int `json:"pages"`
}

// CRMListedCustomer is one row of the list.
type CRMListedCustomer struct {
	ExternalUserID string   `json:"external_userid"`
	Name           string   `json:"name"`
	State          string   `json:"state,omitempty"`
	TagIDs         []string `json:"tag_ids"`
}

func (a *App) crmListCustomers(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	if t == nil {
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	limit = min(max(limit, 0), client.MaxBatchCustomers)
	out := CRMCustomerList{Customers: []CRMListedCustomer{}}
	cursor := ""
	for {
		page, err := t.wecom.BatchGetByUser(r.Context(), []string{r.PathValue("userid")}, cursor, limit)
		if err != nil {
			writeCRMFailure(w, err)
			return
		}
		out.Pages++
		for _, fc := range page.Customers {
			out.Customers = append(out.Customers, CRMListedCustomer{ExternalUserID: fc.ExternalContact.ExternalUserID,
				Name: fc.ExternalContact.Name, State: fc.FollowInfo.State, TagIDs: fc.FollowInfo.TagIDs})
		}
		if page.NextCursor == "" || page.NextCursor == cursor {
			break
		}
		cursor = page.NextCursor
	}
	writeJSON(w, http.StatusOK, out)
}

// CRMTransfer is what a transfer started: its kind and each customer's
// outcome (0: started).
type CRMTransfer struct {
	Kind      string                   `json:"kind"`
	Customers []client.TransferOutcome `json:"customers"`
}

// crmTransfer hands every customer of a member to another. While the member
// is in the corp that is an 在职 transfer of their customer list; once they
// left (user/get: 60111), their customers wait in get_unassigned_list for
// a 离职 transfer.
func (a *App) crmTransfer(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	var in struct {
		TakeoverUserID string `json:"takeover_userid"`
	}
	if t == nil || !readBody(w, r, &in) {
		return
	}
	ctx, from := r.Context(), r.PathValue("userid")
	kind := TransferOnJob
	if _, err := t.wecom.GetUser(ctx, from); errors.Is(err, errcode.UserIDNotFound) {
		kind = TransferResigned
	} else if err != nil {
		writeCRMFailure(w, err)
		return
	}
	var (
		ids []string
		err error
	)
	if kind == TransferOnJob {
		ids, err = t.wecom.ListExternalContacts(ctx, from)
		if errors.Is(err, errcode.NotExternalContact) {
			ids, err = nil, nil // nobody to hand over
		}
	} else {
		ids, err = unassignedOf(ctx, t.wecom, from)
	}
	if err != nil {
		writeCRMFailure(w, err)
		return
	}
	out := CRMTransfer{Kind: kind, Customers: []client.TransferOutcome{}}
	for chunk := range slices.Chunk(ids, client.MaxTransferCustomers) {
		tr := client.Transfer{HandoverUserID: from, TakeoverUserID: in.TakeoverUserID, ExternalUserIDs: chunk}
		var res []client.TransferOutcome
		if kind == TransferOnJob {
			res, err = t.wecom.TransferCustomer(ctx, tr)
		} else {
			res, err = t.wecom.ResignedTransferCustomer(ctx, tr)
		}
		if err != nil {
			writeCRMFailure(w, err)
			return
		}
		out.Customers = append(out.Customers, res...)
	}
	a.crm.startedTransfer(t.CorpID, from, in.TakeoverUserID, kind)
	writeJSON(w, http.StatusOK, out)
}

// unassignedOf lists the customers a member who left has not handed over.
func unassignedOf(ctx context.Context, wecom *client.Client, userID string) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		page, err := wecom.UnassignedList(ctx, cursor, client.MaxUnassignedPage)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Customers {
			if strings.EqualFold(u.HandoverUserID, userID) {
				ids = append(ids, u.ExternalUserID)
			}
		}
		if page.IsLast || page.NextCursor == "" || page.NextCursor == cursor {
			return ids, nil
		}
		cursor = page.NextCursor
	}
}

// CRMTransferStatus is how a transfer stands, customer by customer.
type CRMTransferStatus struct {
	Kind      string                  `json:"kind"`
	Customers []client.TransferStatus `json:"customers"`
}

func (a *App) crmTransferStatus(w http.ResponseWriter, r *http.Request) {
	t := a.crmTenant(w, r)
	if t == nil {
		return
	}
	ctx, from, to := r.Context(), r.PathValue("userid"), r.URL.Query().Get("takeover_userid")
	kind, ok := a.crm.transferKind(t.CorpID, from, to)
	if !ok {
		writeFailure(w, fail(http.StatusNotFound, "no_transfer", "the app started no transfer between these members"))
		return
	}
	out := CRMTransferStatus{Kind: kind, Customers: []client.TransferStatus{}}
	cursor := ""
	for {
		var (
			page *client.TransferStatusPage
			err  error
		)
		if kind == TransferOnJob {
			page, err = t.wecom.TransferResult(ctx, from, to, cursor)
		} else {
			page, err = t.wecom.ResignedTransferResult(ctx, from, to, cursor)
		}
		if err != nil {
			writeCRMFailure(w, err)
			return
		}
		out.Customers = append(out.Customers, page.Customers...)
		if page.NextCursor == "" || page.NextCursor == cursor {
			break
		}
		cursor = page.NextCursor
	}
	writeJSON(w, http.StatusOK, out)
}
