package message

import "github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/message/send":                 {Handle: a.sendMessage},
		"/cgi-bin/message/recall":               {Handle: a.recallMessage},
		"/cgi-bin/message/update_template_card": {Handle: a.updateTemplateCard, CheckParams: true},
	}
}
