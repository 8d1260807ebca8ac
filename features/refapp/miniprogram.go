package refapp

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// MiniProgramLoginRequest is what the mini program posts after wx.qy.login.
type MiniProgramLoginRequest struct {
	Code string `json:"code"`
	// CorpID optionally names the corp the mini program runs in, to pick
	// the credentials that redeem the code. It is a hint, never trusted.
	CorpID string `json:"corpid,omitempty"`
}

// LoginResponse is the answer to a successful login.
type LoginResponse struct {
	Session string   `json:"session"`
	User    *Session `json:"user"`
}

// miniProgramLogin: code → jscode2session → allow-list → user/get → session.
func (a *App) miniProgramLogin(w http.ResponseWriter, r *http.Request) {
	var req MiniProgramLoginRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil || json.Unmarshal(body, &req) != nil {
		writeFailure(w, fail(http.StatusBadRequest, "bad_request", `body must be {"code": "..."}`))
		return
	}
	if strings.TrimSpace(req.Code) == "" {
		writeFailure(w, fail(http.StatusBadRequest, ReasonMissingCode, "no login code"))
		return
	}
	t := a.tenantFor(req.CorpID)
	if t == nil {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company"))
		return
	}
	ctx := r.Context()
	sess, err := t.wecom.Code2Session(ctx, req.Code)
	if err != nil {
		writeFailure(w, wecomFailure(err))
		return
	}
	// The corp comes from WeCom, not from the request: a mini program bound
	// to several corps has its codes redeemed by any of them, and WeCom
	// answers the member's own corp. Check it against the allow-list before
	// spending an API call on the member, and read the member with that
	// corp's credentials.
	if sess.CorpID == "" || !a.serves(sess.CorpID) {
		writeFailure(w, fail(http.StatusForbidden, ReasonCorpNotServed, "this app is not available to your company"))
		return
	}
	t = a.tenantFor(sess.CorpID)
	m, degraded, f := a.loadMember(ctx, t, sess.UserID)
	if f != nil {
		writeFailure(w, f)
		return
	}
	s := a.login(ctx, t, m, degraded, "miniprogram")
	writeJSON(w, http.StatusOK, LoginResponse{Session: s.ID, User: s})
}
