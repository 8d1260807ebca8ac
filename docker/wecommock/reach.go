package wecommock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/testcontainers/testcontainers-go/wait"
)

// Reaching the container. testcontainers looks for published ports on the
// Docker daemon's host; when this process itself runs in a container it
// takes the default gateway, which answers nothing on machines where the
// engine runs in this very network namespace (docker-in-docker, as on some
// CI machines) or where the gateway is firewalled. So Run does not trust
// one guess: it asks GET /_mock/healthz of each place the mock may be
// reached and keeps the first, in this order:
//
//  1. the published port on the daemon's host (what testcontainers says;
//     TESTCONTAINERS_HOST_OVERRIDE sets it);
//  2. the published port on this machine's loopback (an engine in this
//     network namespace publishes its ports here);
//  3. the container's own address on its bridge network and the port
//     inside it (this process shares a network with the container).

// endpoint is where the container's ports are reached: host, and for each
// container port the port to dial.
type endpoint struct {
	host  string
	ports map[string]string // container port ("8080/tcp") → port to dial
}

func (e endpoint) url(scheme, containerPort string) (string, error) {
	p, ok := e.ports[containerPort]
	if !ok || e.host == "" {
		return "", fmt.Errorf("wecommock: port %s is not reachable", containerPort)
	}
	return scheme + "://" + net.JoinHostPort(e.host, p), nil
}

// candidates lists the endpoints to try for the container ports, best first.
func candidates(ctx context.Context, target wait.StrategyTarget, containerPorts []string) ([]endpoint, error) {
	published := map[string]string{}
	for _, cp := range containerPorts {
		mp, err := target.MappedPort(ctx, cp)
		if err != nil {
			return nil, err
		}
		published[cp] = mp.Port()
	}
	var out []endpoint
	seen := map[string]bool{}
	add := func(host string, ports map[string]string) {
		if key := fmt.Sprint(host, ports); host != "" && !seen[key] {
			seen[key] = true
			out = append(out, endpoint{host: host, ports: ports})
		}
	}
	if h, err := target.Host(ctx); err == nil {
		add(h, published)
	}
	add("127.0.0.1", published)
	if info, err := target.Inspect(ctx); err == nil && info.NetworkSettings != nil {
		inside := map[string]string{}
		for _, cp := range containerPorts {
			inside[cp], _, _ = strings.Cut(cp, "/")
		}
		for _, n := range info.NetworkSettings.Networks {
			if n != nil && n.IPAddress.IsValid() {
				add(n.IPAddress.String(), inside)
			}
		}
	}
	return out, nil
}

// reachStrategy is the wait strategy of Run: it polls the candidates'
// /_mock/healthz until one answers 200 and remembers it.
type reachStrategy struct {
	ports   []string // container ports; ports[0] serves /_mock/healthz
	timeout time.Duration
	poll    time.Duration

	mu     sync.Mutex
	chosen *endpoint
}

// Timeout is the start-up timeout (wait.StrategyTimeout).
func (s *reachStrategy) Timeout() *time.Duration { return &s.timeout }

func (s *reachStrategy) endpoint() (endpoint, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chosen == nil {
		return endpoint{}, false
	}
	return *s.chosen, true
}

// probeClient asks one candidate; an unreachable address must not hold a
// polling round long.
var probeClient = &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}, Timeout: time.Second}

// WaitUntilReady polls until a candidate answers, the container stops, or
// the timeout.
func (s *reachStrategy) WaitUntilReady(ctx context.Context, target wait.StrategyTarget) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var tried []string
	for {
		if st, err := target.State(ctx); err == nil && (st.Status == "exited" || st.Status == "dead") {
			return fmt.Errorf("container is %s (exit code %d) before answering /_mock/healthz", st.Status, st.ExitCode)
		}
		cands, err := candidates(ctx, target, s.ports)
		if err == nil {
			tried = tried[:0]
			if e, ok := firstHealthy(ctx, cands, s.ports[0]); ok {
				s.mu.Lock()
				s.chosen = &e
				s.mu.Unlock()
				return nil
			}
			for _, c := range cands {
				tried = append(tried, net.JoinHostPort(c.host, c.ports[s.ports[0]]))
			}
		}
		select {
		case <-ctx.Done():
			if len(tried) == 0 && err != nil {
				return fmt.Errorf("waiting for the container's ports: %w", err)
			}
			return fmt.Errorf("no answer from /_mock/healthz at any of %s within %v (set TESTCONTAINERS_HOST_OVERRIDE to the host that reaches the Docker engine's published ports): %w",
				strings.Join(tried, ", "), s.timeout, ctx.Err())
		case <-time.After(s.poll):
		}
	}
}

// firstHealthy asks every candidate at once and returns the best one that
// answered 200, as soon as every better one has failed: an unreachable
// gateway does not hold the answer up.
func firstHealthy(ctx context.Context, cands []endpoint, port string) (endpoint, bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		i  int
		ok bool
	}
	results := make(chan result, len(cands))
	for i, c := range cands {
		go func() { results <- result{i, healthy(ctx, c, port)} }()
	}
	state := make([]int, len(cands)) // 0 asking, 1 failed, 2 answered
	for range cands {
		r := <-results
		state[r.i] = 1
		if r.ok {
			state[r.i] = 2
		}
		for i, st := range state {
			if st == 0 {
				break // a better candidate may still answer
			}
			if st == 2 {
				return cands[i], true
			}
		}
	}
	return endpoint{}, false
}

// healthy reports whether GET /_mock/healthz at c answers 200.
func healthy(ctx context.Context, c endpoint, port string) bool {
	u, err := c.url("http", port)
	if err != nil {
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"/_mock/healthz", nil)
	if err != nil {
		return false
	}
	res, err := probeClient.Do(req)
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// errReaper explains a failure of testcontainers' reaper: on a machine
// that cannot pull testcontainers/ryuk, or cannot reach its port, every
// container start fails with it.
var errReaper = errors.New("the reaper container (testcontainers/ryuk) could not be started or reached; " +
	"where it cannot be pulled or reached set TESTCONTAINERS_RYUK_DISABLED=true " +
	"(containers are then removed only by Terminate, e.g. testcontainers.CleanupContainer)")

// explainReaper wraps err with errReaper when the reaper caused it.
func explainReaper(err error) error {
	if err == nil || !strings.Contains(err.Error(), "reaper") {
		return err
	}
	return fmt.Errorf("%w: %w", errReaper, err)
}
