package steps

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// registerWorld adds the steps that describe corps, apps and members.
func registerWorld(sc *godog.ScenarioContext) {
	sc.Step(`^the default world$`, defaultWorld)
	sc.Step(`^(?:a )?corp "([^"]*)" (?:with|has|also has) (?:a )?member "([^"]*)"(?: named "([^"]*)")? (not )?visible to app (\d+)$`, corpWithMember)
	sc.Step(`^app (\d+) of corp "([^"]*)" trusts only the domain "([^"]*)"$`, appTrustsOnly)
	sc.Step(`^app (\d+) of corp "([^"]*)" is visible to the whole corp$`, appVisibleToAll)
	sc.Step(`^the app serves corp "([^"]*)"(?: as app (\d+))?$`, appServesCorp)
	sc.Step(`^the app is installed in corp "([^"]*)" but does not serve it$`, appInstalledNotServed)
	sc.Step(`^the mini program of app (\d+) of corp "([^"]*)" is also bound to app (\d+) of corp "([^"]*)"$`, shareMiniProgram)
}

// defaultWorld documents that the scenario runs on the mock's starting world
// (the embedded default fixtures, or what an external mock was started with).
func defaultWorld(ctx context.Context) error {
	_, err := stateOf(ctx).currentWorld(ctx)
	return err
}

func corpWithMember(ctx context.Context, corpID, userID, name, not, agent string) error {
	st := stateOf(ctx)
	agentID, _ := strconv.Atoi(agent)
	return st.changeWorld(ctx, func(w *fixtures.World) error {
		c := ensureCorp(w, corpID)
		a := ensureApp(c, agentID)
		ensureMember(c, userID, name)
		a.Visible.Users = slices.DeleteFunc(a.Visible.Users, func(u string) bool { return strings.EqualFold(u, userID) })
		if not == "" {
			a.Visible.Users = append(a.Visible.Users, userID)
		} else if visibleByGroup(c, a, userID) {
			return fmt.Errorf("member %q of corp %q is visible to app %d through a department or tag", userID, corpID, agentID)
		}
		st.noteCorp(corpID)
		return nil
	})
}

func appTrustsOnly(ctx context.Context, agent, corpID, domain string) error {
	st := stateOf(ctx)
	agentID, _ := strconv.Atoi(agent)
	return st.changeWorld(ctx, func(w *fixtures.World) error {
		c := findCorp(w, corpID)
		if c == nil {
			return fmt.Errorf("no corp %q: declare it first", corpID)
		}
		a := findApp(c, agentID)
		if a == nil {
			return fmt.Errorf("corp %q has no app %d", corpID, agentID)
		}
		a.TrustedDomains = []string{domain}
		return nil
	})
}

func appVisibleToAll(ctx context.Context, agent, corpID string) error {
	st := stateOf(ctx)
	agentID, _ := strconv.Atoi(agent)
	return st.changeWorld(ctx, func(w *fixtures.World) error {
		c := ensureCorp(w, corpID)
		a := ensureApp(c, agentID)
		a.Visible = fixtures.Visibility{Departments: []int{1}}
		st.noteCorp(corpID)
		return nil
	})
}

// shareMiniProgram binds one app's mini program to an app of another corp
// as well: WeCom lets any bound corp's app redeem the mini program's codes
// and answers with the member's own corp.
func shareMiniProgram(ctx context.Context, fromAgent, fromCorp, toAgent, toCorp string) error {
	st := stateOf(ctx)
	from, _ := strconv.Atoi(fromAgent)
	to, _ := strconv.Atoi(toAgent)
	return st.changeWorld(ctx, func(w *fixtures.World) error {
		src := ensureApp(ensureCorp(w, fromCorp), from)
		dst := ensureApp(ensureCorp(w, toCorp), to)
		mp := *src.MiniProgram
		dst.MiniProgram = &mp
		return nil
	})
}

func appServesCorp(ctx context.Context, corpID, agent string) error {
	agentID, _ := strconv.Atoi(agent)
	return stateOf(ctx).addTenant(Tenant{CorpID: corpID, AgentID: agentID, Served: true})
}

func appInstalledNotServed(ctx context.Context, corpID string) error {
	return stateOf(ctx).addTenant(Tenant{CorpID: corpID, Served: false})
}

func (st *state) addTenant(t Tenant) error {
	if st.app != nil {
		return fmt.Errorf("the app under test is already running: say which corps it serves before it is used")
	}
	for _, old := range st.tenants {
		if old.CorpID == t.CorpID {
			return fmt.Errorf("corp %q is already one of the app's tenants", t.CorpID)
		}
	}
	st.tenants = append(st.tenants, t)
	return nil
}

// noteCorp remembers the first corp a scenario declares: without "the app
// serves" steps, that corp's app is the app under test.
func (st *state) noteCorp(corpID string) {
	if st.focus == "" {
		st.focus = corpID
	}
}

// currentWorld is the scenario's world: the mock's, until a step changes it.
func (st *state) currentWorld(ctx context.Context) (*fixtures.World, error) {
	if st.world != nil {
		return st.world, nil
	}
	w, err := st.mock.Fixtures(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the mock's world: %w", err)
	}
	st.world = w
	return w, nil
}

// changeWorld edits the scenario's world and loads it into the mock.
func (st *state) changeWorld(ctx context.Context, edit func(w *fixtures.World) error) error {
	w, err := st.currentWorld(ctx)
	if err != nil {
		return err
	}
	if err := edit(w); err != nil {
		return err
	}
	if err := w.Validate(); err != nil {
		return err
	}
	return st.mock.LoadFixtures(ctx, w)
}

func findCorp(w *fixtures.World, corpID string) *fixtures.Corp {
	for i := range w.Corps {
		if w.Corps[i].CorpID == corpID {
			return &w.Corps[i]
		}
	}
	return nil
}

func ensureCorp(w *fixtures.World, corpID string) *fixtures.Corp {
	if c := findCorp(w, corpID); c != nil {
		return c
	}
	w.Corps = append(w.Corps, fixtures.Corp{
		CorpID:         corpID,
		Name:           corpID,
		ContactsSecret: corpID + "-contacts-secret",
		Departments:    []fixtures.Department{{ID: 1, Name: corpID, ParentID: 0}},
	})
	return &w.Corps[len(w.Corps)-1]
}

func findApp(c *fixtures.Corp, agentID int) *fixtures.App {
	for i := range c.Apps {
		if c.Apps[i].AgentID == agentID {
			return &c.Apps[i]
		}
	}
	return nil
}

func ensureApp(c *fixtures.Corp, agentID int) *fixtures.App {
	if a := findApp(c, agentID); a != nil {
		return a
	}
	c.Apps = append(c.Apps, fixtures.App{
		AgentID:         agentID,
		Name:            fmt.Sprintf("%s app %d", c.CorpID, agentID),
		Secret:          fmt.Sprintf("%s-secret-%d", c.CorpID, agentID),
		TrustedDomains:  []string{"localhost", "127.0.0.1"},
		MiniProgram:     &fixtures.MiniProgram{AppID: fmt.Sprintf("wx%s%d", c.CorpID, agentID)},
		SensitiveFields: true,
	})
	return &c.Apps[len(c.Apps)-1]
}

func findMember(c *fixtures.Corp, userID string) *fixtures.Member {
	for i := range c.Members {
		if strings.EqualFold(c.Members[i].UserID, userID) {
			return &c.Members[i]
		}
	}
	return nil
}

func ensureMember(c *fixtures.Corp, userID, name string) *fixtures.Member {
	if m := findMember(c, userID); m != nil {
		if name != "" {
			m.Name = name
		}
		return m
	}
	if name == "" {
		name = userID
	}
	n := len(c.Members) + 1
	c.Members = append(c.Members, fixtures.Member{
		UserID:     userID,
		Name:       name,
		Department: []int{1},
		Mobile:     fmt.Sprintf("139%08d", n),
		Email:      strings.ToLower(userID) + "@" + c.CorpID + ".example.com",
		Gender:     "0",
		Status:     1,
	})
	return &c.Members[len(c.Members)-1]
}

// visibleByGroup reports whether a member is visible to an app through a
// department or a tag (which a "not visible" step cannot undo).
func visibleByGroup(c *fixtures.Corp, a *fixtures.App, userID string) bool {
	m := findMember(c, userID)
	if m == nil {
		return false
	}
	parent := map[int]int{}
	for _, d := range c.Departments {
		parent[d.ID] = d.ParentID
	}
	for _, d := range m.Department {
		for id := d; id != 0; id = parent[id] {
			if slices.Contains(a.Visible.Departments, id) {
				return true
			}
		}
	}
	for _, t := range c.Tags {
		if slices.Contains(a.Visible.Tags, t.TagID) && slices.ContainsFunc(t.Users, func(u string) bool { return strings.EqualFold(u, userID) }) {
			return true
		}
	}
	return false
}

// resolveTenants completes the declared tenants (or the default one) from
// the world: agentid, secret, callback keys.
func (st *state) resolveTenants(w *fixtures.World) ([]Tenant, error) {
	decl := slices.Clone(st.tenants)
	if len(decl) == 0 && st.suite != nil {
		// A template's backend gets its tenants from installs.
		return nil, nil
	}
	if len(decl) == 0 {
		corp := st.focus
		if corp == "" && len(w.Corps) > 0 {
			corp = w.Corps[0].CorpID
		}
		decl = []Tenant{{CorpID: corp, Served: true}}
	}
	for i := range decl {
		t := &decl[i]
		c := findCorp(w, t.CorpID)
		if c == nil {
			return nil, fmt.Errorf("the app's tenant corp %q is not in the world", t.CorpID)
		}
		var a *fixtures.App
		if t.AgentID != 0 {
			a = findApp(c, t.AgentID)
		} else if len(c.Apps) > 0 {
			a = &c.Apps[0]
		}
		if a == nil {
			return nil, fmt.Errorf("corp %q has no app %d for the app under test", t.CorpID, t.AgentID)
		}
		t.AgentID, t.Secret = a.AgentID, a.Secret
		t.CallbackToken, t.CallbackAESKey = randomAlnum(24), randomAlnum(43)
		t.ContactsSecret = c.ContactsSecret
	}
	return decl, nil
}

// memberCorp is the corp of member userID: corpID when given, else the one
// corp that has them (or the one of the app's tenants that does).
func (st *state) memberCorp(ctx context.Context, userID, corpID string) (string, error) {
	w, err := st.currentWorld(ctx)
	if err != nil {
		return "", err
	}
	if corpID != "" {
		return corpID, nil
	}
	var found []string
	for _, c := range w.Corps {
		if findMember(&c, userID) != nil {
			found = append(found, c.CorpID)
		}
	}
	switch {
	case len(found) == 0:
		return "", fmt.Errorf("no corp has a member %q", userID)
	case len(found) > 1:
		tenantCorps := st.tenantCorps(w)
		inTenant := slices.DeleteFunc(slices.Clone(found), func(c string) bool { return !slices.Contains(tenantCorps, c) })
		if len(inTenant) != 1 {
			return "", fmt.Errorf("member %q is in corps %v: say which (\"%s\" of corp \"…\")", userID, found, userID)
		}
		found = inTenant
	}
	return found[0], nil
}

// corpOf finds the corp a member logs in through: a tenant corp first, then
// any corp of the world; it fails if the member is in several and corpID is
// not given.
func (st *state) corpOf(ctx context.Context, userID, corpID string) (corp string, agentID int, err error) {
	corpID, err = st.memberCorp(ctx, userID, corpID)
	if err != nil {
		return "", 0, err
	}
	w, err := st.currentWorld(ctx)
	if err != nil {
		return "", 0, err
	}
	c := findCorp(w, corpID)
	if c == nil {
		return "", 0, fmt.Errorf("no corp %q", corpID)
	}
	if st.app != nil {
		for _, t := range st.appEnv.Tenants {
			if t.CorpID == corpID {
				return corpID, t.AgentID, nil
			}
		}
	}
	for _, t := range st.tenants {
		if t.CorpID == corpID && t.AgentID != 0 {
			return corpID, t.AgentID, nil
		}
	}
	if st.suite != nil {
		// The app of a 代开发 template in a corp that installed it.
		s, err := st.mock.Suite(ctx, st.suite.SuiteID)
		if err != nil {
			return "", 0, err
		}
		for _, a := range s.Authorizations {
			if a.CorpID == corpID {
				return corpID, a.AgentID, nil
			}
		}
	}
	for _, a := range c.Apps {
		if a.MiniProgram != nil {
			return corpID, a.AgentID, nil
		}
	}
	if len(c.Apps) == 0 {
		return "", 0, fmt.Errorf("corp %q has no app", corpID)
	}
	return corpID, c.Apps[0].AgentID, nil
}

func (st *state) tenantCorps(w *fixtures.World) []string {
	ts, err := st.resolveTenants(w)
	if err != nil {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.CorpID
	}
	return out
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomAlnum(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}
