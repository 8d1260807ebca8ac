package wecommock_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/docker/wecommock"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// WithControlToken: the container's control API refuses calls without the
// token, and Control() and the module's methods send it.
func TestControlToken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), containerTimeout)
	defer cancel()
	const token = "s3cret-container-token"
	ctr := run(t, ctx, wecommock.WithControlToken(token))
	base, err := ctr.URL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var me *mockctl.Error
	if _, err := mockctl.New(base).State(ctx); !errors.As(err, &me) || me.Status != http.StatusUnauthorized {
		t.Fatalf("control call without the token: %v, want 401", err)
	}
	if _, err := mockctl.New(base, mockctl.WithToken("wrong")).State(ctx); !errors.As(err, &me) || me.Status != http.StatusUnauthorized {
		t.Fatalf("control call with a wrong token: %v, want 401", err)
	}
	if _, err := ctr.Control().State(ctx); err != nil {
		t.Fatalf("Control() with the token: %v", err)
	}
	if _, err := ctr.MintCode(ctx, wecommock.CodeRequest{CorpID: corpID, AgentID: agentID, UserID: "zhangsan"}); err != nil {
		t.Fatalf("MintCode with the token: %v", err)
	}
}
