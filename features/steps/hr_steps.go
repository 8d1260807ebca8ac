package steps

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
)

// registerHR adds the steps of an HR sync (HRSyncApp): the HR system maps
// mobiles to userids, imports a department and its members through a batch
// job, tags them, and the app finds them in its visible range and its tags.
func registerHR(sc *godog.ScenarioContext) {
	sc.Step(`^the HR system finds the userid of mobile "([^"]*)"$`, hrLooksUp)
	sc.Step(`^(?:it|the userid) is "([^"]*)"$`, hrLookupIs)
	sc.Step(`^the lookup fails with errcode (\d+)$`, hrLookupFails)
	sc.Step(`^the HR system imports the department "([^"]*)" \(id (\d+), under (\d+)\) with members:$`, hrImports)
	sc.Step(`^the import finishes within (\d+) seconds?$`, hrImportFinishes)
	sc.Step(`^the HR system tags "([^"]*)"'s members "([^"]*)"$`, hrTagsDepartment)
	sc.Step(`^app (\d+) sees member "([^"]*)"$`, func(ctx context.Context, agent, userID string) error {
		return appSees(ctx, agent, userID, true)
	})
	sc.Step(`^app (\d+) does not see member "([^"]*)"$`, func(ctx context.Context, agent, userID string) error {
		return appSees(ctx, agent, userID, false)
	})
	sc.Step(`^tag "([^"]*)" lists (?:the )?members? ((?:"[^"]*"(?:, | and )?)+)$`, tagLists)
}

// hrState is what a scenario remembers of the HR sync.
type hrState struct {
	looked    bool
	userID    string
	lookupErr error
	// members are the userids of each imported department, by name.
	members map[string][]string
	jobID   string
}

func (st *state) hrState() *hrState {
	if st.hr == nil {
		st.hr = &hrState{members: map[string][]string{}}
	}
	return st.hr
}

// hrApp is the app as an HRSyncApp and the corp it serves first.
func hrApp(ctx context.Context) (HRSyncApp, string, error) {
	st := stateOf(ctx)
	app, err := needApp[HRSyncApp](ctx, st, "HRSyncApp")
	if err != nil {
		return nil, "", err
	}
	if len(st.appEnv.Tenants) == 0 {
		return nil, "", errors.New("the app serves no corp")
	}
	return app, st.appEnv.Tenants[0].CorpID, nil
}

func hrLooksUp(ctx context.Context, mobile string) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	hs := stateOf(ctx).hrState()
	hs.looked = true
	hs.userID, hs.lookupErr = app.UserIDByMobile(ctx, corp, mobile)
	return nil
}

func hrLookupIs(ctx context.Context, userID string) error {
	hs := stateOf(ctx).hrState()
	switch {
	case !hs.looked:
		return errors.New("no lookup step ran in this scenario")
	case hs.lookupErr != nil:
		return fmt.Errorf("the lookup failed: %w", hs.lookupErr)
	case hs.userID != userID:
		return fmt.Errorf("the lookup found %q, want %q", hs.userID, userID)
	}
	return nil
}

func hrLookupFails(ctx context.Context, code string) error {
	hs := stateOf(ctx).hrState()
	if !hs.looked {
		return errors.New("no lookup step ran in this scenario")
	}
	var refusal *WeComRefusal
	if !errors.As(hs.lookupErr, &refusal) {
		return fmt.Errorf("the lookup did not fail with a WeCom errcode: found %q, error %v", hs.userID, hs.lookupErr)
	}
	if want, _ := strconv.Atoi(code); refusal.ErrCode != want {
		return fmt.Errorf("the lookup failed with errcode %d (%s), want %d", refusal.ErrCode, refusal.Message, want)
	}
	return nil
}

// memberColumns are the table headers the import step reads, English or 中文.
var memberColumns = map[string]string{
	"userid": "userid", "帐号": "userid", "账号": "userid",
	"name": "name", "姓名": "name",
	"mobile": "mobile", "手机号": "mobile",
}

func hrImports(ctx context.Context, name, id, parent string, table *godog.Table) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	members, err := hrMembers(table)
	if err != nil {
		return err
	}
	deptID, _ := strconv.Atoi(id)
	parentID, _ := strconv.Atoi(parent)
	jobID, err := app.ImportDepartment(ctx, corp, HRDepartment{ID: deptID, ParentID: parentID, Name: name}, members)
	if err != nil {
		return fmt.Errorf("importing %q: %w", name, err)
	}
	hs := stateOf(ctx).hrState()
	hs.jobID = jobID
	for _, m := range members {
		hs.members[name] = append(hs.members[name], m.UserID)
	}
	return nil
}

// hrMembers reads a table with a header row of userid, name and mobile.
func hrMembers(table *godog.Table) ([]HRMember, error) {
	if table == nil || len(table.Rows) < 2 {
		return nil, errors.New("the members table needs a header row and at least one member")
	}
	var cols []string
	for _, c := range table.Rows[0].Cells {
		col, ok := memberColumns[strings.TrimSpace(c.Value)]
		if !ok {
			return nil, fmt.Errorf("unknown column %q: use userid, name and mobile", c.Value)
		}
		cols = append(cols, col)
	}
	var out []HRMember
	for _, row := range table.Rows[1:] {
		var m HRMember
		for i, c := range row.Cells {
			switch cols[i] {
			case "userid":
				m.UserID = c.Value
			case "name":
				m.Name = c.Value
			case "mobile":
				m.Mobile = c.Value
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// hrImportFinishes moves the mock's clock a second at a time until
// batch/getresult reports the job done, and fails on any refused row.
func hrImportFinishes(ctx context.Context, seconds string) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	hs := stateOf(ctx).hrState()
	if hs.jobID == "" {
		return errors.New("no import step ran in this scenario")
	}
	limit, _ := strconv.Atoi(seconds)
	for waited := 0; ; waited++ {
		job, err := app.Job(ctx, corp, hs.jobID)
		if err != nil {
			return fmt.Errorf("batch/getresult: %w", err)
		}
		if job.Status == 3 {
			if len(job.Failed) > 0 {
				return fmt.Errorf("the import finished with refused rows: %s", strings.Join(job.Failed, "; "))
			}
			return nil
		}
		if waited == limit {
			return fmt.Errorf("the import is still at status %d (%d%%) after %d seconds", job.Status, job.Percentage, limit)
		}
		if _, err := stateOf(ctx).mock.Advance(ctx, time.Second); err != nil {
			return err
		}
	}
}

func hrTagsDepartment(ctx context.Context, dept, tag string) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	members, ok := stateOf(ctx).hrState().members[dept]
	if !ok {
		return fmt.Errorf("the HR system imported no department %q in this scenario", dept)
	}
	return app.TagMembers(ctx, corp, tag, members)
}

func appSees(ctx context.Context, agent, userID string, want bool) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	if got := stateOf(ctx).appEnv.Tenants[0].AgentID; strconv.Itoa(got) != agent {
		return fmt.Errorf("the app under test is app %d, not %s", got, agent)
	}
	sees, err := app.AppSees(ctx, corp, userID)
	if err != nil {
		return err
	}
	if sees != want {
		return fmt.Errorf("app %s sees member %q: %v, want %v", agent, userID, sees, want)
	}
	return nil
}

var quoted = regexp.MustCompile(`"([^"]*)"`)

func tagLists(ctx context.Context, tag, list string) error {
	app, corp, err := hrApp(ctx)
	if err != nil {
		return err
	}
	var want []string
	for _, m := range quoted.FindAllStringSubmatch(list, -1) {
		want = append(want, m[1])
	}
	got, err := app.TaggedMembers(ctx, corp, tag)
	if err != nil {
		return err
	}
	slices.Sort(want)
	got = slices.Sorted(slices.Values(got))
	if !slices.Equal(got, want) {
		return fmt.Errorf("tag %q lists %q, want %q", tag, got, want)
	}
	return nil
}
