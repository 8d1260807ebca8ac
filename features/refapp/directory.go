package refapp

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/callback"
)

// Member is the app's copy of a WeCom member.
type Member struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	Name       string `json:"name"`
	Position   string `json:"position,omitempty"`
	Department []int  `json:"department,omitempty"`
}

func memberFromUser(corpID string, u *client.User) Member {
	return Member{CorpID: corpID, UserID: u.UserID, Name: u.Name, Position: u.Position, Department: u.Department}
}

// Directory holds the members the app knows, per corp: filled by logins and
// kept in sync by change_contact callbacks. It is safe for concurrent use.
type Directory struct {
	mu      sync.Mutex
	members map[string]map[string]Member // corpid → lower-cased userid → member
	seen    map[string]bool              // corpid/userid of members who logged in once
}

func newDirectory() *Directory {
	return &Directory{members: map[string]map[string]Member{}, seen: map[string]bool{}}
}

func key(userID string) string { return strings.ToLower(userID) }

// Get returns a member of corpID.
func (d *Directory) Get(corpID, userID string) (Member, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	m, ok := d.members[corpID][key(userID)]
	return m, ok
}

// List returns the members of corpID sorted by userid.
func (d *Directory) List(corpID string) []Member {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Member, 0, len(d.members[corpID]))
	for _, m := range d.members[corpID] {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.UserID, b.UserID) })
	return out
}

func (d *Directory) put(m Member) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.members[m.CorpID] == nil {
		d.members[m.CorpID] = map[string]Member{}
	}
	d.members[m.CorpID][key(m.UserID)] = m
}

// markSeen records a login and reports whether it was the member's first.
func (d *Directory) markSeen(corpID, userID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := corpID + "/" + key(userID)
	first := !d.seen[k]
	d.seen[k] = true
	return first
}

// apply updates the directory from a change_contact event. Deliveries may
// carry only the fields that changed, so absent elements keep their value.
func (d *Directory) apply(corpID string, ev *callback.ChangeContactEvent) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.members[corpID] == nil {
		d.members[corpID] = map[string]Member{}
	}
	members := d.members[corpID]
	switch ev.ChangeType {
	case callback.CreateUser, callback.UpdateUser:
		m, ok := members[key(ev.UserID)]
		if !ok {
			m = Member{CorpID: corpID, UserID: ev.UserID}
		}
		if ev.Has("Name") {
			m.Name = ev.Name
		}
		if ev.Has("Position") {
			m.Position = ev.Position
		}
		if ev.Has("Department") {
			m.Department = ev.Department
		}
		if ev.NewUserID != "" && !strings.EqualFold(ev.NewUserID, ev.UserID) {
			delete(members, key(ev.UserID))
			m.UserID = ev.NewUserID
		}
		members[key(m.UserID)] = m
	case callback.DeleteUser:
		delete(members, key(ev.UserID))
	}
}

// onCallback handles the callbacks of one tenant's app.
func (a *App) onCallback(corpID string) callback.Func {
	return func(ctx context.Context, ev callback.Event) (callback.Reply, error) {
		switch ev := ev.(type) {
		case *callback.ChangeContactEvent:
			a.dir.apply(corpID, ev)
			if ev.ChangeType == callback.DeleteUser {
				a.endSessions(corpID, ev.UserID)
			}
		case *callback.ChangeExternalContactEvent:
			a.onCustomerEvent(ctx, corpID, ev)
		case *callback.TemplateCardEvent:
			a.onCardEvent(ctx, corpID, ev)
		}
		return nil, nil
	}
}

func (a *App) listDirectory(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"members": a.dir.List(r.PathValue("corpid"))})
}

func (a *App) getDirectoryMember(w http.ResponseWriter, r *http.Request) {
	m, ok := a.dir.Get(r.PathValue("corpid"), r.PathValue("userid"))
	if !ok {
		writeFailure(w, fail(http.StatusNotFound, "not_found", "no such member in the directory"))
		return
	}
	writeJSON(w, http.StatusOK, m)
}
