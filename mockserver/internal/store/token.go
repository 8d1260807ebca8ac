package store

import "time"

// TokenTTL is the lifetime of an access token
// (https://developer.work.weixin.qq.com/document/path/91039).
const TokenTTL = 7200 * time.Second

// TokenKind says which secret issued a token, and so what it may do.
type TokenKind int

const (
	// AppToken comes from a self-built app's secret: scoped to its agentid
	// and its visible range.
	AppToken TokenKind = iota + 1
	// ContactsToken comes from the 通讯录同步 secret: the whole corp's
	// contacts, no messages.
	ContactsToken
	// The tokens of the corp's other secrets (fixtures.SecretKinds), each
	// for one API area: 客户联系, 微信客服, 打卡, 审批, 会话内容存档.
	ExternalContactToken
	KFToken
	CheckinToken
	ApprovalToken
	MsgAuditToken
)

// tokenKindNames are the kinds' names, as fixtures and the endpoint
// catalog spell them, indexed by kind (String runs on every API call).
var tokenKindNames = [...]string{
	AppToken:             "app",
	ContactsToken:        "contacts",
	ExternalContactToken: "externalcontact",
	KFToken:              "kf",
	CheckinToken:         "checkin",
	ApprovalToken:        "approval",
	MsgAuditToken:        "msgaudit",
}

func (k TokenKind) String() string {
	if k > 0 && int(k) < len(tokenKindNames) {
		return tokenKindNames[k]
	}
	return "unknown"
}

// secretKind is the token kind of a fixtures secret kind name.
func secretKind(name string) (TokenKind, bool) {
	for k := ExternalContactToken; int(k) < len(tokenKindNames); k++ {
		if tokenKindNames[k] == name {
			return k, true
		}
	}
	return 0, false
}

// Token is an issued access token.
type Token struct {
	Value     string
	CorpID    string
	Kind      TokenKind
	AgentID   int // for AppToken
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// ExpiresIn is the token's remaining lifetime at now in seconds, rounded up
// so that a token issued this instant reports the full 7200.
func (t Token) ExpiresIn(now time.Time) int {
	return int((t.ExpiresAt.Sub(now) + time.Second - 1) / time.Second)
}

// IssueToken returns the token of (corpID, secret): the current one while it is
// valid — WeCom hands out the same token until it expires — or a new one.
// Errors: ErrCorpNotFound, ErrSecretOfOther (secret of another corp),
// ErrSecretMismatch (no such secret).
func (s *Store) IssueToken(corpID, secret string) (Token, error) {
	now := s.Now()
	// Fast path: the secret's current token is still valid, which is the
	// answer to almost every call.
	s.mu.RLock()
	if st := s.bySecret[secretKey{corpID, secret}]; st != nil && st.current != nil && now.Before(st.current.ExpiresAt) {
		tok := *st.current
		s.mu.RUnlock()
		return tok, nil
	}
	s.mu.RUnlock()

	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return Token{}, ErrCorpNotFound
	}
	tok := Token{CorpID: corpID}
	switch a, isApp := c.appsBySecret[secret]; {
	case isApp:
		tok.Kind, tok.AgentID = AppToken, a.AgentID
	case secret != "" && secret == c.contactsSecret:
		tok.Kind = ContactsToken
	case c.secrets[secret] != 0:
		tok.Kind = c.secrets[secret]
	default:
		if s.secretOfOtherCorpLocked(corpID, secret) {
			return Token{}, ErrSecretOfOther
		}
		return Token{}, ErrSecretMismatch
	}

	key := secretKey{corpID, secret}
	st := s.bySecret[key]
	if st == nil {
		st = &secretTokens{}
		s.bySecret[key] = st
	}
	if st.current != nil && now.Before(st.current.ExpiresAt) {
		return *st.current, nil
	}
	if st.current != nil {
		st.expired = append(st.expired, st.current.Value)
		if len(st.expired) > maxRememberedExpired {
			delete(s.tokens, st.expired[0])
			st.expired = st.expired[1:]
		}
	}
	tok.Value = s.randomString(96)
	tok.IssuedAt = now
	tok.ExpiresAt = now.Add(TokenTTL)
	st.current = &tok
	s.tokens[tok.Value] = &tok
	return tok, nil
}

func (s *Store) secretOfOtherCorpLocked(corpID, secret string) bool {
	if secret == "" {
		return false
	}
	for id, c := range s.corps {
		if id == corpID {
			continue
		}
		if _, ok := c.appsBySecret[secret]; ok || secret == c.contactsSecret || c.secrets[secret] != 0 {
			return true
		}
	}
	return false
}

// LookupToken resolves an access token: ErrTokenUnknown if it was never
// issued (or forgotten), ErrTokenExpired once its 7200 s are over.
func (s *Store) LookupToken(value string) (Token, error) {
	now := s.Now()
	s.mu.RLock()
	t, ok := s.tokens[value]
	s.mu.RUnlock()
	if !ok {
		return Token{}, ErrTokenUnknown
	}
	if !now.Before(t.ExpiresAt) {
		return Token{}, ErrTokenExpired
	}
	return *t, nil
}

// TokenCorp returns the corp of a token, valid or not, or "" if unknown. The
// fault injector uses it to match faults scoped to a corp.
func (s *Store) TokenCorp(value string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t, ok := s.tokens[value]; ok {
		return t.CorpID
	}
	return ""
}
