package store

import (
	"reflect"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// exportSuitesLocked lists the suites with their callbacks as set at run
// time and the corps that have authorized them now (see World): the
// fixtures' authorizations still there first, then the ones made since,
// by corpid. An authorization's privilege is its app's visible range as
// it stands; its state, auth type and time are not in fixtures.
func (s *Store) exportSuitesLocked() []fixtures.Suite {
	var out []fixtures.Suite
	for _, su := range s.suites.order {
		rec := s.suiteConfigLocked(su)
		if rec.Callback != nil {
			cb := *rec.Callback
			rec.Callback = &cb
		}
		rec.Privilege = clonePrivilegePtr(rec.Privilege)
		rec.TrustedDomains = slices.Clone(rec.TrustedDomains)
		rec.LoginDomains = slices.Clone(rec.LoginDomains)
		if rec.MiniProgram != nil {
			mp := *rec.MiniProgram
			rec.MiniProgram = &mp
		}
		rec.Authorizations = s.exportAuthorizationsLocked(su)
		out = append(out, rec)
	}
	return out
}

func (s *Store) exportAuthorizationsLocked(su *suite) []fixtures.SuiteAuthorization {
	var corpIDs []string
	seen := map[string]bool{}
	for _, fa := range su.fx.Authorizations {
		if !seen[fa.CorpID] {
			corpIDs = append(corpIDs, fa.CorpID)
			seen[fa.CorpID] = true
		}
	}
	var later []string
	for key := range s.suites.auths {
		if key.suiteID == su.fx.SuiteID && !seen[key.corpID] {
			later = append(later, key.corpID)
		}
	}
	slices.Sort(later)
	var out []fixtures.SuiteAuthorization
	for _, corpID := range append(corpIDs, later...) {
		a := s.suites.auths[authKey{su.fx.SuiteID, corpID}]
		c := s.corps[corpID]
		if a == nil || c == nil {
			continue
		}
		rec := fixtures.SuiteAuthorization{CorpID: corpID, AgentID: a.agentID, PermanentCode: a.permanentCode}
		if c.memberLocked(a.authUserID) != nil {
			rec.AuthUserID = a.authUserID
		}
		if ap := c.apps[a.agentID]; ap != nil {
			v := exportVisibility(c, ap)
			priv := fixtures.SuitePrivilege{AllowUser: v.Users, AllowParty: v.Departments, AllowTag: v.Tags}
			rec.Privilege = &priv
			// Keep the fixtures' "the suite's default" when it still is.
			i := slices.IndexFunc(su.fx.Authorizations, func(fa fixtures.SuiteAuthorization) bool { return strings.EqualFold(fa.CorpID, corpID) })
			if i >= 0 && su.fx.Authorizations[i].Privilege == nil && reflect.DeepEqual(priv, s.defaultPrivilegeLocked(su, c)) {
				rec.Privilege = nil
			}
		}
		out = append(out, rec)
	}
	return out
}

func clonePrivilegePtr(p *fixtures.SuitePrivilege) *fixtures.SuitePrivilege {
	if p == nil {
		return nil
	}
	c := clonePrivilege(*p)
	return &c
}
