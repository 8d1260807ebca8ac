package agent

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// customizedOnline is the customized_publish_status of a 代开发 app: 2,
// 已上线 — the vendor's app is live without a pending version.
const customizedOnline = 2

type allowUser struct {
	UserID string `json:"userid"`
}

type allowUsers struct {
	User []allowUser `json:"user"`
}

type allowParties struct {
	PartyID []int `json:"partyid"`
}

type allowTags struct {
	TagID []int `json:"tagid"`
}

// getResponse is agent/get's answer
// (https://developer.work.weixin.qq.com/document/path/90227).
// customized_publish_status is only a 代开发 app's.
type getResponse struct {
	AgentID                 int          `json:"agentid"`
	Name                    string       `json:"name"`
	SquareLogoURL           string       `json:"square_logo_url"`
	Description             string       `json:"description"`
	AllowUserInfos          allowUsers   `json:"allow_userinfos"`
	AllowPartys             allowParties `json:"allow_partys"`
	AllowTags               allowTags    `json:"allow_tags"`
	Close                   int          `json:"close"`
	RedirectDomain          string       `json:"redirect_domain"`
	ReportLocationFlag      int          `json:"report_location_flag"`
	IsReportEnter           int          `json:"isreportenter"`
	HomeURL                 string       `json:"home_url"`
	CustomizedPublishStatus *int         `json:"customized_publish_status,omitempty"`
}

// get is GET /cgi-bin/agent/get?agentid=: the app's own details (40056 for
// a missing agentid, 301002 for another app's). Self-built, third-party and
// 代开发 apps may all read their own.
func (a *API) get(_ *http.Request, c *kernel.Call) (any, error) {
	if err := ownAgent(c.Query.Get("agentid"), c); err != nil {
		return nil, err
	}
	d, err := a.env.Store.Agent(c.Token.CorpID, c.Token.AgentID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := getResponse{
		AgentID: d.AgentID, Name: d.Name, SquareLogoURL: d.SquareLogoURL, Description: d.Description,
		AllowUserInfos:     allowUsers{User: make([]allowUser, 0, len(d.Users))},
		AllowPartys:        allowParties{PartyID: kernel.NonNil(d.Departments)},
		AllowTags:          allowTags{TagID: kernel.NonNil(d.Tags)},
		RedirectDomain:     d.RedirectDomain,
		ReportLocationFlag: d.ReportLocationFlag, IsReportEnter: d.IsReportEnter, HomeURL: d.HomeURL,
	}
	for _, u := range d.Users {
		out.AllowUserInfos.User = append(out.AllowUserInfos.User, allowUser{UserID: u})
	}
	if d.Kind == store.AgentCustomized {
		status := customizedOnline
		out.CustomizedPublishStatus = &status
	}
	return out, nil
}

type listedAgent struct {
	AgentID       int    `json:"agentid"`
	Name          string `json:"name"`
	SquareLogoURL string `json:"square_logo_url"`
}

type listResponse struct {
	AgentList []listedAgent `json:"agentlist"`
}

// list is GET /cgi-bin/agent/list: the apps the token may read, which for
// every app token is its own app alone.
func (a *API) list(_ *http.Request, c *kernel.Call) (any, error) {
	b, err := a.env.Store.AgentBriefOf(c.Token.CorpID, c.Token.AgentID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return listResponse{AgentList: []listedAgent{{AgentID: b.AgentID, Name: b.Name, SquareLogoURL: b.SquareLogoURL}}}, nil
}
