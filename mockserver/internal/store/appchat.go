package store

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// App group chat (群聊会话) limits
// (https://developer.work.weixin.qq.com/document/path/90245,
// https://developer.work.weixin.qq.com/document/path/90246).
const (
	// AppChatMinMembers and AppChatMaxMembers bound a chat's members.
	AppChatMinMembers = 2
	AppChatMaxMembers = 2000
	// AppChatNameMax is the most characters of a chat's name; WeCom cuts a
	// longer name rather than refusing it.
	AppChatNameMax = 50
	// AppChatIDMax is the longest chatid a caller may choose.
	AppChatIDMax = 32

	// DefaultAppChatCount and DefaultAppChatBytes bound the chat table of
	// the whole server (every corp's chats): past either, create and an
	// update that grows a chat answer 45009 until Reset.
	DefaultAppChatCount = 10_000
	DefaultAppChatBytes = 32 << 20
)

// ErrAppChatNotFound: no chat with this chatid in the corp. Each endpoint
// answers it with its own errcode (86003, or 86001 for appchat/send).
var ErrAppChatNotFound = errors.New("store: app chat not found")

// AppChat is a group chat an app created (群聊会话).
type AppChat struct {
	CorpID string
	// AgentID is the app that created the chat: only it may use the chat.
	AgentID int
	ChatID  string
	Name    string
	// Owner and Members are userids as spelled in the fixtures; Members in
	// the order they joined.
	Owner     string
	Members   []string
	CreatedAt time.Time
}

// size is what a chat weighs in the table's byte bound.
func (c *AppChat) size() int64 {
	n := len(c.CorpID) + len(c.ChatID) + len(c.Name) + len(c.Owner)
	for _, m := range c.Members {
		n += len(m)
	}
	return int64(n)
}

func (c *AppChat) clone() AppChat {
	out := *c
	out.Members = slices.Clone(c.Members)
	return out
}

type appChatKey struct{ corpID, chatID string }

// appChatTable holds every corp's app group chats, bounded in count and
// bytes.
type appChatTable struct {
	chats    map[appChatKey]*AppChat
	bytes    int64
	maxCount int
	maxBytes int64
}

func newAppChatTable() appChatTable {
	return appChatTable{chats: map[appChatKey]*AppChat{}, maxCount: DefaultAppChatCount, maxBytes: DefaultAppChatBytes}
}

// SetAppChatLimits changes the bounds of the chat table (tests use small
// ones); the chats already in it stay.
func (s *Store) SetAppChatLimits(count int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appChats.maxCount, s.appChats.maxBytes = count, bytes
}

// AppChatCounts is how many chats the table holds and their weight in
// bytes.
func (s *Store) AppChatCounts() (count int, bytes int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.appChats.chats), s.appChats.bytes
}

// appChatApp resolves the app that calls an appchat API: a self-built or
// 代开发 app (48002 for a third-party one) whose visible range is the root
// department (60011 otherwise), as the docs require.
func (s *Store) appChatApp(corpID string, agentID int) (*corp, *app, error) {
	c, ok := s.corps[corpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	a, ok := c.apps[agentID]
	if !ok {
		return nil, nil, ErrAppNotFound
	}
	if su := s.suites.byID[a.suiteID]; su != nil && !su.fx.Customized() {
		return nil, nil, errcode.APIForbidden
	}
	for id, d := range c.depts {
		if d.ParentID == 0 && a.depts[id] {
			return c, a, nil
		}
	}
	return nil, nil, errcode.NoPrivilege
}

// CheckAppChatApp answers whether the app may call the appchat APIs at all
// (see appChatApp), so that the handlers refuse it before reading a body.
func (s *Store) CheckAppChatApp(corpID string, agentID int) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, _, err := s.appChatApp(corpID, agentID)
	return err
}

// chatOf returns the chat chatID of app a: ErrAppChatNotFound, or 86008
// for a chat another app created.
func (s *Store) chatOf(corpID string, agentID int, chatID string) (*AppChat, error) {
	ch, ok := s.appChats.chats[appChatKey{corpID, chatID}]
	if !ok {
		return nil, ErrAppChatNotFound
	}
	if ch.AgentID != agentID {
		return nil, errcode.ChatNotCreatedByApp
	}
	return ch, nil
}

// AppChat returns chat chatID of app (corpID, agentID).
func (s *Store) AppChat(corpID string, agentID int, chatID string) (AppChat, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, _, err := s.appChatApp(corpID, agentID); err != nil {
		return AppChat{}, err
	}
	ch, err := s.chatOf(corpID, agentID, chatID)
	if err != nil {
		return AppChat{}, err
	}
	return ch.clone(), nil
}

// chatMember resolves userid to a member of c that app a can see, as
// spelled in the fixtures.
func (c *corp) chatMember(a *app, userID string) (string, bool) {
	m := c.members[strings.ToLower(userID)]
	if m == nil || !c.visibleTo(a, m) {
		return "", false
	}
	return m.UserID, true
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// memberIndex finds userid (any case) in members.
func memberIndex(members []string, userID string) int {
	return slices.IndexFunc(members, func(m string) bool { return strings.EqualFold(m, userID) })
}
