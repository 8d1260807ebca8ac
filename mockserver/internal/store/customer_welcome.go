package store

import (
	"slices"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Welcome codes: add_external_contact carries a WelcomeCode that
// send_welcome_msg redeems once, within 20 seconds
// (https://developer.work.weixin.qq.com/document/path/92137).

// WelcomeCodeTTL is how long a welcome code can be used.
const WelcomeCodeTTL = 20 * time.Second

// maxWelcomeCodes bounds the unused welcome codes a corp keeps; past it
// the oldest is dropped.
const maxWelcomeCodes = 10_000

// welcomeCode is one issued welcome code.
type welcomeCode struct {
	code      string
	userID    string
	customer  string // the corp's external_userid
	expiresAt time.Time
}

// welcomeTable holds a corp's unused welcome codes in issue order
// (codeTable: O(1) to issue and redeem however many are live).
type welcomeTable struct{ codeTable[*welcomeCode] }

func newWelcomeTable() welcomeTable {
	return welcomeTable{newCodeTable[*welcomeCode](maxWelcomeCodes)}
}

// issue records a new welcome code, keeping the table bounded.
func (t *welcomeTable) issue(wc *welcomeCode, now time.Time) {
	t.put(now, wc.code, "", wc.expiresAt, wc)
}

// CustomerMessage is a message to customers: what the inbox keeps of a
// send_welcome_msg or add_msg_template.
type CustomerMessage struct {
	API     string
	MsgType string // "text", or the first attachment's msgtype
	Content string // text.content
	Body    []byte
}

// deliverCustomerMessageLocked adds a message to customers to the inbox.
func (s *Store) deliverCustomerMessageLocked(cl ecCaller, msg CustomerMessage, sender string, customers, chats []string) Message {
	m := &Message{
		Channel:         ChannelExternal,
		MsgID:           s.randomString(64),
		Time:            s.Now(),
		CorpID:          cl.c.id,
		MsgType:         msg.MsgType,
		Content:         msg.Content,
		Body:            slices.Clone(msg.Body),
		API:             msg.API,
		Sender:          sender,
		ExternalUserIDs: customers,
		ChatIDs:         chats,
	}
	if cl.app != nil {
		m.AgentID = cl.app.AgentID
	}
	s.inbox.add(m, DefaultInboxSize, DefaultInboxBytes)
	return *m
}

// SendWelcomeMessage redeems a welcome code and delivers msg from its
// member to its customer. 41050 when the code is unknown, used, older than
// WelcomeCodeTTL or of a member the caller does not see. Concurrent calls
// with one code deliver once.
func (s *Store) SendWelcomeMessage(tok Token, code string, msg CustomerMessage) (Message, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return Message{}, err
	}
	wc, ok := cl.w.welcome.get(code)
	if !ok || !now.Before(wc.expiresAt) || !cl.seesMember(wc.userID) {
		return Message{}, errcode.InvalidWelcomeCode
	}
	cl.w.welcome.remove(code)
	return s.deliverCustomerMessageLocked(cl, msg, wc.userID, []string{wc.customer}, nil), nil
}
