package corpimport

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/wecom-mock/wecom-mock/client"
)

// snapshot is the corp as the read APIs return it, before sampling and
// faking. It lives in memory only.
type snapshot struct {
	depts   []client.Department // sorted by id
	members []client.User       // in user/list_id's order
	tags    []tagData
	apps    []appData // sorted by agentid
	ec      *ecData   // nil without the 客户联系 secret
}

type tagData struct {
	ID      int
	Users   []string
	Parties []int
}

type appData struct {
	Agent *client.Agent
	// Sensitive: user/get with the app's token returns gender, mobile…
	Sensitive bool
}

// reader reads one corp with its clients.
type reader struct {
	o        *Options
	contacts *client.Client
	apps     map[int]*client.Client
	ec       *client.Client
}

func newReader(o *Options) *reader {
	hc := paced(o.HTTPClient, &pacer{interval: o.Interval})
	mk := func(secret string) *client.Client {
		opts := []client.Option{client.WithHTTPClient(hc)}
		if o.BaseURL != "" {
			opts = append(opts, client.WithBaseURL(o.BaseURL))
		}
		return client.New(o.CorpID, secret, opts...)
	}
	r := &reader{o: o, contacts: mk(o.ContactsSecret), apps: map[int]*client.Client{}}
	for id, s := range o.AppSecrets {
		r.apps[id] = mk(s)
	}
	if o.ExternalContactSecret != "" {
		r.ec = mk(o.ExternalContactSecret)
	}
	return r
}

// fetch runs one API call with the 45009 backoff.
func fetch[T any](ctx context.Context, r *reader, what string, call func() (T, error)) (T, error) {
	var out T
	err := withBackoff(ctx, r.o, what, func() (err error) {
		out, err = call()
		return err
	})
	return out, err
}

func (r *reader) read(ctx context.Context) (*snapshot, error) {
	s := &snapshot{}
	p := r.o.Progress
	var err error
	s.depts, err = fetch(ctx, r, "department/list", func() ([]client.Department, error) { return r.contacts.ListDepartments(ctx, 0) })
	if err != nil {
		return nil, fmt.Errorf("reading departments with the contacts secret: %w", err)
	}
	slices.SortFunc(s.depts, func(a, b client.Department) int { return a.ID - b.ID })
	fmt.Fprintf(p, "import: %d departments\n", len(s.depts))

	if err := r.readMembers(ctx, s); err != nil {
		return nil, err
	}
	if err := r.readTags(ctx, s); err != nil {
		return nil, err
	}
	if err := r.readApps(ctx, s); err != nil {
		return nil, err
	}
	if r.ec != nil {
		if err := r.readCustomers(ctx, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// walkers is how many user/list calls run at once; the pacer still spaces
// them, and the client retries WeCom's concurrency limit (45033).
const walkers = 4

// readMembers walks the tree with user/list, one department a call (a
// member in two departments is listed twice and kept once).
func (r *reader) readMembers(ctx context.Context, s *snapshot) error {
	n := len(s.depts)
	lists := make([][]client.User, n)
	var done, rows atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(walkers)
	for i, d := range s.depts {
		g.Go(func() error {
			users, err := fetch(gctx, r, "user/list", func() ([]client.User, error) {
				return r.contacts.ListUsers(gctx, d.ID, client.DirectOnly)
			})
			if err != nil {
				return fmt.Errorf("reading the members of department %d: %w", d.ID, err)
			}
			lists[i] = users
			k, m := done.Add(1), rows.Add(int64(len(users)))
			if step := int64(max(n/10, 1)); k%step == 0 || k == int64(n) {
				fmt.Fprintf(r.o.Progress, "import: members: %d of %d departments read, %d listings\n", k, n, m)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, users := range lists {
		for _, u := range users {
			if !seen[u.UserID] {
				seen[u.UserID] = true
				s.members = append(s.members, u)
			}
		}
	}
	return r.orderMembers(ctx, s)
}

// orderMembers puts the members in the order user/list_id lists them, the
// corp's own order: a world that lists them alike answers lists alike.
func (r *reader) orderMembers(ctx context.Context, s *snapshot) error {
	pos := map[string]int{}
	cursor := ""
	for {
		page, err := fetch(ctx, r, "user/list_id", func() (*client.UserIDPage, error) { return r.contacts.ListUserIDs(ctx, cursor, client.MaxUserIDPage) })
		if err != nil {
			return fmt.Errorf("listing userids: %w", err)
		}
		for _, row := range page.Users {
			if _, ok := pos[row.UserID]; !ok {
				pos[row.UserID] = len(pos)
			}
		}
		if page.NextCursor == "" || page.NextCursor == cursor {
			break
		}
		cursor = page.NextCursor
	}
	// Members user/list_id missed (none, unless the corp changed between
	// the calls) go last, by userid.
	slices.SortStableFunc(s.members, func(a, b client.User) int {
		pa, oka := pos[a.UserID]
		pb, okb := pos[b.UserID]
		switch {
		case oka && okb:
			return pa - pb
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return strings.Compare(a.UserID, b.UserID)
	})
	return nil
}

func (r *reader) readTags(ctx context.Context, s *snapshot) error {
	tags, err := fetch(ctx, r, "tag/list", func() ([]client.Tag, error) { return r.contacts.ListTags(ctx) })
	if err != nil {
		return fmt.Errorf("reading tags: %w", err)
	}
	for _, t := range tags {
		got, err := fetch(ctx, r, "tag/get", func() (*client.TagMembers, error) { return r.contacts.GetTag(ctx, t.ID) })
		if err != nil {
			return fmt.Errorf("reading tag %d: %w", t.ID, err)
		}
		td := tagData{ID: t.ID, Parties: got.Parties}
		for _, u := range got.Users {
			td.Users = append(td.Users, u.UserID)
		}
		s.tags = append(s.tags, td)
	}
	slices.SortFunc(s.tags, func(a, b tagData) int { return a.ID - b.ID })
	fmt.Fprintf(r.o.Progress, "import: %d members, %d tags\n", len(s.members), len(s.tags))
	return nil
}

// readApps reads each app's range with its own token, and whether the app
// sees sensitive fields: user/get of a member in its range returns gender
// ("0" at least) only then.
func (r *reader) readApps(ctx context.Context, s *snapshot) error {
	for _, id := range slices.Sorted(maps.Keys(r.apps)) {
		c := r.apps[id]
		a, err := fetch(ctx, r, "agent/get", func() (*client.Agent, error) { return c.GetAgent(ctx, id) })
		if err != nil {
			return fmt.Errorf("reading app %d with its secret: %w", id, err)
		}
		app := appData{Agent: a}
		if u, ok := firstVisible(s, a); ok {
			got, err := fetch(ctx, r, "user/get", func() (*client.User, error) { return c.GetUser(ctx, u) })
			if err != nil {
				return fmt.Errorf("reading a member in app %d's range: %w", id, err)
			}
			app.Sensitive = got.Gender != ""
		}
		s.apps = append(s.apps, app)
	}
	fmt.Fprintf(r.o.Progress, "import: %d apps\n", len(s.apps))
	return nil
}

// firstVisible is a member in the app's range, if any.
func firstVisible(s *snapshot, a *client.Agent) (string, bool) {
	if u := a.VisibleUsers(); len(u) > 0 {
		return u[0], true
	}
	v := newVisibility(s, a.VisibleUsers(), a.AllowParties.PartyID, a.AllowTags.TagID)
	for _, m := range s.members {
		if v.sees(m.UserID, m.Department) {
			return m.UserID, true
		}
	}
	return "", false
}
