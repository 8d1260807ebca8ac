package webhook

import "github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/webhook/send":         {Handle: a.send, MaxBody: maxSendBody},
		"/cgi-bin/webhook/upload_media": {Handle: a.uploadMedia, MaxBody: kernel.MaxUploadBody},
	}
}
