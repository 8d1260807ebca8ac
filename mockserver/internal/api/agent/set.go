package agent

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// agent/set's limits (https://developer.work.weixin.qq.com/document/path/90228):
// a name of at most 32 characters, a description of 4 to 120. The docs
// give home_url and redirect_domain no length; the mock bounds them as
// URLs and host names are bounded elsewhere.
const (
	nameMax        = 32
	descriptionMin = 4
	descriptionMax = 120
	homeURLMax     = 1024
	domainMax      = 253
)

// setRequest is agent/set's body; absent fields stay as they are.
type setRequest struct {
	AgentID            kernel.IntField `json:"agentid"`
	ReportLocationFlag *int            `json:"report_location_flag"`
	LogoMediaID        *string         `json:"logo_mediaid"`
	Name               *string         `json:"name"`
	Description        *string         `json:"description"`
	RedirectDomain     *string         `json:"redirect_domain"`
	IsReportEnter      *int            `json:"isreportenter"`
	HomeURL            *string         `json:"home_url"`
}

// set is POST /cgi-bin/agent/set. Checks, in order: the app (48002 for a
// third-party or 代开发 one, which the docs bar), the JSON (40058), the
// agentid (40056, 301002 for another app), then each field: name 1–32
// characters and description 4–120 (40058), report_location_flag 0 or 1
// (40059), isreportenter 0 or 1 (40058), redirect_domain a host name with
// an optional port (40058), home_url an http(s) URL (40094), logo_mediaid
// an image upload of the corp (40007).
func (a *API) set(r *http.Request, c *kernel.Call) (any, error) {
	if err := a.refuseKinds(c, store.AgentThirdParty, store.AgentCustomized); err != nil {
		return nil, err
	}
	var req setRequest
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if !req.AgentID.OK {
		return nil, kernel.Err(errcode.InvalidAgentID)
	}
	if err := ownAgent(strconv.FormatInt(req.AgentID.N, 10), c); err != nil {
		return nil, err
	}
	if err := a.checkSet(c, req); err != nil {
		return nil, err
	}
	err := a.env.Store.SetAgent(c.Token.CorpID, c.Token.AgentID, store.AgentUpdate{
		Name: req.Name, Description: req.Description, RedirectDomain: req.RedirectDomain, HomeURL: req.HomeURL,
		LogoMediaID: req.LogoMediaID, ReportLocationFlag: req.ReportLocationFlag, IsReportEnter: req.IsReportEnter,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return nil, nil
}

func (a *API) checkSet(c *kernel.Call, req setRequest) error {
	bad := kernel.Err(errcode.InvalidParameter)
	if req.Name != nil {
		if n := utf8.RuneCountInString(*req.Name); n == 0 || n > nameMax || strings.TrimSpace(*req.Name) == "" {
			return bad
		}
	}
	if req.Description != nil {
		if n := utf8.RuneCountInString(*req.Description); n < descriptionMin || n > descriptionMax {
			return bad
		}
	}
	if f := req.ReportLocationFlag; f != nil && *f != 0 && *f != 1 {
		return kernel.Err(errcode.InvalidReportLocation)
	}
	if f := req.IsReportEnter; f != nil && *f != 0 && *f != 1 {
		return bad
	}
	if d := req.RedirectDomain; d != nil && !isDomain(*d) {
		return bad
	}
	if u := req.HomeURL; u != nil && !isHTTPURL(*u, homeURLMax) {
		return kernel.Err(errcode.InvalidURL)
	}
	if id := req.LogoMediaID; id != nil {
		m, err := a.env.Store.Media(c.Token.CorpID, *id)
		if err != nil || m.Type != "image" || m.RobotKey != "" {
			return kernel.Err(errcode.InvalidMediaID)
		}
	}
	return nil
}

// isDomain reports whether s is a host name, optionally with a port: dot-
// separated labels of letters, digits and hyphens, no scheme or path — the
// form of an app's 可信域名.
func isDomain(s string) bool {
	if s == "" || len(s) > domainMax {
		return false
	}
	host, port, hasPort := strings.Cut(s, ":")
	if hasPort {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return false
		}
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// isHTTPURL reports whether s is an http or https URL with a host, of at
// most max bytes.
func isHTTPURL(s string, max int) bool {
	if len(s) > max {
		return false
	}
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	return ok && rest != "" && rest[0] != '/'
}
