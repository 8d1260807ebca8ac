package login

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// sessionResponse is code2Session's answer: the documented corpid, userid
// and session_key, and the deviceid real answers also carry (SDKs such as
// PowerWeChat decode it), empty when the code was minted without one.
type sessionResponse struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
	DeviceID   string `json:"deviceid"`
}

// jsCode2Session is GET /cgi-bin/miniprogram/jscode2session
// (https://developer.work.weixin.qq.com/document/path/91507):
// it redeems a wx.qy.login code of the mini program this token's app is
// bound to — a code from any corp: the answer names the member's own corp,
// and the member's userid, or an encrypted one when their corp has not
// bound the mini program (store/miniprogram.go). The catalog checks run
// first: 41008 without js_code, 40002 without grant_type. grant_type must
// be authorization_code (40002); unknown, used, expired codes and codes of
// another mini program all answer 40029 invalid code.
func (a *API) jsCode2Session(_ *http.Request, c *kernel.Call) (any, error) {
	if c.Token.Kind != store.AppToken {
		// Only the token of the app the mini program is bound to may
		// redeem its codes (40014 troubleshooting item 3).
		return nil, kernel.Err(errcode.InvalidAccessToken)
	}
	if err := kernel.CheckGrantType(c); err != nil {
		return nil, err
	}
	code, err := a.env.Store.RedeemCode(c.Query.Get("js_code"), store.MiniProgramCode, c.Token.CorpID, c.Token.AgentID)
	if errors.Is(err, store.ErrCodeInvalid) || errors.Is(err, store.ErrCodeOtherApp) {
		return nil, kernel.Err(errcode.InvalidCode)
	}
	if err != nil {
		return nil, err
	}
	return sessionResponse{CorpID: code.CorpID, UserID: code.SessionUserID, SessionKey: a.env.Store.SessionKey(), DeviceID: code.DeviceID}, nil
}
