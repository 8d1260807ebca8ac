package steps

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// EnvMockURL names the environment variable that points the steps at an
// external mock (the binary or the container) instead of an in-process one.
const EnvMockURL = "WECOM_MOCK_URL"

// MockProvider gives each scenario a mock in its starting state. Acquire is
// called before a scenario, release after it.
type MockProvider interface {
	Acquire(ctx context.Context) (mock *mockctl.Client, release func(), err error)
}

// FromEnv returns External(url) when $WECOM_MOCK_URL is set, with the
// control token of $WECOM_MOCK_CONTROL_TOKEN if that is set, and InProcess
// otherwise.
func FromEnv(opts ...mockserver.Option) MockProvider {
	if u := os.Getenv(EnvMockURL); u != "" {
		return External(u, mockctl.WithToken(os.Getenv(mockctl.EnvControlToken)))
	}
	return InProcess(opts...)
}

// Parallel reports whether scenarios of p may run concurrently: true for
// in-process mocks (one each), false for an external mock (one shared).
func Parallel(p MockProvider) bool {
	_, shared := p.(*externalMock)
	return !shared
}

// InProcess starts a fresh mockserver on 127.0.0.1 for every scenario and
// closes it afterwards, so scenarios can run in parallel.
func InProcess(opts ...mockserver.Option) MockProvider { return inProcess{opts: opts} }

type inProcess struct{ opts []mockserver.Option }

func (p inProcess) Acquire(context.Context) (*mockctl.Client, func(), error) {
	srv, err := mockserver.New(p.opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("steps: starting the mock: %w", err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return nil, nil, fmt.Errorf("steps: starting the mock: %w", err)
	}
	return mockctl.New(srv.URL()), func() { _ = srv.Close() }, nil
}

// External uses the mock at url (reached with opts, e.g. mockctl.WithToken)
// for every scenario, one scenario at a time:
// before and after each it reloads the world the mock had when the suite
// first reached it and resets the mock (tokens, codes, faults, journal,
// inbox, clock), so the mock is left as the suite found it.
func External(url string, opts ...mockctl.Option) MockProvider {
	return &externalMock{ctl: mockctl.New(url, opts...)}
}

type externalMock struct {
	ctl *mockctl.Client

	turn     sync.Mutex // held by the scenario using the mock
	once     sync.Mutex
	baseline *fixtures.World
}

func (p *externalMock) Acquire(ctx context.Context) (*mockctl.Client, func(), error) {
	p.turn.Lock()
	if err := p.prepare(ctx); err != nil {
		p.turn.Unlock()
		return nil, nil, err
	}
	release := func() {
		// A fresh context: the scenario's may be done.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.prepare(ctx)
		p.turn.Unlock()
	}
	return p.ctl, release, nil
}

func (p *externalMock) prepare(ctx context.Context) error {
	p.once.Lock()
	defer p.once.Unlock()
	if p.baseline == nil {
		if err := p.ctl.Healthz(ctx); err != nil {
			return fmt.Errorf("steps: the mock at $%s=%s does not answer: %w", EnvMockURL, p.ctl.URL(), err)
		}
		w, err := p.ctl.Fixtures(ctx)
		if err != nil {
			return err
		}
		p.baseline = w
	}
	if err := p.ctl.LoadFixtures(ctx, p.baseline); err != nil {
		return err
	}
	return p.ctl.Reset(ctx)
}
