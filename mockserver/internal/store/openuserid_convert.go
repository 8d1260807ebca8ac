package store

import "github.com/wecom-mock/wecom-mock/client/errcode"

// The ID conversions between a corp's userids and corpid and the names a
// service provider reads for them (openuserid.go): batch/userid_to_openuserid
// (https://developer.work.weixin.qq.com/document/path/95603),
// batch/openuserid_to_userid (95884) and service/corpid_to_opencorpid
// (95604). Each answers from the one open_userid per member per provider,
// so what they give equals what user/get gives the provider's apps.

// MaxIDConversions bounds the lists of the two batch conversions ("最多不超过
// 1000个").
const MaxIDConversions = 1000

// OpenUserIDPair is one converted member: the userid and its open_userid.
type OpenUserIDPair struct {
	UserID     string
	OpenUserID string
}

// UserIDsToOpenUserIDs is batch/userid_to_openuserid (95603): a third-party
// or 代开发 app's token only ("仅代开发应用或第三方应用可调用"; 48002 for a
// self-built app or another secret) turns userids into its provider's
// open_userids. A userid of no member, or of one outside the app's visible
// range ("成员需要在应用的可见范围内"), goes to invalid. Ids come back as
// given, in order.
func (s *Store) UserIDsToOpenUserIDs(tok Token, userIDs []string) (pairs []OpenUserIDPair, invalid []string, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, a, err := s.appCallerLocked(tok)
	if err != nil {
		return nil, nil, err
	}
	if a.suiteID == "" {
		return nil, nil, errcode.APIForbidden
	}
	provider := s.suiteProviderLocked(a.suiteID)
	pairs, invalid = []OpenUserIDPair{}, []string{}
	for _, id := range userIDs {
		m := c.memberLocked(id)
		if m == nil || !c.visibleTo(a, m) {
			invalid = append(invalid, id)
			continue
		}
		pairs = append(pairs, OpenUserIDPair{UserID: id, OpenUserID: s.openUserIDLocked(provider, c.id, m)})
	}
	return pairs, invalid, nil
}

// OpenUserIDsToUserIDs is batch/openuserid_to_userid (95884): a self-built
// app's token only ("需要使用自建应用的access_token"; 48002 for a suite's
// app) turns the open_userids that the third-party or 代开发 app
// sourceAgentID got into userids. 40056 when sourceAgentID is no app of a
// suite in the corp. An open_userid of another provider or corp, or of a
// member outside the range of the caller or of the source app ("成员需要同时
// 在access_token和source_agentid所对应应用的可见范围内"), goes to invalid.
func (s *Store) OpenUserIDsToUserIDs(tok Token, sourceAgentID int, openUserIDs []string) (pairs []OpenUserIDPair, invalid []string, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, a, err := s.appCallerLocked(tok)
	if err != nil {
		return nil, nil, err
	}
	if a.suiteID != "" {
		return nil, nil, errcode.APIForbidden
	}
	src, ok := c.apps[sourceAgentID]
	if !ok || src.suiteID == "" {
		return nil, nil, errcode.InvalidAgentID
	}
	provider := s.suiteProviderLocked(src.suiteID)
	// One pass over the members names every open_userid the two apps both
	// see; the corp's member count bounds it.
	byOpen := make(map[string]string)
	for _, m := range c.memberOrder {
		if c.visibleTo(a, m) && c.visibleTo(src, m) {
			byOpen[s.openUserIDLocked(provider, c.id, m)] = m.UserID
		}
	}
	pairs, invalid = []OpenUserIDPair{}, []string{}
	for _, id := range openUserIDs {
		userID, ok := byOpen[id]
		if !ok {
			invalid = append(invalid, id)
			continue
		}
		pairs = append(pairs, OpenUserIDPair{UserID: userID, OpenUserID: id})
	}
	return pairs, invalid, nil
}

// CorpIDToOpenCorpID is service/corpid_to_opencorpid (95604): the corpid
// provider's apps read for corpID. The mock gives third parties plain
// corpids everywhere (auth_corp_info, getuserinfo3rd…), so the answer is
// corpID itself. Only a corp that installed one of the provider's suites
// may be converted ("转换已获授权企业的corpid"); any other corpid, known or
// not, is 40013, which tells the provider nothing of corps it does not
// serve.
func (s *Store) CorpIDToOpenCorpID(provider, corpID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.corps[corpID]; ok {
		for k := range s.suites.auths {
			if k.corpID == corpID && s.suiteProviderLocked(k.suiteID) == provider {
				return corpID, nil
			}
		}
	}
	return "", errcode.InvalidCorpID
}

// appCallerLocked resolves an app token's corp and app: 48002 for a token
// of another secret, ErrAppNotFound for an app that is gone.
func (s *Store) appCallerLocked(tok Token) (*corp, *app, error) {
	if tok.Kind != AppToken {
		return nil, nil, errcode.APIForbidden
	}
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	a, ok := c.apps[tok.AgentID]
	if !ok {
		return nil, nil, ErrAppNotFound
	}
	return c, a, nil
}
