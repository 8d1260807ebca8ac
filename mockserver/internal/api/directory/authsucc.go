package directory

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// authSucc is GET /cgi-bin/user/authsucc?userid=: the corp's second
// verification (二次验证) let the member in. The mock has no verification
// gate to open, so it answers ok for a member the token may see. Checks,
// in order: the userid's shape (40003), the member (60111), inside the
// app's range (60011).
func (a *API) authSucc(_ *http.Request, c *kernel.Call) (any, error) {
	userID := c.Query.Get("userid")
	if !fixtures.ValidUserID(userID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	if _, err := a.env.Store.MemberFor(c.Token, userID); err != nil {
		return nil, memberError(err)
	}
	return struct{}{}, nil
}
