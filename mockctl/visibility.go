package mockctl

import (
	"context"
	"net/http"
	"net/url"
)

// Visibility is a corp's visibility matrix (GET /_mock/visibility?corpid=):
// for each member, the apps whose visible range holds them. An app missing
// from a member's row answers 60011 for that member.
type Visibility struct {
	CorpID  string             `json:"corpid"`
	Apps    []int              `json:"apps"` // the corp's agentids, ascending
	Members []MemberVisibility `json:"members"`
}

// MemberVisibility is one member's row of a Visibility.
type MemberVisibility struct {
	UserID  string `json:"userid"`
	Name    string `json:"name"`
	Visible []int  `json:"visible"` // agentids of the apps that see the member
}

// Visibility returns the corp's visibility matrix.
func (c *Client) Visibility(ctx context.Context, corpID string) (Visibility, error) {
	var out Visibility
	err := c.do(ctx, http.MethodGet, "/_mock/visibility?corpid="+url.QueryEscape(corpID), nil, &out)
	return out, err
}
