package contacts

import (
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// API serves the contact endpoints from the kernel's store. One API serves
// a server: it holds the server's user/get body cache.
type API struct {
	env *kernel.Env
	// Publish delivers a contact change as change_contact callbacks and
	// returns the delivery ids. The server sets it before serving; nil
	// delivers nothing.
	Publish func(store.ContactChange) []string

	bodies userBodyCache
}

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/user/get":              {Handle: a.getUser, ErrorFields: userErrorFields},
		"/cgi-bin/department/list":       {Handle: a.departmentList},
		"/cgi-bin/department/simplelist": {Handle: a.departmentSimpleList, ErrorFields: simpleListErrorFields},
		"/cgi-bin/department/get":        {Handle: a.departmentGet},
		"/cgi-bin/user/simplelist":       {Handle: a.userSimpleList},
		"/cgi-bin/user/list":             {Handle: a.userList},
		"/cgi-bin/user/list_id":          {Handle: a.userListID, ErrorFields: listIDErrorFields},
		// Writes; each change causes change_contact callbacks (Publish).
		"/cgi-bin/user/create":       {Handle: a.userCreate},
		"/cgi-bin/user/update":       {Handle: a.userUpdate},
		"/cgi-bin/user/delete":       {Handle: a.userDelete},
		"/cgi-bin/department/create": {Handle: a.departmentCreate},
		"/cgi-bin/department/update": {Handle: a.departmentUpdate},
		"/cgi-bin/department/delete": {Handle: a.departmentDelete},
		"/cgi-bin/tag/addtagusers":   {Handle: a.tagAddUsers},
		"/cgi-bin/tag/deltagusers":   {Handle: a.tagDelUsers},
		// Tags: scope rules per caller in the store (contacts_tags.go).
		"/cgi-bin/tag/create": {Handle: a.tagCreate},
		"/cgi-bin/tag/update": {Handle: a.tagUpdate},
		"/cgi-bin/tag/delete": {Handle: a.tagDelete},
		"/cgi-bin/tag/get":    {Handle: a.tagGet},
		"/cgi-bin/tag/list":   {Handle: a.tagList},
	}
}

// ClearUserBodies empties the user/get body cache. The server calls it when
// the world is loaded or reset, so the cache does not keep the old world's
// records alive.
func (a *API) ClearUserBodies() { a.bodies.clear() }
