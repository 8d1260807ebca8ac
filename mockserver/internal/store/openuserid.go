package store

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// open_userid is how a service provider names a member: one id per member
// per provider, the same in every suite of that provider and every API that
// returns it — user/get, user/simplelist and user/list to its third-party
// and 代开发 apps, its logins (getuserinfo3rd, service/miniprogram/jscode2session),
// the auth_user_info of an install, and the ID conversions
// (https://developer.work.weixin.qq.com/document/path/91121: "对于同一个服务商,
// 不同应用获取到企业内同一个成员的open_userid是相同的"). Self-built apps
// read none.

// openUserIDLocked is the open_userid provider (a provider corpid, "" for
// a world without providers) reads for member m of corpID: the fixture's
// value for the world's first provider, else a stable derived "wo…" id.
// Callers hold s.mu.
func (s *Store) openUserIDLocked(provider, corpID string, m *fixtures.Member) string {
	if m.OpenUserID != "" && provider == s.providers.first {
		return m.OpenUserID
	}
	return derivedOpenUserID(provider, corpID, m.UserID)
}

// derivedOpenUserID hashes the three names into an id shaped like WeCom's.
func derivedOpenUserID(provider, corpID, userID string) string {
	sum := sha256.Sum256([]byte("open_userid\x00" + provider + "\x00" + corpID + "\x00" + userID))
	return "wo" + hex.EncodeToString(sum[:])[:30]
}

// suiteProviderLocked is the corpid of the provider behind a suite: the
// suite's own provider, or the world's first. Callers hold s.mu.
func (s *Store) suiteProviderLocked(suiteID string) string {
	if su := s.suites.byID[suiteID]; su != nil && su.fx.Provider != "" {
		return su.fx.Provider
	}
	return s.providers.first
}

// appOpenUserIDLocked is the open_userid a's token reads for m: its
// provider's for a third-party or 代开发 app, "" for a self-built one.
// Callers hold s.mu.
func (s *Store) appOpenUserIDLocked(c *corp, a *app, m *fixtures.Member) string {
	if a == nil || a.suiteID == "" {
		return ""
	}
	return s.openUserIDLocked(s.suiteProviderLocked(a.suiteID), c.id, m)
}

// SuiteOpenUserID is the open_userid suiteID's provider reads for member
// userID of corpID, "" when there is no such member.
func (s *Store) SuiteOpenUserID(suiteID, corpID, userID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.corps[corpID]
	if c == nil {
		return ""
	}
	m := c.memberLocked(userID)
	if m == nil {
		return ""
	}
	return s.openUserIDLocked(s.suiteProviderLocked(suiteID), corpID, m)
}
