package directory

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// inviteResponse is batch/invite's answer: the targets it left out, each
// list only when not empty.
type inviteResponse struct {
	InvalidUser  []string `json:"invaliduser,omitempty"`
	InvalidParty []int    `json:"invalidparty,omitempty"`
	InvalidTag   []int    `json:"invalidtag,omitempty"`
}

// invite is POST /cgi-bin/batch/invite {user, party, tag}. The catalog
// bounds the lists (1000 users, 100 departments, 100 tags: 40058); all
// three empty is 40058 too. The invitation goes out to the targets the
// token may see; the others — unknown, or outside an app's range — come
// back in invaliduser, invalidparty and invalidtag, and the call still
// succeeds, as the docs say. The mock sends no SMS or email: nothing is
// kept.
func (a *API) invite(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		User  []string `json:"user"`
		Party []int    `json:"party"`
		Tag   []int    `json:"tag"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	if len(body.User)+len(body.Party)+len(body.Tag) == 0 {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	bad, err := a.env.Store.Uninvitable(c.Token, body.User, body.Party, body.Tag)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return inviteResponse{InvalidUser: bad.Users, InvalidParty: bad.Parties, InvalidTag: bad.Tags}, nil
}
