package agent

import (
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/agent/get":   {Handle: a.get},
		"/cgi-bin/agent/list":  {Handle: a.list},
		"/cgi-bin/agent/set":   {Handle: a.set},
		"/cgi-bin/menu/create": {Handle: a.createMenu},
		"/cgi-bin/menu/get":    {Handle: a.getMenu},
		"/cgi-bin/menu/delete": {Handle: a.deleteMenu},
	}
}

// ownAgent checks an agentid against the calling app's token: 40056 when
// it is missing or not a positive number, 301002 for another app (a token
// belongs to one app and reaches no other).
func ownAgent(raw string, c *kernel.Call) error {
	id, err := strconv.Atoi(raw)
	switch {
	case err != nil || id <= 0:
		return kernel.Err(errcode.InvalidAgentID)
	case id != c.Token.AgentID:
		return kernel.Err(errcode.AnotherAgent)
	}
	return nil
}

// refuseKinds answers 48002 when the calling app is of one of kinds, as
// the docs of agent/set and the menu APIs bar vendors' apps.
func (a *API) refuseKinds(c *kernel.Call, kinds ...store.AgentKind) error {
	kind, err := a.env.Store.AgentKindOf(c.Token.CorpID, c.Token.AgentID)
	if err != nil {
		return kernel.StoreError(err)
	}
	for _, k := range kinds {
		if kind == k {
			return kernel.Err(errcode.APIForbidden)
		}
	}
	return nil
}
