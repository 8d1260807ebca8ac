package refapp

// The app as a third-party vendor's backend (SuiteConfig.ThirdParty). A
// corp that installs the suite becomes a tenant served with the corp token
// of get_corp_token (client.SuiteClient.CorpClient). WeCom gives a third
// party the userid where a member's name would be, so the vendor keeps its
// own contact records, imported at install and keyed by open_userid — the
// one id of a member that is the same in every app of the vendor — and
// joins each web login (the OAuth page opened with the suite id, then
// service/auth/getuserinfo3rd) to its record by that id.

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/wecom-mock/wecom-mock/client"
)

// contactIndex is the vendor's contact records: corpid → open_userid →
// userid.
type contactIndex struct {
	mu     sync.Mutex
	byOpen map[string]map[string]string
}

func (x *contactIndex) replace(corpID string, records map[string]string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byOpen == nil {
		x.byOpen = map[string]map[string]string{}
	}
	x.byOpen[corpID] = records
}

func (x *contactIndex) lookup(corpID, openUserID string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	userID, ok := x.byOpen[corpID][openUserID]
	return userID, ok
}

// thirdParty reports whether the app is a third-party vendor's backend.
func (a *App) thirdParty() bool { return a.cfg.Suite != nil && a.cfg.Suite.ThirdParty }

// installThirdParty makes an install's corp a tenant served with its corp
// token, and imports the contacts the install may read.
func (a *App) installThirdParty(ctx context.Context, pc *client.Authorization) error {
	corpID := pc.AuthCorpInfo.CorpID
	ag := pc.AuthInfo.Agent[0]
	c := a.suite.CorpClient(corpID, pc.PermanentCode)
	a.addTenantClient(Tenant{CorpID: corpID, AgentID: int(ag.AgentID), Secret: pc.PermanentCode}, c)
	return a.importContacts(ctx, corpID, c, ag.Privilege)
}

// importContacts reads the install's visible range — its departments with
// their sub-departments, and its members named one by one — into the
// contact records.
func (a *App) importContacts(ctx context.Context, corpID string, c *client.Client, priv client.AgentPrivilege) error {
	records := map[string]string{}
	for _, d := range priv.AllowParty {
		users, err := c.ListUsers(ctx, int(d), client.Recursive)
		if err != nil {
			return err
		}
		for _, u := range users {
			records[u.OpenUserID] = u.UserID
		}
	}
	for _, id := range priv.AllowUser {
		u, err := c.GetUser(ctx, id)
		if err != nil {
			return err
		}
		records[u.OpenUserID] = u.UserID
	}
	delete(records, "")
	a.contactRecords.replace(corpID, records)
	return nil
}

// vendorLoginCallback finishes a third-party web login: the code names the
// member and their corp (getuserinfo3rd); the corp must have installed the
// suite; the member is read with the install's token and matched to a
// contact record by open_userid.
func (a *App) vendorLoginCallback(w http.ResponseWriter, r *http.Request, flow, code string) {
	ctx := r.Context()
	id, err := a.suite.UserInfo3rd(ctx, code)
	if err != nil {
		writeFailure(w, wecomFailure(err))
		return
	}
	if !id.IsMember() {
		writeFailure(w, fail(http.StatusForbidden, ReasonNotAMember, "this app is for members of the company only"))
		return
	}
	t := a.tenantFor(id.CorpID)
	if t == nil || id.CorpID == "" || !a.serves(id.CorpID) {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "your company has not installed this app"))
		return
	}
	m, degraded, f := a.loadMember(ctx, t, id.UserID)
	if f != nil {
		writeFailure(w, f)
		return
	}
	s := a.login(ctx, t, m, degraded, flow)
	record, _ := a.contactRecords.lookup(id.CorpID, id.OpenUserID)
	a.mu.Lock()
	live := a.sessions[s.ID]
	live.OpenUserID, live.ContactRecord = id.OpenUserID, record
	a.mu.Unlock()
	setSessionCookie(w, s.ID, a.cfg.SessionTTL)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// errNoAgent is an install that names no app.
var errNoAgent = errors.New("refapp: get_permanent_code named no agent")
