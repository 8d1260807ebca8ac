package steps

import (
	"context"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// FromEnv's external mode sends $WECOM_MOCK_CONTROL_TOKEN to a mock that
// wants a control token.
func TestFromEnvSendsControlToken(t *testing.T) {
	srv := mockserver.NewTest(t, mockserver.WithControlToken("bdd-token"))
	t.Setenv(EnvMockURL, srv.URL())
	t.Setenv(mockctl.EnvControlToken, "bdd-token")
	ctl, release, err := FromEnv().Acquire(context.Background())
	if err != nil {
		t.Fatalf("acquiring the external mock with its token: %v", err)
	}
	defer release()
	if _, err := ctl.Now(context.Background()); err != nil {
		t.Errorf("a control call: %v", err)
	}
}
