package wecommock

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Sandbox and Delete drive the control API as a container's would: a
// Container whose control client points at an in-process mock, so the test
// runs without Docker.
func TestContainerSandbox(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxSandboxes(1))
	c := &Container{ctl: mockctl.New(srv.URL(), mockctl.WithHTTPClient(controlClient))}
	ctx := context.Background()
	sb, err := c.Sandbox(ctx, SandboxRequest{TTLSeconds: 60})
	if err != nil {
		t.Fatal(err)
	}
	if sb.URL != srv.URL()+"/sandboxes/"+sb.ID {
		t.Fatalf("sandbox URL %q", sb.URL)
	}
	if _, err := sb.Control.Advance(ctx, 1); err != nil {
		t.Fatal(err)
	}
	var ce *ControlError
	if _, err := c.Sandbox(ctx, SandboxRequest{}); !errors.As(err, &ce) || ce.Status != http.StatusTooManyRequests {
		t.Fatalf("second sandbox past a cap of 1: %v, want a 429 ControlError", err)
	}
	if err := sb.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sb.Delete(ctx); !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Fatalf("deleting twice: %v, want a 404 ControlError", err)
	}
}
