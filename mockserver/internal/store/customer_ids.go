package store

import (
	"crypto/sha256"
	"encoding/base64"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The id conversions of 客户联系: a WeChat customer's unionid to the
// external_userid a third-party or 代开发 app sees
// (https://developer.work.weixin.qq.com/document/path/93274, and the
// idconvert form with pending_id, 97108), an external_userid to the
// customer's openid (92323), and between the corp's and a suite's
// external_userid forms (get_new_external_userid, 97107;
// from_service_external_userid, 95884).
//
// A customer is reachable by a caller when a follow-user the caller sees
// follows them, or an owner the caller sees has them in a customer group:
// the docs' condition for every conversion. An unknown id is 40096; a
// customer the caller cannot reach 84061 (the real errcode of an
// unreachable customer is not documented for these APIs).

// MaxNewExternalUserIDs bounds get_new_external_userid's list.
const MaxNewExternalUserIDs = 1000

// UnionIDResult is the answer of a unionid lookup: the customer's
// external_userid in the caller's form, or for a WeChat user who is not
// (yet) the corp's customer, a pending_id (idconvert form only).
type UnionIDResult struct {
	ExternalUserID string
	PendingID      string
}

// UnionIDToExternalUserID is externalcontact/unionid_to_external_userid
// (93274): a third-party or 代开发 app's token only (48002 for others), the
// customer's external_userid in its form. The openid is not checked
// against the unionid: the mock knows no mini program's openids. 84061 when
// no customer the app can reach has the unionid.
func (s *Store) UnionIDToExternalUserID(tok Token, unionID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.suiteCallerLocked(tok)
	if err != nil {
		return "", err
	}
	id, ok := cl.byUnionID(unionID)
	if !ok {
		return "", errcode.NotExternalContact
	}
	return cl.outID(id), nil
}

// UnionIDToPendingID is idconvert/unionid_to_external_userid (97108): as
// UnionIDToExternalUserID, but a WeChat user who is not a customer the app
// reaches gets a pending_id instead of an error. The pending_id is derived
// from the suite and the unionid, so it stays the same for 90 days — and
// in the mock, for good.
func (s *Store) UnionIDToPendingID(tok Token, unionID string) (UnionIDResult, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.suiteCallerLocked(tok)
	if err != nil {
		return UnionIDResult{}, err
	}
	if id, ok := cl.byUnionID(unionID); ok {
		return UnionIDResult{ExternalUserID: cl.outID(id)}, nil
	}
	return UnionIDResult{PendingID: pendingID(cl.suiteID, unionID)}, nil
}

// ConvertToOpenID is externalcontact/convert_to_openid (92323): the openid
// of a WeChat customer — fixtures' openid, else one derived from the corp
// and the external_userid. A customer of type 2 (a WeCom user) has none:
// 41056, "外部联系人id类型不正确" (the docs say only that wo… ids are not
// supported, not with which errcode).
func (s *Store) ConvertToOpenID(tok Token, externalUserID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return "", err
	}
	c, err := cl.customer(externalUserID)
	if err != nil {
		return "", err
	}
	if !cl.reaches(c) {
		return "", errcode.NotExternalContact
	}
	if c.info.Type != fixtures.CustomerWeChat {
		return "", errcode.InvalidExternalUserIDType
	}
	if c.info.OpenID != "" {
		return c.info.OpenID, nil
	}
	return derivedOpenID(cl.c.id, c.info.ExternalUserID), nil
}

// NewExternalUserID is one item of get_new_external_userid.
type NewExternalUserID struct {
	ExternalUserID    string // as given
	NewExternalUserID string // in the caller's form
}

// GetNewExternalUserIDs is externalcontact/get_new_external_userid
// (97107): the corp's external_userids in the form of the calling
// third-party or 代开发 app (48002 for others); ids already in its form
// come back as they are. Ids of no customer the app reaches are left out.
func (s *Store) GetNewExternalUserIDs(tok Token, ids []string) ([]NewExternalUserID, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.suiteCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	own := cl.w.suiteIDs(cl.suiteID)
	r := reacher{cl: cl}
	out := make([]NewExternalUserID, 0, len(ids))
	for _, id := range ids {
		corpID, mine := own[id]
		if !mine {
			corpID = id
		}
		c, ok := cl.w.customers[corpID]
		if !ok || !r.reaches(c) {
			continue
		}
		out = append(out, NewExternalUserID{ExternalUserID: id, NewExternalUserID: cl.outID(corpID)})
	}
	return out, nil
}

// FromServiceExternalUserID is externalcontact/from_service_external_userid
// (95884): a self-built app or the 客户联系 secret (48002 for a suite's
// app) turns the external_userid that the third-party or 代开发 app
// sourceAgentID got into its own. 40056 when sourceAgentID is no app of a
// suite in the corp; 40096 when the id is not in that app's form; 84061
// unless both the caller and the source app reach the customer.
func (s *Store) FromServiceExternalUserID(tok Token, sourceAgentID int, externalUserID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return "", err
	}
	if cl.suiteID != "" {
		return "", errcode.APIForbidden
	}
	src, ok := cl.c.apps[sourceAgentID]
	if !ok || src.suiteID == "" {
		return "", errcode.InvalidAgentID
	}
	source := cl.c.appCaller(src)
	c, err := source.customer(externalUserID)
	if err != nil {
		return "", err
	}
	if !source.reaches(c) || !cl.reaches(c) {
		return "", errcode.NotExternalContact
	}
	return c.info.ExternalUserID, nil
}

// suiteCallerLocked resolves a caller that must be a third-party or 代开发
// app: 48002 for any other.
func (s *Store) suiteCallerLocked(tok Token) (ecCaller, error) {
	if tok.Kind != AppToken {
		return ecCaller{}, errcode.APIForbidden
	}
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return ecCaller{}, err
	}
	if cl.suiteID == "" {
		return ecCaller{}, errcode.APIForbidden
	}
	return cl, nil
}

// reacher answers whether the caller may convert a customer's ids: a
// follow-user it sees follows them, or they are in a customer group whose
// owner it sees. The groups are indexed on first need, once per call.
type reacher struct {
	cl       ecCaller
	inGroups map[string]bool // external_userids in groups of visible owners
}

func (r *reacher) reaches(c *customer) bool {
	for _, f := range c.follows {
		if r.cl.seesMember(f.UserID) {
			return true
		}
	}
	if r.inGroups == nil {
		r.inGroups = map[string]bool{}
		for _, g := range r.cl.w.groups.order {
			if !r.cl.seesMember(g.Owner) {
				continue
			}
			for _, m := range g.Members {
				if m.Type == fixtures.GroupMemberExternal {
					r.inGroups[m.UserID] = true
				}
			}
		}
	}
	return r.inGroups[c.info.ExternalUserID]
}

// reaches is a one-off reacher's answer.
func (cl ecCaller) reaches(c *customer) bool {
	r := reacher{cl: cl}
	return r.reaches(c)
}

// byUnionID finds the corp's external_userid of the WeChat user unionID
// among the customers the caller reaches, then among the customers in
// groups whose owner it sees (who need not be anyone's customer).
func (cl ecCaller) byUnionID(unionID string) (string, bool) {
	if unionID == "" {
		return "", false
	}
	if c, ok := cl.w.byUnionID[unionID]; ok && cl.reaches(c) {
		return c.info.ExternalUserID, true
	}
	for _, g := range cl.w.groups.order {
		if !cl.seesMember(g.Owner) {
			continue
		}
		for _, m := range g.Members {
			if m.Type == fixtures.GroupMemberExternal && m.UnionID == unionID {
				return m.UserID, true
			}
		}
	}
	return "", false
}

// derivedOpenID is the openid of a WeChat customer without one in the
// fixtures: "o" and 27 characters derived from the corp and the corp's
// external_userid, the length and alphabet of real openids.
func derivedOpenID(corpID, externalUserID string) string {
	sum := sha256.Sum256([]byte("openid\x00" + corpID + "\x00" + externalUserID))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}

// pendingID is the pending_id a suite gets for a WeChat user who is not a
// customer: "p" and 31 characters derived from both.
func pendingID(suiteID, unionID string) string {
	sum := sha256.Sum256([]byte("pending_id\x00" + suiteID + "\x00" + unionID))
	return "p" + base64.RawURLEncoding.EncodeToString(sum[:])[:31]
}
