package store

import (
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// add_contact_way, update_contact_way and del_contact_way
// (https://developer.work.weixin.qq.com/document/path/92228).

// ContactWaySpec is the body of add_contact_way.
type ContactWaySpec struct {
	Type, Scene, Style int
	Remark, State      string
	// SkipVerify defaults to true, as on WeCom.
	SkipVerify *bool
	Users      []string
	Parties    []int // type 2 only
	// IsTemp makes a temporary-session way (type 1 only); ExpiresIn,
	// ChatExpiresIn (seconds, 0 for the default), UnionID and Conclusions
	// (a JSON object, kept as given) apply to such ways only.
	IsTemp                   bool
	ExpiresIn, ChatExpiresIn int
	UnionID                  string
	Conclusions              []byte
	IsExclusive, MarkSource  bool
}

// AddContactWay is add_contact_way. Errors: 41039 a type other than 1 or 2
// (or a temporary way of type 2), 41040 a scene other than 1 or 2, 41042 a
// style out of range, 40058 no member (or a lifetime or conclusions out of
// range), 41041 more than one member for type 1 or more than 100 in all,
// 60111 / 60011 / 84074 for a member, 60123 / 60011 for a department,
// 41045 when the corp's ways are at their bound.
func (s *Store) AddContactWay(tok Token, spec ContactWaySpec) (ContactWay, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return ContactWay{}, err
	}
	switch {
	case spec.Type != ContactWaySingle && spec.Type != ContactWayMulti:
		return ContactWay{}, errcode.InvalidContactWayType
	case spec.Scene != ContactWayMiniProgram && spec.Scene != ContactWayQRCode:
		return ContactWay{}, errcode.InvalidContactWayScene
	case !validStyle(spec.Style):
		return ContactWay{}, errcode.InvalidContactWayStyle
	case spec.IsTemp && spec.Type != ContactWaySingle:
		// Temporary sessions are for one member only; the docs name no
		// errcode, the mock answers the invalid type's.
		return ContactWay{}, errcode.InvalidContactWayType
	}
	users, parties, err := cl.wayMembers(spec.Type, spec.Users, spec.Parties)
	if err != nil {
		return ContactWay{}, err
	}
	w := &contactWay{
		ContactWay: fixtures.ContactWay{
			Type: spec.Type, Scene: spec.Scene, Style: spec.Style, Remark: spec.Remark,
			SkipVerify: spec.SkipVerify == nil || *spec.SkipVerify, State: spec.State,
			Users: users, Parties: parties, IsTemp: spec.IsTemp, IsExclusive: spec.IsExclusive,
		},
		markSource: spec.MarkSource,
		created:    now,
	}
	if spec.IsTemp {
		if err := w.setTemp(now, &spec.ExpiresIn, &spec.ChatExpiresIn, &spec.UnionID, spec.Conclusions); err != nil {
			return ContactWay{}, err
		}
	}
	t := &cl.w.ways
	if err := t.roomFor(w, now); err != nil {
		return ContactWay{}, err
	}
	w.ConfigID = s.newConfigIDLocked(t)
	t.insert(w)
	return w.view(), nil
}

// validStyle reports whether style is unset or one the mock knows.
func validStyle(style int) bool { return style >= 0 && style <= MaxContactWayStyle }

// roomFor checks that the table may take w: 41045 at the bounds. A
// temporary way first makes room by dropping the ones that are over.
func (t *contactWayTable) roomFor(w *contactWay, now time.Time) error {
	if w.IsTemp {
		if t.temps >= MaxTempContactWays {
			t.pruneTemps(now)
		}
		if t.temps >= MaxTempContactWays {
			return errcode.ContactWayLimit
		}
	} else if len(t.byID)-t.temps >= MaxContactWays {
		return errcode.ContactWayLimit
	}
	if t.conclusionBytes+len(w.conclusions) > MaxConclusionsTotal {
		return errcode.ContactWayLimit
	}
	return nil
}

// setTemp sets the fields of a temporary way that are given (nil stays):
// the lifetimes (0 for the default, 40058 beyond 14 days), the unionid and
// the conclusions (nil stays; 40058 beyond MaxConclusionsBytes). A new
// expires_in runs from now.
func (w *contactWay) setTemp(now time.Time, expiresIn, chatExpiresIn *int, unionID *string, conclusions []byte) error {
	if expiresIn != nil && (*expiresIn < 0 || time.Duration(*expiresIn)*time.Second > MaxTempWayTTL) ||
		chatExpiresIn != nil && (*chatExpiresIn < 0 || time.Duration(*chatExpiresIn)*time.Second > MaxTempChatTTL) ||
		len(conclusions) > MaxConclusionsBytes {
		return errcode.InvalidParameter
	}
	if expiresIn != nil {
		ttl := tempTTL(*expiresIn, DefaultTempWayTTL)
		w.ExpiresIn, w.expiresAt = int(ttl/time.Second), now.Add(ttl)
	}
	if chatExpiresIn != nil {
		w.ChatExpiresIn = int(tempTTL(*chatExpiresIn, DefaultTempChatTTL) / time.Second)
	}
	if unionID != nil {
		w.UnionID = *unionID
	}
	if conclusions != nil {
		w.conclusions = slices.Clone(conclusions)
	}
	return nil
}

// wayMembers checks a way's members for the caller and returns the users in
// their own spelling (duplicates dropped) and the departments (none for
// type 1). See AddContactWay for the errors.
func (cl ecCaller) wayMembers(typ int, users []string, parties []int) ([]string, []int, error) {
	if typ == ContactWaySingle {
		parties = nil // "只在type为2时有效"
		switch {
		case len(users) == 0:
			return nil, nil, errcode.InvalidParameter
		case len(users) > 1:
			return nil, nil, errcode.ContactWayTooManyUsers
		}
	} else if len(users) == 0 && len(parties) == 0 {
		return nil, nil, errcode.InvalidParameter
	}
	reached := map[string]bool{}
	outUsers := make([]string, 0, len(users))
	for _, u := range users {
		m, err := cl.member(u)
		if err != nil {
			return nil, nil, err
		}
		key := strings.ToLower(m.UserID)
		if !reached[key] {
			reached[key] = true
			outUsers = append(outUsers, m.UserID)
		}
	}
	var outParties []int
	roots := map[int]bool{}
	for _, p := range parties {
		if _, ok := cl.c.depts[p]; !ok {
			return nil, nil, errcode.InvalidDeptID
		}
		if cl.app != nil && !cl.c.deptVisible(p, cl.appDeptRoots()) {
			return nil, nil, errcode.NoPrivilege
		}
		if !roots[p] {
			roots[p] = true
			outParties = append(outParties, p)
		}
	}
	if len(roots) > 0 {
		for _, m := range cl.c.memberOrder {
			if !reached[strings.ToLower(m.UserID)] && slices.ContainsFunc(m.Department, func(d int) bool { return cl.c.inSubtree(d, roots) }) {
				reached[strings.ToLower(m.UserID)] = true
			}
		}
	}
	if len(reached) > MaxContactWayMembers {
		return nil, nil, errcode.ContactWayTooManyUsers
	}
	return outUsers, outParties, nil
}

// appDeptRoots are the departments whose subtrees the caller's app sees.
func (cl ecCaller) appDeptRoots() map[int]bool {
	roots, _ := cl.c.deptRootsLocked(Token{Kind: AppToken, AgentID: cl.app.AgentID})
	return roots
}

// way resolves a config_id: 41044 when no way has it.
func (cl ecCaller) way(configID string) (*contactWay, error) {
	if w, ok := cl.w.ways.byID[configID]; ok {
		return w, nil
	}
	return nil, errcode.InvalidConfigID
}

// ContactWayUpdate is the body of update_contact_way: nil fields stay as
// they are. The temporary ways' fields change temporary ways only.
type ContactWayUpdate struct {
	ConfigID                        string
	Remark, State, UnionID          *string
	SkipVerify, IsExclusive         *bool
	MarkSource                      *bool
	Style, ExpiresIn, ChatExpiresIn *int
	Users                           *[]string
	Parties                         *[]int
	Conclusions                     []byte // nil stays
}

// UpdateContactWay is update_contact_way. Errors: 41044 an unknown
// config_id, 41042 a style out of range, and those of AddContactWay for
// the members and the temporary fields.
func (s *Store) UpdateContactWay(tok Token, u ContactWayUpdate) error {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	w, err := cl.way(u.ConfigID)
	if err != nil {
		return err
	}
	if u.Style != nil && !validStyle(*u.Style) {
		return errcode.InvalidContactWayStyle
	}
	next := *w
	if u.Users != nil || u.Parties != nil {
		users, parties := w.Users, w.Parties
		if u.Users != nil {
			users = *u.Users
		}
		if u.Parties != nil {
			parties = *u.Parties
		}
		if next.Users, next.Parties, err = cl.wayMembers(w.Type, users, parties); err != nil {
			return err
		}
	}
	if w.IsTemp {
		if err := next.setTemp(now, u.ExpiresIn, u.ChatExpiresIn, u.UnionID, u.Conclusions); err != nil {
			return err
		}
		t := &cl.w.ways
		if t.conclusionBytes-len(w.conclusions)+len(next.conclusions) > MaxConclusionsTotal {
			return errcode.ContactWayLimit
		}
		t.conclusionBytes += len(next.conclusions) - len(w.conclusions)
	}
	setIf(&next.Remark, u.Remark)
	setIf(&next.State, u.State)
	setIf(&next.SkipVerify, u.SkipVerify)
	setIf(&next.IsExclusive, u.IsExclusive)
	setIf(&next.markSource, u.MarkSource)
	setIf(&next.Style, u.Style)
	*w = next
	return nil
}

// setIf sets *dst to *v when v is given.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// DeleteContactWay is del_contact_way: 41044 for an unknown config_id. The
// relationships made through the way stay.
func (s *Store) DeleteContactWay(tok Token, configID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	w, err := cl.way(configID)
	if err != nil {
		return err
	}
	cl.w.ways.remove(w)
	return nil
}
