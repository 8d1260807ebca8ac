package store

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// get_contact_way and list_contact_way
// (https://developer.work.weixin.qq.com/document/path/92228).

// GetContactWay is get_contact_way: 41044 for an unknown config_id.
func (s *Store) GetContactWay(tok Token, configID string) (ContactWay, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return ContactWay{}, err
	}
	w, err := cl.way(configID)
	if err != nil {
		return ContactWay{}, err
	}
	return w.view(), nil
}

// ContactWayFilter is the body of list_contact_way. Zero StartTime and
// EndTime take the defaults (ContactWayListWindow before now, and now),
// zero Limit DefaultContactWayLimit.
type ContactWayFilter struct {
	StartTime, EndTime int64
	Cursor             string
	Limit              int
}

// ContactWayPage is one page of list_contact_way.
type ContactWayPage struct {
	ConfigIDs  []string
	NextCursor string
}

// ListContactWays is list_contact_way: the config_ids of the ways created
// in [StartTime, EndTime], oldest first, temporary ones left out as the
// docs say. 40058 for a limit outside 1–1000 or a cursor not handed out.
func (s *Store) ListContactWays(tok Token, f ContactWayFilter) (ContactWayPage, error) {
	now := s.Now().Unix()
	if f.Limit == 0 {
		f.Limit = DefaultContactWayLimit
	}
	if f.Limit < 1 || f.Limit > MaxContactWayLimit {
		return ContactWayPage{}, errcode.InvalidParameter
	}
	if f.StartTime == 0 {
		f.StartTime = now - int64(ContactWayListWindow.Seconds())
	}
	if f.EndTime == 0 {
		f.EndTime = now
	}
	f.StartTime = max(f.StartTime, listableSince)
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return ContactWayPage{}, err
	}
	var ids []string
	for _, w := range cl.w.ways.order {
		if created := w.created.Unix(); !w.IsTemp && created >= f.StartTime && created <= f.EndTime {
			ids = append(ids, w.ConfigID)
		}
	}
	from, to, next, err := page(len(ids), f.Cursor, f.Limit)
	if err != nil {
		return ContactWayPage{}, err
	}
	return ContactWayPage{ConfigIDs: append([]string{}, ids[from:to]...), NextCursor: next}, nil
}

// HasQRContactWay reports whether corp corpID has a QR code contact way
// (scene 2) configID: whether its qr_code image exists.
func (s *Store) HasQRContactWay(corpID, configID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return false
	}
	w, ok := c.customers.ways.byID[configID]
	return ok && w.Scene == ContactWayQRCode
}

// ContactWayCard is what a customer sees on scanning a contact way's QR
// code: the members they may add through it.
type ContactWayCard struct {
	ConfigID string
	Remark   string
	State    string
	Members  []ContactWayMember // in the order of the 客户联系 configuration
}

// ContactWayMember is a member a customer may add through a contact way.
type ContactWayMember struct {
	UserID   string
	Name     string
	Position string
}

// ContactWayCard returns the card of corp corpID's QR code contact way
// configID. Errors: ErrCorpNotFound, errcode.InvalidConfigID for
// no such QR code, ErrContactWayExpired and ErrContactWayUsed for a
// temporary way's spent code.
func (s *Store) ContactWayCard(corpID, configID string) (ContactWayCard, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactWayCard{}, ErrCorpNotFound
	}
	w, ok := c.customers.ways.byID[configID]
	if !ok || w.Scene != ContactWayQRCode {
		return ContactWayCard{}, errcode.InvalidConfigID
	}
	if err := w.admits(s.Now()); err != nil {
		return ContactWayCard{}, err
	}
	card := ContactWayCard{ConfigID: w.ConfigID, Remark: w.Remark, State: w.State}
	for _, userID := range c.customers.followOrder {
		if m := c.memberLocked(userID); m != nil && c.inContactWay(&w.ContactWay, m) {
			card.Members = append(card.Members, ContactWayMember{UserID: m.UserID, Name: m.Name, Position: m.Position})
		}
	}
	return card, nil
}
