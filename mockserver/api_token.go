package mockserver

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
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
func (s *Server) getToken(_ *http.Request, c *call) (any, error) {
	corpID, secret := c.query.Get("corpid"), c.query.Get("corpsecret")
	if secret == "" {
		return nil, wecomErr(errcode.CorpSecretMissing)
	}
	if corpID == "" {
		return nil, wecomErr(errcode.CorpIDMissing)
	}
	tok, err := s.store.IssueToken(corpID, secret)
	switch {
	case errors.Is(err, store.ErrCorpNotFound):
		return nil, wecomErr(errcode.InvalidCorpID)
	case errors.Is(err, store.ErrSecretOfOther):
		return nil, wecomErr(errcode.SecretInvalid)
	case err != nil:
		return nil, wecomErr(errcode.InvalidCredential)
	}
	expiresIn := tok.ExpiresIn(s.store.Now())
	if s.cfg.fullExpiresIn {
		expiresIn = int(store.TokenTTL.Seconds())
	}
	return tokenResponse{AccessToken: tok.Value, ExpiresIn: expiresIn}, nil
}
