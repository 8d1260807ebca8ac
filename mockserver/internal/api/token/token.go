package token

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// getToken is GET /cgi-bin/gettoken
// (https://developer.work.weixin.qq.com/document/path/91039). The check order
// is the real one: corpsecret missing (41004) before corpid missing (41002),
// then unknown corp (40013), another corp's secret (40091), wrong secret
// (40001).
func (a *API) getToken(_ *http.Request, c *kernel.Call) (any, error) {
	corpID, secret := c.Query.Get("corpid"), c.Query.Get("corpsecret")
	if secret == "" {
		return nil, kernel.Err(errcode.CorpSecretMissing)
	}
	if corpID == "" {
		return nil, kernel.Err(errcode.CorpIDMissing)
	}
	tok, err := a.env.Store.IssueToken(corpID, secret)
	switch {
	case errors.Is(err, store.ErrCorpNotFound):
		return nil, kernel.Err(errcode.InvalidCorpID)
	case errors.Is(err, store.ErrSecretOfOther):
		return nil, kernel.Err(errcode.SecretInvalid)
	case err != nil:
		return nil, kernel.Err(errcode.InvalidCredential)
	}
	return tokenResponse{AccessToken: tok.Value, ExpiresIn: a.env.ExpiresIn(tok.ExpiresAt, store.TokenTTL)}, nil
}
