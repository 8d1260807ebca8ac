package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/client/jssdk"
)

const (
	jsapiTicketPath = "/cgi-bin/get_jsapi_ticket"
	agentTicketPath = "/cgi-bin/ticket/get"
)

func TestTicketsAreCachedSeparately(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret, client.WithClock(srv.Now))
	ctx := context.Background()

	corp1, err := c.JSAPITicket(ctx)
	if err != nil {
		t.Fatal(err)
	}
	agent1, err := c.AgentConfigTicket(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if corp1 == "" || agent1 == "" || string(corp1) == string(agent1) {
		t.Fatalf("tickets %q and %q: want two different ones", corp1, agent1)
	}
	if q := lastQuery(t, srv, agentTicketPath); !containsAll(q, "type=agent_config") {
		t.Fatalf("ticket/get query = %q", q)
	}
	for range 3 {
		c2, _ := c.JSAPITicket(ctx)
		a2, _ := c.AgentConfigTicket(ctx)
		if c2 != corp1 || a2 != agent1 {
			t.Fatal("cached ticket changed")
		}
	}
	if a, b := calls(srv, jsapiTicketPath), calls(srv, agentTicketPath); a != 1 || b != 1 {
		t.Fatalf("ticket fetches = %d and %d, want 1 each", a, b)
	}
	// The token is shared by both.
	if n := calls(srv, tokenPath); n != 1 {
		t.Fatalf("gettoken calls = %d, want 1", n)
	}

	srv.Advance(7200*time.Second + time.Second)
	corp2, err := c.JSAPITicket(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if corp2 == corp1 || calls(srv, jsapiTicketPath) != 2 {
		t.Fatalf("corp ticket not renewed after expiry (%d fetches)", calls(srv, jsapiTicketPath))
	}
	if calls(srv, agentTicketPath) != 1 {
		t.Fatal("the agent ticket was fetched along with the corp ticket")
	}

	// The tickets sign JS-SDK configs through their own types.
	cfg := jssdk.NewAgentConfig(agent1, corpID, agentID, "https://app.example.com/page#x", "nonce", 1700000000)
	if cfg.Signature != jssdk.Sign(string(agent1), "nonce", 1700000000, "https://app.example.com/page") {
		t.Fatal("signature mismatch")
	}
}

func TestTicketsNeedAnAppSecret(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, contactsSecret)
	_, err := c.JSAPITicket(context.Background())
	wantAPIError(t, err, errcode.APIForbidden, jsapiTicketPath)
	_, err = c.AgentConfigTicket(context.Background())
	wantAPIError(t, err, errcode.APIForbidden, agentTicketPath)
	// Errors are not cached.
	_, _ = c.JSAPITicket(context.Background())
	if n := calls(srv, jsapiTicketPath); n != 2 {
		t.Fatalf("get_jsapi_ticket calls = %d, want 2", n)
	}
}
