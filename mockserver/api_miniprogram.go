package mockserver

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type sessionResponse struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
}

// jsCode2Session is GET /cgi-bin/miniprogram/jscode2session
// (https://developer.work.weixin.qq.com/document/path/96959):
// it redeems a wx.qy.login code minted for this token's app. Unknown, used,
// expired and other apps' codes all answer 40029 invalid code.
func (s *Server) jsCode2Session(_ *http.Request, c *call) (any, error) {
	if c.token.Kind != store.AppToken {
		// Only the token of the app the mini program is bound to may
		// redeem its codes (40014 troubleshooting item 3).
		return nil, wecomErr(errcode.InvalidAccessToken)
	}
	code, err := s.store.RedeemCode(c.query.Get("js_code"), store.MiniProgramCode, c.token.CorpID, c.token.AgentID)
	if errors.Is(err, store.ErrCodeInvalid) || errors.Is(err, store.ErrCodeOtherApp) {
		return nil, wecomErr(errcode.InvalidCode)
	}
	if err != nil {
		return nil, err
	}
	return sessionResponse{CorpID: code.CorpID, UserID: code.UserID, SessionKey: s.store.SessionKey()}, nil
}
