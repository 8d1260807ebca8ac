package mockctl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func TestControlAPI(t *testing.T) {
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()

	if err := ctl.Healthz(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := ctl.MintCode(ctx, mockctl.CodeRequest{Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "ghost"})
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound || ce.Msg == "" {
		t.Fatalf("minting for an unknown member: %v, want a 404 *mockctl.Error", err)
	}

	before, err := ctl.Now(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, err := ctl.Advance(ctx, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if d := after.Sub(before); d < 2*time.Hour || d > 2*time.Hour+time.Minute {
		t.Errorf("Advance(2h) moved the clock by %v", d)
	}

	res, err := testHTTP.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=nope")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close() // an unread answer pins the connection past the test
	reqs, err := ctl.Requests(ctx, "/cgi-bin/gettoken")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 || reqs[0].ErrCode == nil || *reqs[0].ErrCode != 40001 {
		t.Fatalf("journal: %+v, want one gettoken answered 40001", reqs)
	}

	if err := ctl.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := ctl.Requests(ctx, ""); len(reqs) != 0 {
		t.Errorf("journal after Reset: %d entries", len(reqs))
	}
}

// testHTTP bounds the tests' calls, so a stuck server fails a test
// instead of hanging it.
var testHTTP = &http.Client{Timeout: 30 * time.Second}
