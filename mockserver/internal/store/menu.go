package store

import (
	"errors"
	"slices"
)

// An app's 自定义菜单 (https://developer.work.weixin.qq.com/document/path/90231).
// menu/create checks the buttons against WeCom's limits before it stores
// them, so a stored menu holds at most 3 × (1 + 5) buttons of bounded
// fields, and each app has one menu at most.

// ErrMenuNotFound: the app has no menu (menu/get answers 46003).
var ErrMenuNotFound = errors.New("store: menu not found")

// MenuButton is one button of a menu. A top-level button with SubButtons
// only opens them; its other fields are kept as sent.
type MenuButton struct {
	Type, Name, Key, URL, AppID, PagePath string
	SubButtons                            []MenuButton
}

// Menu is an app's menu, its buttons in the order created.
type Menu struct {
	Buttons []MenuButton
}

func (m *Menu) clone() Menu {
	out := Menu{Buttons: slices.Clone(m.Buttons)}
	for i := range out.Buttons {
		out.Buttons[i].SubButtons = slices.Clone(out.Buttons[i].SubButtons)
	}
	return out
}

// each calls f with every button that acts (no sub-buttons of its own).
func (m *Menu) each(f func(b *MenuButton)) {
	for i := range m.Buttons {
		b := &m.Buttons[i]
		if len(b.SubButtons) == 0 {
			f(b)
		}
		for j := range b.SubButtons {
			f(&b.SubButtons[j])
		}
	}
}

// SetMenu replaces app agentID's menu.
func (s *Store) SetMenu(corpID string, agentID int, m Menu) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return err
	}
	cp := m.clone()
	a.menu = &cp
	return nil
}

// AppMenu is app agentID's menu: ErrMenuNotFound if it has none.
func (s *Store) AppMenu(corpID string, agentID int) (Menu, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return Menu{}, err
	}
	if a.menu == nil {
		return Menu{}, ErrMenuNotFound
	}
	return a.menu.clone(), nil
}

// DeleteMenu removes app agentID's menu; deleting no menu is no error,
// as on WeCom.
func (s *Store) DeleteMenu(corpID string, agentID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil {
		return err
	}
	a.menu = nil
	return nil
}

// MenuTargets are what an app's menu lets a member trigger: the keys of
// its click-like buttons (every type but view and view_miniprogram) and the
// URLs of its view buttons. HasMenu is false for an app without a menu.
type MenuTargets struct {
	HasMenu bool
	Keys    []string
	URLs    []string
}

// AppMenuTargets is what app agentID's menu lets a member trigger.
func (s *Store) AppMenuTargets(corpID string, agentID int) (MenuTargets, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, a, err := s.lookupApp(corpID, agentID)
	if err != nil || a.menu == nil {
		return MenuTargets{}, err
	}
	out := MenuTargets{HasMenu: true}
	a.menu.each(func(b *MenuButton) {
		switch b.Type {
		case "view":
			out.URLs = append(out.URLs, b.URL)
		case "view_miniprogram":
		default:
			out.Keys = append(out.Keys, b.Key)
		}
	})
	return out, nil
}

// CorpHasMiniProgram reports whether a mini program with appID is bound to
// one of corpID's apps: only those may be a view_miniprogram button's.
func (s *Store) CorpHasMiniProgram(corpID, appID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return false
	}
	for _, a := range c.apps {
		if a.MiniProgram != nil && a.MiniProgram.AppID == appID {
			return true
		}
	}
	return false
}
