package store

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// A mini program's wx.qy.login codes belong to the mini program, not to one
// app: any app, of any corp, bound to the same mini program may redeem them
// at miniprogram/jscode2session, and the answer names the member's own corp
// (https://developer.work.weixin.qq.com/document/path/91507). A member of a
// corp where no app is bound to the mini program gets an encrypted userid
// ("如果用户所在企业并没有安装此小程序应用，则返回加密的userid").

// mintMiniProgramCode issues a wx.qy.login code. The mini program is the one
// of app AgentID of the corp, or AppID; given both, they must agree
// (ErrMiniProgramMismatch). With AppID alone the code is that of the corp's
// app bound to it (the lowest agentid if several), or, when the corp has
// none, a code of a corp that has not bound the mini program (AgentID 0).
// Errors: ErrCorpNotFound, ErrAppNotFound, ErrNoMiniProgram,
// ErrMiniProgramNotFound (no app of any corp has AppID), ErrMemberNotFound.
func (s *Store) mintMiniProgramCode(req MintRequest) (Code, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[req.CorpID]
	if !ok {
		return Code{}, ErrCorpNotFound
	}
	agentID, appID := req.AgentID, req.AppID
	if agentID != 0 {
		a, ok := c.apps[agentID]
		switch {
		case !ok:
			return Code{}, ErrAppNotFound
		case a.MiniProgram == nil:
			return Code{}, ErrNoMiniProgram
		case appID != "" && appID != a.MiniProgram.AppID:
			return Code{}, ErrMiniProgramMismatch
		}
		appID = a.MiniProgram.AppID
	} else {
		if appID == "" || !s.miniProgramKnownLocked(appID) {
			return Code{}, ErrMiniProgramNotFound
		}
		agentID = boundAgentLocked(c, appID)
	}
	m, ok := c.members[strings.ToLower(req.UserID)]
	if !ok {
		return Code{}, ErrMemberNotFound
	}
	return s.addCodeLocked(now, Code{Kind: MiniProgramCode, CorpID: c.id, AgentID: agentID, UserID: m.UserID, AppID: appID, DeviceID: req.DeviceID}), nil
}

// redeemMiniProgramCodeLocked spends code for app (corpID, agentID) if that
// app is bound to the code's mini program, and fills in the userid the
// answer carries. Callers hold s.mu for writing.
func (s *Store) redeemMiniProgramCodeLocked(code *Code, corpID string, agentID int) (Code, error) {
	c, ok := s.corps[corpID]
	if !ok {
		return Code{}, ErrCodeOtherApp
	}
	a, ok := c.apps[agentID]
	if !ok || a.MiniProgram == nil || a.MiniProgram.AppID != code.AppID {
		return Code{}, ErrCodeOtherApp
	}
	s.codes.remove(code.Value)
	out := *code
	out.SessionUserID = out.UserID
	if member := s.corps[out.CorpID]; member == nil || boundAgentLocked(member, out.AppID) == 0 {
		out.SessionUserID = EncryptedMiniProgramUserID(out.AppID, out.CorpID, out.UserID)
	}
	return out, nil
}

// miniProgramKnownLocked reports whether an app of any corp is bound to
// appID. Callers hold s.mu.
func (s *Store) miniProgramKnownLocked(appID string) bool {
	for _, c := range s.corps {
		if boundAgentLocked(c, appID) != 0 {
			return true
		}
	}
	return false
}

// boundAgentLocked is the lowest agentid of c's apps bound to mini program
// appID, 0 if none is. Callers hold s.mu.
func boundAgentLocked(c *corp, appID string) int {
	var ids []int
	for id, a := range c.apps {
		if a.MiniProgram != nil && a.MiniProgram.AppID == appID {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0
	}
	return slices.Min(ids)
}

// EncryptedMiniProgramUserID is the userid jscode2session gives for member
// userID of corpID when that corp has not bound mini program appID: "wo"
// and 30 lowercase hex digits (the shape of an open_userid), stable for one
// mini program, corp and member, and different for each of them.
func EncryptedMiniProgramUserID(appID, corpID, userID string) string {
	sum := sha256.Sum256([]byte("miniprogram_userid\x00" + appID + "\x00" + corpID + "\x00" + userID))
	return "wo" + hex.EncodeToString(sum[:])[:30]
}
