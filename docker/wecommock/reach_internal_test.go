package wecommock

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go/wait"
)

// fakeTarget is a container as the wait strategy sees it: the daemon's
// host, the published port and the container's bridge address.
type fakeTarget struct {
	wait.StrategyTarget // the methods the strategy does not call
	host, published     string
	ip                  string // container address; "" for none
	inside              string // port inside the container
	status              string
}

func (f *fakeTarget) Host(context.Context) (string, error) { return f.host, nil }
func (f *fakeTarget) MappedPort(context.Context, string) (network.Port, error) {
	return network.ParsePort(f.published + "/tcp")
}
func (f *fakeTarget) State(context.Context) (*container.State, error) {
	return &container.State{Status: container.ContainerState(f.status), Running: f.status == "running"}, nil
}
func (f *fakeTarget) Inspect(context.Context) (*container.InspectResponse, error) {
	nets := map[string]*network.EndpointSettings{}
	if f.ip != "" {
		nets["bridge"] = &network.EndpointSettings{IPAddress: netip.MustParseAddr(f.ip)}
	}
	return &container.InspectResponse{NetworkSettings: &container.NetworkSettings{Networks: nets}}, nil
}

// healthz serves /_mock/healthz on 127.0.0.1 and returns its port.
func healthz(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_mock/healthz" {
			_, _ = w.Write([]byte(`{"status":"ok"}`))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return port
}

// A port nothing listens on (loopback only: tests dial nothing else).
func deadPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	_ = l.Close()
	return port
}

func TestReachChoosesWhereTheMockAnswers(t *testing.T) {
	t.Parallel()
	live, dead := healthz(t), deadPort(t)
	for _, tc := range []struct {
		name   string
		target *fakeTarget
		want   string
	}{
		{"the daemon's host answers", &fakeTarget{host: "127.0.0.1", published: live, status: "running"}, "http://127.0.0.1:" + live},
		// The daemon's host (a gateway) answers nothing; the engine
		// publishes in this namespace. 127.0.0.2 stands for the gateway:
		// the listener is on 127.0.0.1 only.
		{"the published port on loopback", &fakeTarget{host: "127.0.0.2", published: live, status: "running"}, "http://127.0.0.1:" + live},
		// Nothing published answers; the container's bridge address does.
		{"the container's address", &fakeTarget{host: "127.0.0.2", published: dead, ip: "127.0.0.1", inside: live, status: "running"}, "http://127.0.0.1:" + live},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			port := HTTPPort
			if tc.target.inside != "" {
				port = tc.target.inside + "/tcp"
			}
			s := &reachStrategy{ports: []string{port}, timeout: 10 * time.Second, poll: 10 * time.Millisecond}
			if err := s.WaitUntilReady(context.Background(), tc.target); err != nil {
				t.Fatal(err)
			}
			e, ok := s.endpoint()
			if !ok {
				t.Fatal("no endpoint chosen")
			}
			if got, err := e.url("http", port); err != nil || got != tc.want {
				t.Fatalf("chose %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestReachGivesUp(t *testing.T) {
	t.Parallel()
	dead := deadPort(t)
	t.Run("nowhere answers", func(t *testing.T) {
		t.Parallel()
		s := &reachStrategy{ports: []string{HTTPPort}, timeout: 300 * time.Millisecond, poll: 10 * time.Millisecond}
		err := s.WaitUntilReady(context.Background(), &fakeTarget{host: "127.0.0.2", published: dead, status: "running"})
		if err == nil || !strings.Contains(err.Error(), "127.0.0.2:"+dead) || !strings.Contains(err.Error(), "TESTCONTAINERS_HOST_OVERRIDE") {
			t.Fatalf("err %v, want one naming the addresses tried and TESTCONTAINERS_HOST_OVERRIDE", err)
		}
	})
	t.Run("the container exited", func(t *testing.T) {
		t.Parallel()
		s := &reachStrategy{ports: []string{HTTPPort}, timeout: 10 * time.Second, poll: 10 * time.Millisecond}
		begin := time.Now()
		err := s.WaitUntilReady(context.Background(), &fakeTarget{host: "127.0.0.1", published: dead, status: "exited"})
		if err == nil || !strings.Contains(err.Error(), "exited") || time.Since(begin) > 5*time.Second {
			t.Fatalf("err %v after %v, want an exited container reported at once", err, time.Since(begin))
		}
	})
}

func TestExplainReaper(t *testing.T) {
	t.Parallel()
	pull := errors.New(`create container: reaper: new reaper: pull image testcontainers/ryuk:0.13.0: dial tcp: lookup registry-1.docker.io: no such host`)
	err := explainReaper(pull)
	if !errors.Is(err, errReaper) || !errors.Is(err, pull) || !strings.Contains(err.Error(), "TESTCONTAINERS_RYUK_DISABLED=true") {
		t.Fatalf("explainReaper: %v", err)
	}
	other := errors.New("image wecom-mock:dev not found")
	if err := explainReaper(other); err != other {
		t.Fatalf("an error not of the reaper: %v", err)
	}
	if explainReaper(nil) != nil {
		t.Fatal("explainReaper(nil) != nil")
	}
}
