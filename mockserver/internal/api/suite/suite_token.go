package suite

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type suiteTokenResponse struct {
	SuiteAccessToken string `json:"suite_access_token"`
	ExpiresIn        int    `json:"expires_in"`
}

// getSuiteToken is POST /cgi-bin/service/get_suite_token
// {"suite_id","suite_secret","suite_ticket"}
// (https://developer.work.weixin.qq.com/document/path/97162). One token per
// suite, handed out again until it expires after 7200 s; any of the suite's
// tickets younger than 30 minutes is accepted.
//
// Check order (not documented; the mock's choice): the body, then missing
// suite_id (41021), suite_secret (41024), suite_ticket (41023), then unknown
// suite (40083), wrong secret (40080), unknown or expired ticket (40085).
//
// The real API may omit errcode on success ("因历史原因，该接口在调用失败时才
// 返回errcode"); the mock always sends errcode 0 and errmsg "ok": every SDK
// accepts that, while at least one Go SDK fails on a body without errcode.
func (api *API) getSuiteToken(r *http.Request, _ *kernel.Call) (any, error) {
	var req struct {
		SuiteID     string `json:"suite_id"`
		SuiteSecret string `json:"suite_secret"`
		SuiteTicket string `json:"suite_ticket"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	switch {
	case req.SuiteID == "":
		return nil, kernel.Err(errcode.SuiteIDMissing)
	case req.SuiteSecret == "":
		return nil, kernel.Err(errcode.SuiteSecretMissing)
	case req.SuiteTicket == "":
		return nil, kernel.Err(errcode.SuiteTicketMissing)
	}
	tok, err := api.env.Store.IssueSuiteToken(req.SuiteID, req.SuiteSecret, req.SuiteTicket)
	switch {
	case errors.Is(err, store.ErrSuiteNotFound):
		return nil, kernel.Err(errcode.InvalidSuiteID)
	case errors.Is(err, store.ErrSuiteSecretMismatch):
		return nil, kernel.Err(errcode.InvalidSuiteSecret)
	case errors.Is(err, store.ErrSuiteTicketInvalid):
		return nil, kernel.Err(errcode.InvalidSuiteTicket)
	case err != nil:
		return nil, err
	}
	expiresIn := tok.ExpiresIn(api.env.Store.Now())
	if api.env.FullExpiresIn {
		expiresIn = int(store.SuiteTokenTTL.Seconds())
	}
	return suiteTokenResponse{SuiteAccessToken: tok.Value, ExpiresIn: expiresIn}, nil
}
