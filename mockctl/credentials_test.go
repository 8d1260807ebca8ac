package mockctl_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Credentials lists a minted code masked; Redeliver of an unknown delivery
// is the control API's 404.
func TestCredentialsAndRedeliver(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	code, err := ctl.MintCode(ctx, mockctl.CodeRequest{Kind: "oauth", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ctl.Credentials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Codes) != 1 || c.Codes[0].Kind != "oauth" || c.Codes[0].UserID != "zhangsan" ||
		c.Codes[0].Code != code.Code[:8]+"***" || c.Codes[0].ExpiresIn != 300 || c.CodesTotal != 1 {
		t.Errorf("credentials %+v", c)
	}
	_, err = ctl.Redeliver(ctx, "cb404")
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound || !strings.Contains(ce.Msg, "cb404") {
		t.Errorf("Redeliver(cb404): %v, want a 404 naming it", err)
	}
}
