package externalcontact

import (
	"maps"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// API serves the 客户联系 endpoints from the kernel's store.
type API struct {
	env *kernel.Env
	// Publish delivers a 客户联系 event and returns the delivery ids. The
	// server sets it before serving; nil delivers nothing.
	Publish func(store.ExternalEvent) []string
}

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints, one group per topic file.
func (a *API) Models() map[string]kernel.Model {
	all := map[string]kernel.Model{}
	for _, group := range []map[string]kernel.Model{
		a.customerModels(), a.welcomeModels(), a.tagModels(), a.contactWayModels(),
		a.groupChatModels(), a.groupMsgModels(), a.transferModels(), a.idModels(),
	} {
		maps.Copy(all, group)
	}
	return all
}

// publish delivers ev and returns the delivery ids.
func (a *API) publish(ev store.ExternalEvent) []string {
	if a.Publish == nil || len(ev.Deliveries) == 0 {
		return []string{}
	}
	return a.Publish(ev)
}
