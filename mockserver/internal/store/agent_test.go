package store

import (
	"errors"
	"strconv"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// What an app keeps does not grow with calls: repeated redirect domains
// replace the first trusted domain, and a new menu replaces the old one.
func TestAgentStateIsBounded(t *testing.T) {
	t.Parallel()
	s := msgStore(t, fixtures.Default())
	const corp, agent = "wwmockcorp000001", 1000002
	before, err := s.App(corp, agent)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		d := "d" + strconv.Itoa(i) + ".example.com"
		if err := s.SetAgent(corp, agent, AgentUpdate{RedirectDomain: &d}); err != nil {
			t.Fatal(err)
		}
		m := Menu{Buttons: []MenuButton{{Type: "click", Name: "n", Key: "k" + strconv.Itoa(i)}}}
		if err := s.SetMenu(corp, agent, m); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := s.App(corp, agent)
	if len(after.TrustedDomains) != len(before.TrustedDomains) || after.TrustedDomains[0] != "d999.example.com" {
		t.Errorf("trusted domains %v, fixture's %v", after.TrustedDomains, before.TrustedDomains)
	}
	tg, err := s.AppMenuTargets(corp, agent)
	if err != nil || !tg.HasMenu || len(tg.Keys) != 1 || tg.Keys[0] != "k999" {
		t.Errorf("menu targets %+v, %v", tg, err)
	}
	// The fixture itself is untouched: Reset brings its domains back.
	s.Reset()
	if again, _ := s.App(corp, agent); again.TrustedDomains[0] != before.TrustedDomains[0] {
		t.Errorf("after Reset: %v", again.TrustedDomains)
	}
	if _, err := s.AppMenu(corp, agent); !errors.Is(err, ErrMenuNotFound) {
		t.Errorf("menu after Reset: %v", err)
	}
}

// A menu read back is a copy: changing it does not change the stored one.
func TestAppMenuIsACopy(t *testing.T) {
	t.Parallel()
	s := msgStore(t, fixtures.Default())
	const corp, agent = "wwmockcorp000001", 1000002
	in := Menu{Buttons: []MenuButton{{Name: "m", SubButtons: []MenuButton{{Type: "click", Name: "a", Key: "a"}}}}}
	if err := s.SetMenu(corp, agent, in); err != nil {
		t.Fatal(err)
	}
	in.Buttons[0].SubButtons[0].Key = "changed"
	got, _ := s.AppMenu(corp, agent)
	got.Buttons[0].SubButtons[0].Key = "changed too"
	again, _ := s.AppMenu(corp, agent)
	if again.Buttons[0].SubButtons[0].Key != "a" {
		t.Errorf("stored key %q", again.Buttons[0].SubButtons[0].Key)
	}
	if err := s.SetMenu(corp, 9, in); !errors.Is(err, ErrAppNotFound) {
		t.Errorf("unknown app: %v", err)
	}
}
