package client

import (
	"context"
	"net/url"
)

// Session is the answer of jscode2session: who logged in to the mini program.
type Session struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
	// DeviceID is the member's device; WeCom's answers carry it though the
	// docs do not list it.
	DeviceID string `json:"deviceid"`
}

// Code2Session exchanges a wx.qy.login code from a WeCom mini program for the
// member's identity (GET /cgi-bin/miniprogram/jscode2session). The client must
// use the secret of the self-built app the mini program is bound to. A code
// works once, for 5 minutes; a used, expired or foreign code fails with
// errcode.InvalidCode (40029), an empty one with errcode.CodeMissing (41008).
func (c *Client) Code2Session(ctx context.Context, jsCode string) (*Session, error) {
	var out Session
	err := c.getJSON(ctx, "/cgi-bin/miniprogram/jscode2session",
		url.Values{"js_code": {jsCode}, "grant_type": {"authorization_code"}}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
