package store

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// AppChatCreate is a checked appchat/create call: ChatID is well formed or
// empty (then generated).
type AppChatCreate struct {
	CorpID   string
	AgentID  int
	ChatID   string
	Name     string
	Owner    string
	UserList []string
}

// CreateAppChat creates a group chat of app (corpID, agentID)
// (https://developer.work.weixin.qq.com/document/path/90245). Checks, in
// order: the app (48002, 60011), 2–2000 distinct members (86006), each a
// member the app can see (86216), the owner a member of the corp (86005) in
// the list (86207) — or, left out, one member picked at random — the chatid
// not taken (86215), room in the table (45009). The name is cut to 50
// characters.
func (s *Store) CreateAppChat(req AppChatCreate) (AppChat, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, a, err := s.appChatApp(req.CorpID, req.AgentID)
	if err != nil {
		return AppChat{}, err
	}
	var members []string
	for _, u := range req.UserList {
		if memberIndex(members, u) < 0 {
			members = append(members, u)
		}
	}
	if len(members) < AppChatMinMembers || len(members) > AppChatMaxMembers {
		return AppChat{}, errcode.ChatMemberCountInvalid
	}
	for i, u := range members {
		m, ok := c.chatMember(a, u)
		if !ok {
			return AppChat{}, errcode.InvalidChatMember
		}
		members[i] = m
	}
	owner, err := chatOwner(c, a, members, req.Owner)
	if err != nil {
		return AppChat{}, err
	}
	if owner == "" {
		owner = members[s.rng.Uint64()%uint64(len(members))]
	}
	chatID := req.ChatID
	if chatID == "" {
		chatID = s.newAppChatIDLocked(req.CorpID)
	} else if _, taken := s.appChats.chats[appChatKey{req.CorpID, chatID}]; taken {
		return AppChat{}, errcode.ChatIDExisted
	}
	ch := &AppChat{
		CorpID: req.CorpID, AgentID: req.AgentID, ChatID: chatID,
		Name: truncateRunes(req.Name, AppChatNameMax), Owner: owner, Members: members, CreatedAt: now,
	}
	t := &s.appChats
	if len(t.chats) >= t.maxCount || t.bytes+ch.size() > t.maxBytes {
		return AppChat{}, errcode.FreqOutOfLimit
	}
	t.chats[appChatKey{req.CorpID, chatID}] = ch
	t.bytes += ch.size()
	return ch.clone(), nil
}

// chatOwner checks a requested owner: a member of the corp the app can see
// (86005) among members (86207). An empty owner is "" and no error.
func chatOwner(c *corp, a *app, members []string, owner string) (string, error) {
	if owner == "" {
		return "", nil
	}
	if _, ok := c.chatMember(a, owner); !ok {
		return "", errcode.InvalidChatOwner
	}
	i := memberIndex(members, owner)
	if i < 0 {
		return "", errcode.ChatOwnerNotMember
	}
	return members[i], nil
}

// newAppChatIDLocked generates a chatid like WeCom's: "wr" and 30 letters
// and digits, unused in the corp.
func (s *Store) newAppChatIDLocked(corpID string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	for {
		b := []byte("wr")
		for len(b) < AppChatIDMax {
			b = append(b, alphabet[s.rng.Uint64()%uint64(len(alphabet))])
		}
		if _, taken := s.appChats.chats[appChatKey{corpID, string(b)}]; !taken {
			return string(b)
		}
	}
}

// AppChatUpdate is an appchat/update call; empty Name and Owner change
// nothing.
type AppChatUpdate struct {
	CorpID  string
	AgentID int
	ChatID  string
	Name    string
	Owner   string
	Add     []string
	Del     []string
}

// UpdateAppChat changes a chat of app (corpID, agentID)
// (https://developer.work.weixin.qq.com/document/path/90246). Checks, in
// order: the app (48002, 60011), the chat (ErrAppChatNotFound, 86008 for
// another app's), each added id a member the app can see and each removed
// id in the chat (86216), 2–2000 members after the change (86006), the owner
// — the new one, or the old one still there — a member of the chat (86005,
// 86207), room in the table (45009). Nothing changes unless every check
// passes.
func (s *Store) UpdateAppChat(req AppChatUpdate) (AppChat, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, a, err := s.appChatApp(req.CorpID, req.AgentID)
	if err != nil {
		return AppChat{}, err
	}
	ch, err := s.chatOf(req.CorpID, req.AgentID, req.ChatID)
	if err != nil {
		return AppChat{}, err
	}
	members := slices.Clone(ch.Members)
	for _, u := range req.Add {
		m, ok := c.chatMember(a, u)
		if !ok {
			return AppChat{}, errcode.InvalidChatMember
		}
		if memberIndex(members, m) < 0 {
			members = append(members, m)
		}
	}
	for _, u := range req.Del {
		if memberIndex(ch.Members, u) < 0 && memberIndex(members, u) < 0 {
			return AppChat{}, errcode.InvalidChatMember
		}
		if i := memberIndex(members, u); i >= 0 {
			members = slices.Delete(members, i, i+1)
		}
	}
	if len(members) < AppChatMinMembers || len(members) > AppChatMaxMembers {
		return AppChat{}, errcode.ChatMemberCountInvalid
	}
	owner := ch.Owner
	if req.Owner != "" {
		owner = req.Owner
	}
	if owner, err = chatOwner(c, a, members, owner); err != nil {
		return AppChat{}, err
	}
	next := ch.clone()
	next.Members, next.Owner = members, owner
	if req.Name != "" {
		next.Name = truncateRunes(req.Name, AppChatNameMax)
	}
	t := &s.appChats
	grown := t.bytes - ch.size() + next.size()
	if grown > t.maxBytes && next.size() > ch.size() {
		return AppChat{}, errcode.FreqOutOfLimit
	}
	*ch = next
	t.bytes = grown
	return ch.clone(), nil
}

// AppChatSend is a checked appchat/send call.
type AppChatSend struct {
	CorpID  string
	AgentID int
	ChatID  string
	MsgType string
	Content string
	Body    []byte
}

// SendAppChat delivers a message to a chat of app (corpID, agentID)
// (https://developer.work.weixin.qq.com/document/path/90248): the inbox
// keeps it on the appchat channel with the chat's members as recipients.
// Errors: those of the app (48002, 60011), ErrAppChatNotFound, 86008 for
// another app's chat.
func (s *Store) SendAppChat(req AppChatSend) (Message, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, err := s.appChatApp(req.CorpID, req.AgentID); err != nil {
		return Message{}, err
	}
	ch, err := s.chatOf(req.CorpID, req.AgentID, req.ChatID)
	if err != nil {
		return Message{}, err
	}
	recipients := slices.Clone(ch.Members)
	slices.Sort(recipients)
	m := &Message{
		Channel:    ChannelAppChat,
		MsgID:      s.randomString(64),
		Time:       now,
		CorpID:     req.CorpID,
		AgentID:    req.AgentID,
		MsgType:    req.MsgType,
		Content:    req.Content,
		Body:       slices.Clone(req.Body),
		Resolution: Resolution{UserIDs: recipients},
		API:        "/cgi-bin/appchat/send",
		ChatIDs:    []string{ch.ChatID},
	}
	s.inbox.add(m, DefaultInboxSize, DefaultInboxBytes)
	return *m, nil
}
