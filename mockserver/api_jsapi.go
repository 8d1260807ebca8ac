package mockserver

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
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
// Only app tokens get tickets: the contacts-sync secret reaches the contacts
// APIs only (48002, "api forbidden"), as for message/send.
func (s *Server) getJSAPITicket(_ *http.Request, c *call) (any, error) {
	if c.token.Kind != store.AppToken {
		return nil, wecomErr(errcode.APIForbidden)
	}
	return s.issueTicket(store.CorpTicket, c.token)
}

// getAgentTicket is GET /cgi-bin/ticket/get?type=agent_config: the app's own
// ticket for wx.agentConfig, distinct from the corp ticket, one per
// (corp, agentid). Any type other than agent_config, or none, is 40058;
// a contacts-sync token is 48002.
func (s *Server) getAgentTicket(_ *http.Request, c *call) (any, error) {
	if c.token.Kind != store.AppToken {
		return nil, wecomErr(errcode.APIForbidden)
	}
	if c.query.Get("type") != string(store.AgentTicket) {
		return nil, wecomErr(errcode.InvalidParameter)
	}
	return s.issueTicket(store.AgentTicket, c.token)
}

func (s *Server) issueTicket(kind store.TicketKind, tok store.Token) (any, error) {
	t, err := s.store.IssueTicket(kind, tok.CorpID, tok.AgentID)
	if err != nil {
		// The token's corp or app vanished (a new world was loaded while a
		// request was in flight): the token means nothing any more.
		return nil, wecomErr(errcode.InvalidAccessToken)
	}
	// Like gettoken: the remaining lifetime, or 7200 with WithFullExpiresIn.
	expiresIn := t.ExpiresIn(s.store.Now())
	if s.cfg.fullExpiresIn {
		expiresIn = int(store.TicketTTL.Seconds())
	}
	return jsapiTicketResponse{Ticket: t.Value, ExpiresIn: expiresIn}, nil
}
