package media

import "github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/media/upload": {Handle: a.uploadMedia, MaxBody: kernel.MaxUploadBody},
		"/cgi-bin/media/get":    {Handle: a.getMedia},
		// uploadimg's body limit is the catalog's (an upload).
		"/cgi-bin/media/uploadimg": {Handle: a.uploadImage},
		"/cgi-bin/media/get/jssdk": {Handle: a.getJSSDKVoice},
	}
}
