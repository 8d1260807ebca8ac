package client

import (
	"context"
	"net/url"
	"strconv"
)

// Agent is a self-built app as agent/get returns it
// (https://developer.work.weixin.qq.com/document/path/90227): its details and
// its visible range (可见范围).
type Agent struct {
	AgentID       int    `json:"agentid"`
	Name          string `json:"name"`
	SquareLogoURL string `json:"square_logo_url"`
	Description   string `json:"description"`
	// AllowUsers, AllowParties and AllowTags are the visible range: members
	// named directly, department subtrees and tags.
	AllowUsers struct {
		User []struct {
			UserID string `json:"userid"`
		} `json:"user"`
	} `json:"allow_userinfos"`
	AllowParties struct {
		PartyID []int `json:"partyid"`
	} `json:"allow_partys"`
	AllowTags struct {
		TagID []int `json:"tagid"`
	} `json:"allow_tags"`
	Close              int    `json:"close"`
	RedirectDomain     string `json:"redirect_domain"`
	ReportLocationFlag int    `json:"report_location_flag"`
	IsReportEnter      int    `json:"isreportenter"`
	HomeURL            string `json:"home_url"`
}

// VisibleUsers are the userids the app's range names directly.
func (a *Agent) VisibleUsers() []string {
	out := make([]string, 0, len(a.AllowUsers.User))
	for _, u := range a.AllowUsers.User {
		out = append(out, u.UserID)
	}
	return out
}

// GetAgent reads an app's details and visible range (GET /cgi-bin/agent/get).
// An app's token reads only its own app: errcode.AnotherAgent (301002)
// otherwise, errcode.InvalidAgentID (40056) for a bad agentid.
func (c *Client) GetAgent(ctx context.Context, agentID int) (*Agent, error) {
	var out Agent
	if err := c.getJSON(ctx, "/cgi-bin/agent/get", url.Values{"agentid": {strconv.Itoa(agentID)}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
