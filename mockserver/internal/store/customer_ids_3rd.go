package store

import (
	"slices"
	"strings"
)

// ExternalUserIDInfo is one corp's answer of unionid_to_external_userid_3rd.
type ExternalUserIDInfo struct {
	CorpID         string
	ExternalUserID string
}

// UnionIDToExternalUserID3rd is service/externalcontact/unionid_to_external_userid_3rd
// (https://developer.work.weixin.qq.com/document/path/95878): for each
// corp that installed suiteID (only corpID when given), the external_userid
// its app reads for the customer with unionID — the answer
// externalcontact/unionid_to_external_userid gives the install's token.
// Corps where the app reaches no such customer are left out; the list may
// be empty. The openid is not checked, as there.
func (s *Store) UnionIDToExternalUserID3rd(suiteID, unionID, corpID string) []ExternalUserIDInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []ExternalUserIDInfo{}
	for k, auth := range s.suites.auths {
		if k.suiteID != suiteID || corpID != "" && k.corpID != corpID {
			continue
		}
		c := s.corps[k.corpID]
		if c == nil {
			continue
		}
		a := c.apps[auth.agentID]
		if a == nil {
			continue
		}
		cl := c.appCaller(a)
		if id, ok := cl.byUnionID(unionID); ok {
			out = append(out, ExternalUserIDInfo{CorpID: k.corpID, ExternalUserID: cl.outID(id)})
		}
	}
	slices.SortFunc(out, func(a, b ExternalUserIDInfo) int { return strings.Compare(a.CorpID, b.CorpID) })
	return out
}
