package token

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type providerTokenResponse struct {
	ProviderAccessToken string `json:"provider_access_token"`
	ExpiresIn           int    `json:"expires_in"`
}

// getProviderToken is POST /cgi-bin/service/get_provider_token
// {"corpid","provider_secret"}
// (https://developer.work.weixin.qq.com/document/path/91200): the service
// provider's token, handed out again until it expires after 7200 s.
//
// The docs give no errcodes of its own; the mock answers a missing corpid
// with 41002, a missing secret with 41004, an unknown provider with 40013
// and a wrong secret with 40001, as gettoken does.
func (a *API) getProviderToken(r *http.Request, _ *kernel.Call) (any, error) {
	var req struct {
		CorpID         string `json:"corpid"`
		ProviderSecret string `json:"provider_secret"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	switch {
	case req.CorpID == "":
		return nil, kernel.Err(errcode.CorpIDMissing)
	case req.ProviderSecret == "":
		return nil, kernel.Err(errcode.CorpSecretMissing)
	}
	tok, err := a.env.Store.IssueProviderToken(req.CorpID, req.ProviderSecret)
	switch {
	case errors.Is(err, store.ErrProviderNotFound):
		return nil, kernel.Err(errcode.InvalidCorpID)
	case errors.Is(err, store.ErrProviderSecretMismatch):
		return nil, kernel.Err(errcode.InvalidCredential)
	case err != nil:
		return nil, err
	}
	return providerTokenResponse{ProviderAccessToken: tok.Value, ExpiresIn: a.env.ExpiresIn(tok.ExpiresAt, store.ProviderTokenTTL)}, nil
}
