package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Sandboxes gives every scenario a sandbox of its own on the mock at url
// (docs/sandboxes.md): a world, clock, journal and inbox no other scenario
// sees, so scenarios can run in parallel against one binary or container.
// Each sandbox starts from the world the mock had when the suite first
// reached it, and is deleted after its scenario. opts reach the mock, e.g.
// mockctl.WithToken for a mock with a control token.
func Sandboxes(url string, opts ...mockctl.Option) MockProvider {
	return &sandboxMock{ctl: mockctl.New(url, opts...)}
}

type sandboxMock struct {
	ctl *mockctl.Client

	mu    sync.Mutex
	world json.RawMessage // the mock's world as the suite found it
}

func (p *sandboxMock) Acquire(ctx context.Context) (*mockctl.Client, func(), error) {
	world, err := p.baseline(ctx)
	if err != nil {
		return nil, nil, err
	}
	sbx, info, err := p.ctl.Sandbox(ctx, mockctl.SandboxRequest{Fixtures: world})
	if err != nil {
		return nil, nil, fmt.Errorf("steps: creating a sandbox on %s: %w", p.ctl.URL(), err)
	}
	release := func() {
		// A fresh context: the scenario's may be done.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.ctl.DeleteSandbox(ctx, info.ID)
	}
	return sbx, release, nil
}

// baseline reads the mock's world once.
func (p *sandboxMock) baseline(ctx context.Context) (json.RawMessage, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.world != nil {
		return p.world, nil
	}
	if err := p.ctl.Healthz(ctx); err != nil {
		return nil, fmt.Errorf("steps: the mock at %s does not answer: %w", p.ctl.URL(), err)
	}
	w, err := p.ctl.Fixtures(ctx)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("steps: the mock's world: %w", err)
	}
	p.world = data
	return data, nil
}
