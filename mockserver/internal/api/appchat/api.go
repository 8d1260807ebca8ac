package appchat

import (
	"errors"

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
		"/cgi-bin/appchat/create": {Handle: a.create},
		"/cgi-bin/appchat/update": {Handle: a.update},
		"/cgi-bin/appchat/get":    {Handle: a.get},
		"/cgi-bin/appchat/send":   {Handle: a.send},
	}
}

// storeError is the WeCom answer to an error of the store: an unknown chat
// answers notFound, the endpoint's errcode for it; the rest their own.
func storeError(err error, notFound errcode.Code) error {
	if errors.Is(err, store.ErrAppChatNotFound) {
		return kernel.Err(notFound)
	}
	return kernel.StoreError(err)
}
