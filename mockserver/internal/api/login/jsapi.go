package login

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type jsapiTicketResponse struct {
	Ticket    string `json:"ticket"`
	ExpiresIn int    `json:"expires_in"`
}

// getJSAPITicket is GET /cgi-bin/get_jsapi_ticket
// (https://developer.work.weixin.qq.com/document/path/96909): the corp's
// jsapi_ticket for wx.config / ww.register, one per corp, handed out again
// until it expires after 7200 s of virtual time. It also answers POST, which
// one Go SDK uses (GET endpoints do, see routes.go).
//
// Only app tokens get tickets: the catalog answers 48002 to the others, as
// for message/send.
func (a *API) getJSAPITicket(_ *http.Request, c *kernel.Call) (any, error) {
	return a.issueTicket(store.CorpTicket, c.Token)
}

// getAgentTicket is GET /cgi-bin/ticket/get?type=agent_config: the app's own
// ticket for wx.agentConfig, distinct from the corp ticket, one per
// (corp, agentid). Any type other than agent_config, or none, is 40058;
// a contacts-sync token is 48002 (the catalog's check).
func (a *API) getAgentTicket(_ *http.Request, c *kernel.Call) (any, error) {
	if c.Query.Get("type") != string(store.AgentTicket) {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	return a.issueTicket(store.AgentTicket, c.Token)
}

func (a *API) issueTicket(kind store.TicketKind, tok store.Token) (any, error) {
	t, err := a.env.Store.IssueTicket(kind, tok.CorpID, tok.AgentID)
	if err != nil {
		// The token's corp or app vanished (a new world was loaded while a
		// request was in flight): the token means nothing any more.
		return nil, kernel.Err(errcode.InvalidAccessToken)
	}
	// Like gettoken: the remaining lifetime, or 7200 with WithFullExpiresIn.
	return jsapiTicketResponse{Ticket: t.Value, ExpiresIn: a.env.ExpiresIn(t.ExpiresAt, store.TicketTTL)}, nil
}
