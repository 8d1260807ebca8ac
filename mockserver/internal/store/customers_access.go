package store

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Who may call the 客户联系 APIs, which members they reach, and the form of
// the external_userids they see
// (https://developer.work.weixin.qq.com/document/path/92109):
//
//   - the 客户联系 secret's token: every member configured for 客户联系;
//   - a self-built app listed under 可调用应用 (fixtures ExternalContact.Apps):
//     the configured members inside its visible range (60011 outside);
//   - a third-party or 代开发 app's token: the same, and it sees every
//     customer under its own external_userid (derived from the suite id; the
//     real ones are per service provider), which it must also send back;
//   - any other app: 48002.

// ECCaller is a resolved caller of the 客户联系 APIs. Hold it only under
// the store's lock (the methods below that take one lock for you).
type ecCaller struct {
	c       *corp
	w       *customerWorld
	app     *app   // nil for the 客户联系 secret's token
	suiteID string // the suite of a third-party or 代开发 app
}

// ecCallerLocked resolves tok. Errors: ErrCorpNotFound, 48002 for an app
// that may not call 客户联系, ErrAppNotFound (60011) for a removed app.
func (s *Store) ecCallerLocked(tok Token) (ecCaller, error) {
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return ecCaller{}, ErrCorpNotFound
	}
	cl := ecCaller{c: c, w: c.customers}
	switch tok.Kind {
	case ExternalContactToken:
		return cl, nil
	case AppToken:
		a, ok := c.apps[tok.AgentID]
		if !ok {
			return ecCaller{}, ErrAppNotFound
		}
		cl.app, cl.suiteID = a, a.suiteID
		if a.suiteID == "" && !cl.w.apps[a.AgentID] {
			return ecCaller{}, errcode.APIForbidden
		}
		return cl, nil
	}
	return ecCaller{}, errcode.APIForbidden
}

// MayCallExternalContact checks that app token tok may call the 客户联系
// APIs: 48002 for a self-built app the admin did not list under 可调用应用.
func (s *Store) MayCallExternalContact(tok Token) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, err := s.ecCallerLocked(tok)
	return err
}

// appCaller is the caller of an app's own callback deliveries: the app as if
// it had called.
func (c *corp) appCaller(a *app) ecCaller {
	return ecCaller{c: c, w: c.customers, app: a, suiteID: a.suiteID}
}

// member resolves a follow-user argument: 60111 for an unknown userid, 60011
// outside the app's visible range, 84074 for a member not configured for
// 客户联系.
func (cl ecCaller) member(userID string) (*fixtures.Member, error) {
	m := cl.c.memberLocked(userID)
	if m == nil {
		return nil, errcode.UserIDNotFound
	}
	if cl.app != nil && !cl.c.visibleTo(cl.app, m) {
		return nil, errcode.NoPrivilege
	}
	if _, ok := cl.w.followUsers[strings.ToLower(m.UserID)]; !ok {
		return nil, errcode.NoExternalContactPrivilege
	}
	return m, nil
}

// relation resolves a member and one of their customers, as the APIs
// that act on a relationship take them: the member's errors of member,
// then 40096 for an unknown customer. f is the member's follow of the
// customer, nil when they are not related (callers choose the errcode).
func (cl ecCaller) relation(userID, externalUserID string) (m *fixtures.Member, c *customer, f *fixtures.FollowUser, err error) {
	if m, err = cl.member(userID); err != nil {
		return nil, nil, nil, err
	}
	if c, err = cl.customer(externalUserID); err != nil {
		return nil, nil, nil, err
	}
	return m, c, c.follow(m.UserID), nil
}

// seesMember reports whether the caller may see follow-user userID (a
// member who left is seen by the 客户联系 secret only).
func (cl ecCaller) seesMember(userID string) bool {
	if cl.app == nil {
		return true
	}
	m := cl.c.memberLocked(userID)
	return m != nil && cl.c.visibleTo(cl.app, m)
}

// customer resolves an external_userid in the caller's form: 40096 when no
// customer has it.
func (cl ecCaller) customer(id string) (*customer, error) {
	if cl.suiteID == "" {
		if c, ok := cl.w.customers[id]; ok {
			return c, nil
		}
		return nil, errcode.InvalidExternalUserID
	}
	if own, ok := cl.w.suiteIDs(cl.suiteID)[id]; ok {
		return cl.w.customers[own], nil
	}
	return nil, errcode.InvalidExternalUserID
}

// outID is customer id (the corp's own form) as the caller sees it.
func (cl ecCaller) outID(id string) string {
	if cl.suiteID == "" || !strings.HasPrefix(id, "wm") && !strings.HasPrefix(id, "wo") {
		return id
	}
	return suiteAlias(cl.suiteID, id)
}

// suiteIDs returns the alias table of a suite, building it on first use.
func (w *customerWorld) suiteIDs(suiteID string) map[string]string {
	m, ok := w.aliases[suiteID]
	if !ok {
		m = make(map[string]string, len(w.customers))
		w.aliases[suiteID] = m
		for _, c := range w.custOrder {
			m[suiteAlias(suiteID, c.info.ExternalUserID)] = c.info.ExternalUserID
		}
	}
	return m
}

// suiteAlias is the external_userid a suite's apps see for the corp's id:
// "wm" and 30 characters derived from both.
func suiteAlias(suiteID, id string) string {
	sum := sha256.Sum256([]byte("external_userid\x00" + suiteID + "\x00" + id))
	return "wm" + base64.RawURLEncoding.EncodeToString(sum[:])[:30]
}
