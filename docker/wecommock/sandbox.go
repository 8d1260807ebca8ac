package wecommock

import (
	"context"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// SandboxRequest is what a new sandbox starts from: its world (empty means
// the embedded default world) and how long it may stay unused.
type SandboxRequest = mockctl.SandboxRequest

// Sandbox is one isolated world inside the container (docs/sandboxes.md):
// its own fixtures, clock, journal, inbox, faults and stubs, served under
// URL. Give each parallel test worker its own.
type Sandbox struct {
	ID string
	// URL is the sandbox's base URL: SDKs take it in place of
	// https://qyapi.weixin.qq.com; the login pages and the control API
	// live under it too.
	URL string
	// Control is the sandbox's own control API.
	Control *mockctl.Client

	parent *mockctl.Client
}

// Sandbox creates a sandbox in the container (POST /_mock/sandboxes), with
// a *ControlError for a refusal (429 past the cap). Delete it when the test
// is done, or let it expire after its idle ttl.
func (c *Container) Sandbox(ctx context.Context, req SandboxRequest) (*Sandbox, error) {
	ctl, err := c.control()
	if err != nil {
		return nil, err
	}
	sbx, info, err := ctl.Sandbox(ctx, req)
	if err != nil {
		return nil, controlErr(err)
	}
	return &Sandbox{ID: info.ID, URL: sbx.URL(), Control: sbx, parent: ctl}, nil
}

// Delete deletes the sandbox and everything in it.
func (sb *Sandbox) Delete(ctx context.Context) error {
	return controlErr(sb.parent.DeleteSandbox(ctx, sb.ID))
}
