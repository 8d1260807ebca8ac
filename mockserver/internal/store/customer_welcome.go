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

// maxWelcomeCodes bounds the welcome codes a corp keeps; past it, expired
// and used ones are swept, then the oldest dropped.
const maxWelcomeCodes = 10_000

// welcomeCode is one issued welcome code.
type welcomeCode struct {
	code      string
	userID    string
	customer  string // the corp's external_userid
	expiresAt time.Time
	used      bool
}

// welcomeTable holds a corp's welcome codes, oldest first.
type welcomeTable struct {
	byCode map[string]*welcomeCode
	order  []*welcomeCode
}

func newWelcomeTable() welcomeTable { return welcomeTable{byCode: map[string]*welcomeCode{}} }

// issue records a new welcome code, keeping the table bounded.
func (t *welcomeTable) issue(wc *welcomeCode, now time.Time) {
	if len(t.order) >= maxWelcomeCodes {
		kept := t.order[:0]
		for _, old := range t.order {
			if old.used || !now.Before(old.expiresAt) {
				delete(t.byCode, old.code)
				continue
			}
			kept = append(kept, old)
		}
		t.order = kept
		for len(t.order) >= maxWelcomeCodes {
			delete(t.byCode, t.order[0].code)
			t.order = t.order[1:]
		}
	}
	t.byCode[wc.code] = wc
	t.order = append(t.order, wc)
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
	wc := cl.w.welcome.byCode[code]
	if wc == nil || wc.used || !now.Before(wc.expiresAt) || !cl.seesMember(wc.userID) {
		return Message{}, errcode.InvalidWelcomeCode
	}
	wc.used = true
	return s.deliverCustomerMessageLocked(cl, msg, wc.userID, []string{wc.customer}, nil), nil
}
