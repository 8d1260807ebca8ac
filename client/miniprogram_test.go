package client_test

import (
	"context"
	"encoding/base64"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const sessionPath = "/cgi-bin/miniprogram/jscode2session"

func TestCode2Session(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	code := mint(t, srv, mockserver.CodeRequest{Kind: "miniprogram", UserID: "zhangsan"})

	s, err := c.Code2Session(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if s.CorpID != corpID || s.UserID != "zhangsan" {
		t.Fatalf("got %+v", s)
	}
	if key, err := base64.StdEncoding.DecodeString(s.SessionKey); err != nil || len(key) != 16 {
		t.Fatalf("session_key %q is not 16 bytes of base64 (%v)", s.SessionKey, err)
	}
	if q := lastQuery(t, srv, sessionPath); !containsAll(q, "grant_type=authorization_code", "js_code="+code) {
		t.Fatalf("query = %q", q)
	}

	// A code works once.
	_, err = c.Code2Session(ctx, code)
	wantAPIError(t, err, errcode.InvalidCode, sessionPath)
	_, err = c.Code2Session(ctx, "")
	wantAPIError(t, err, errcode.CodeMissing, sessionPath)

	// The device the code was minted for comes back.
	code = mint(t, srv, mockserver.CodeRequest{Kind: "miniprogram", UserID: "lisi", DeviceID: "dev-7"})
	if s, err := c.Code2Session(ctx, code); err != nil || s.DeviceID != "dev-7" {
		t.Fatalf("session %+v, %v; want deviceid dev-7", s, err)
	}
}

func TestCode2SessionInvalidCodes(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()

	_, err := c.Code2Session(ctx, "never-minted")
	wantAPIError(t, err, errcode.InvalidCode, sessionPath)

	expired := mint(t, srv, mockserver.CodeRequest{Kind: "miniprogram", UserID: "lisi"})
	srv.Advance(5*time.Minute + time.Second)
	_, err = c.Code2Session(ctx, expired)
	wantAPIError(t, err, errcode.InvalidCode, sessionPath)

	// Not retried, and the token was not touched.
	if got := calls(srv, sessionPath); got != 2 {
		t.Fatalf("jscode2session calls = %d, want 2", got)
	}
	if got := calls(srv, tokenPath); got != 1 {
		t.Fatalf("gettoken calls = %d, want 1", got)
	}
}
