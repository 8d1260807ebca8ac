package client

import (
	"context"
	"net/url"

	"github.com/wecom-mock/wecom-mock/client/jssdk"
)

// JSAPITicket returns the corp jsapi_ticket that signs wx.config and
// ww.register's getConfigSignature (GET /cgi-bin/get_jsapi_ticket). It is
// cached until shortly before it expires, like the access token: WeCom allows
// only 400 fetches an hour per corp. Sign with jssdk.NewConfig.
func (c *Client) JSAPITicket(ctx context.Context) (jssdk.CorpTicket, error) {
	t, err := c.cached(ctx, &c.jsapiTicket, func(ctx context.Context) (string, int, error) {
		return c.fetchTicket(ctx, "/cgi-bin/get_jsapi_ticket", nil)
	})
	return jssdk.CorpTicket(t), err
}

// AgentConfigTicket returns the app ticket that signs wx.agentConfig and
// ww.register's getAgentConfigSignature
// (GET /cgi-bin/ticket/get?type=agent_config). It is cached separately from
// the corp ticket (WeCom allows 100 fetches an hour per app). Sign with
// jssdk.NewAgentConfig; signing agentConfig with the corp ticket fails in the
// browser.
func (c *Client) AgentConfigTicket(ctx context.Context) (jssdk.AgentConfigTicket, error) {
	t, err := c.cached(ctx, &c.agentTicket, func(ctx context.Context) (string, int, error) {
		return c.fetchTicket(ctx, "/cgi-bin/ticket/get", url.Values{"type": {"agent_config"}})
	})
	return jssdk.AgentConfigTicket(t), err
}

func (c *Client) fetchTicket(ctx context.Context, path string, q url.Values) (string, int, error) {
	var out struct {
		Ticket    string `json:"ticket"`
		ExpiresIn int    `json:"expires_in"`
	}
	if err := c.getJSON(ctx, path, q, &out); err != nil {
		return "", 0, err
	}
	if out.Ticket == "" {
		return "", 0, &ResponseError{Path: path, Reason: "answer has no ticket"}
	}
	return out.Ticket, out.ExpiresIn, nil
}
