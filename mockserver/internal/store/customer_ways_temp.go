package store

import (
	"errors"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Temporary-session contact ways (临时会话,
// https://developer.work.weixin.qq.com/document/path/92228): the QR code
// works until expires_in has passed and for one customer only, optionally
// one WeChat user (unionid); the chat it starts is ended by close_temp_chat,
// which the mock models as removing the relationship it made.

// Refusals of the customer's side through a temporary way (the control API
// turns them into 4xx).
var (
	ErrContactWayExpired = errors.New("store: the temporary contact way's QR code has expired")
	ErrContactWayUsed    = errors.New("store: the temporary contact way's QR code was used already")
	ErrContactWayUnionID = errors.New("store: the temporary contact way is for another WeChat user (unionid)")
)

// admits checks that a customer may add a member through w now.
func (w *contactWay) admits(now time.Time) error {
	switch {
	case !w.IsTemp:
		return nil
	case !now.Before(w.expiresAt):
		return ErrContactWayExpired
	case w.chat != nil:
		return ErrContactWayUsed
	}
	return nil
}

// admitsCustomer checks a temporary way's unionid against the customer's.
func (w *contactWay) admitsCustomer(c *customer) error {
	if w.IsTemp && w.UnionID != "" && c.info.UnionID != w.UnionID {
		return ErrContactWayUnionID
	}
	return nil
}

// redeem records the relationship of member userID and customer that w
// made at now; a temporary way's QR code is then spent.
func (t *contactWayTable) redeem(w *contactWay, userID, customer string, now time.Time) {
	if !w.IsTemp {
		return
	}
	w.chat = &tempChat{userID: userID, customer: customer, since: now.Unix(), endsAt: now.Add(time.Duration(w.ChatExpiresIn) * time.Second)}
	t.chats[chatKey(userID, customer)] = w
}

// over reports whether a temporary way's QR code and chat are both over.
func (w *contactWay) over(now time.Time) bool {
	return !now.Before(w.expiresAt) && (w.chat == nil || !now.Before(w.chat.endsAt))
}

// pruneTemps drops the temporary ways that are over, in one pass over the
// table.
func (t *contactWayTable) pruneTemps(now time.Time) {
	kept := t.order[:0]
	for _, w := range t.order {
		if !w.IsTemp || !w.over(now) {
			kept = append(kept, w)
			continue
		}
		delete(t.byID, w.ConfigID)
		t.temps--
		t.conclusionBytes -= len(w.conclusions)
		t.forgetChat(w)
	}
	clear(t.order[len(kept):])
	t.order = kept
}

// CloseTempChat is close_temp_chat: the temporary chat of member userID
// and the customer ends, and with it the relationship the temporary way
// made. Errors: 60111 / 60011 / 84074 for the member, 40096 for an unknown
// customer, 84061 when they are not related or not through a temporary
// way (the docs name no errcode for the latter; the mock answers the same).
func (s *Store) CloseTempChat(tok Token, userID, externalUserID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	m, cust, f, err := cl.relation(userID, externalUserID)
	if err != nil {
		return err
	}
	key := chatKey(m.UserID, cust.info.ExternalUserID)
	w := cl.w.ways.chats[key]
	// A relationship made again after the temporary one ended is not it.
	if f == nil || w == nil || w.chat.since != f.CreateTime {
		return errcode.NotExternalContact
	}
	cl.w.setFollow(cust, f.UserID, nil)
	delete(cl.w.ways.chats, key)
	return nil
}
