package mockctl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// WithToken sends the control token a mock started with --control-token
// (WithControlToken) wants; without it the calls are refused with 401.
func TestWithToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithControlToken("tok-123"))
	ctx := context.Background()
	var ce *mockctl.Error
	if _, err := mockctl.New(srv.URL()).Now(ctx); !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized {
		t.Errorf("without the token: %v, want a 401", err)
	}
	ctl := mockctl.New(srv.URL(), mockctl.WithToken("tok-123"))
	if _, err := ctl.Now(ctx); err != nil {
		t.Errorf("with the token: %v", err)
	}
	if err := ctl.Reset(ctx); err != nil {
		t.Errorf("a write with the token: %v", err)
	}
}

// A sandbox's client keeps its parent's token.
func TestWithTokenSandbox(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithControlToken("tok-456"))
	ctx := context.Background()
	ctl := mockctl.New(srv.URL(), mockctl.WithToken("tok-456"))
	sb, info, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ctl.DeleteSandbox(ctx, info.ID) }()
	if _, err := sb.Now(ctx); err != nil {
		t.Errorf("the sandbox's client: %v", err)
	}
	if _, err := mockctl.New(sb.URL()).Now(ctx); err == nil {
		t.Error("the sandbox answered without the token")
	}
}
