package corpimport_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/internal/corpimport"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// defaultOptions import the default world's first corp from srv, with its
// app and 客户联系 secrets.
func defaultOptions(srv *mockserver.Server, progress *logBuffer) corpimport.Options {
	c := &fixtures.Default().Corps[0]
	apps := map[int]string{}
	for _, a := range c.Apps {
		apps[a.AgentID] = a.Secret
	}
	return corpimport.Options{
		BaseURL: srv.URL(), CorpID: c.CorpID, ContactsSecret: c.ContactsSecret, AppSecrets: apps,
		ExternalContactSecret: c.Secrets["externalcontact"], Seed: 1, Interval: -1, Progress: progress,
	}
}

// Without --keep-ids, userids and department ids are new, the tree keeps
// its shape (root 1, the rest numbered breadth first) and every reference
// follows the new ids.
func TestImportRenumbers(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	var log logBuffer
	w, err := corpimport.Import(context.Background(), defaultOptions(srv, &log))
	if err != nil {
		t.Fatal(err)
	}
	real, got := &fixtures.Default().Corps[0], &w.Corps[0]
	if g, r := treeShape(got), treeShape(real); g != r {
		t.Errorf("tree shape = %s, want %s", g, r)
	}
	realIDs := map[string]bool{}
	for _, m := range real.Members {
		realIDs[m.UserID] = true
	}
	for _, m := range got.Members {
		if realIDs[m.UserID] {
			t.Errorf("userid %s kept without --keep-ids", m.UserID)
		}
	}
	for i, d := range got.Departments {
		if d.ID != i+1 {
			t.Errorf("departments[%d].id = %d, want %d", i, d.ID, i+1)
		}
	}
	for i, a := range real.Apps {
		in, out := rangeMembers(real, a.Visible)
		gin, gout := rangeMembers(got, got.Apps[i].Visible)
		if (in == "") != (gin == "") || (out == "") != (gout == "") {
			t.Errorf("app %d: inside/outside members %q/%q, imported %q/%q", a.AgentID, in, out, gin, gout)
		}
	}
	if got.ExternalContact == nil || len(got.ExternalContact.Customers) != len(real.ExternalContact.Customers) {
		t.Errorf("customers not imported: %+v", got.ExternalContact)
	}
}

// treeShape describes the tree without ids: each department's members
// count and its children's shapes, sorted.
func treeShape(c *fixtures.Corp) string {
	children := map[int][]int{}
	for _, d := range c.Departments {
		children[d.ParentID] = append(children[d.ParentID], d.ID)
	}
	members := map[int]int{}
	for _, m := range c.Members {
		for _, d := range m.Department {
			members[d]++
		}
	}
	var shape func(id int) string
	shape = func(id int) string {
		var kids []string
		for _, k := range children[id] {
			kids = append(kids, shape(k))
		}
		slices.Sort(kids)
		return fmt.Sprintf("%d(%s)", members[id], strings.Join(kids, ","))
	}
	return shape(0)
}

// --sample keeps a connected subset: the members asked for, their
// departments up to the root and nothing else, ranges and tags restricted
// to them.
func TestImportSample(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	o := defaultOptions(srv, &logBuffer{})
	o.Sample, o.KeepIDs = 3, true
	w, err := corpimport.Import(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	c := &w.Corps[0]
	if len(c.Members) != 3 {
		t.Fatalf("%d members, want 3", len(c.Members))
	}
	parent, kept := map[int]int{}, map[int]bool{}
	for _, d := range fixtures.Default().Corps[0].Departments {
		parent[d.ID] = d.ParentID
	}
	for _, d := range c.Departments {
		kept[d.ID] = true
	}
	want := map[int]bool{}
	users := map[string]bool{}
	for _, m := range c.Members {
		users[m.UserID] = true
		for _, d := range m.Department {
			for ; d != 0; d = parent[d] {
				want[d] = true
			}
		}
	}
	if len(want) != len(kept) {
		t.Errorf("departments %v, want the members' and their ancestors %v", kept, want)
	}
	for _, a := range c.Apps {
		for _, u := range a.Visible.Users {
			if !users[u] {
				t.Errorf("app %d sees %s, who was not kept", a.AgentID, u)
			}
		}
	}
	for _, tag := range c.Tags {
		for _, u := range tag.Users {
			if !users[u] {
				t.Errorf("tag %d holds %s, who was not kept", tag.TagID, u)
			}
		}
	}
}

// A 45009 (over the call frequency limit) is waited out and the call
// repeated; after Retries repeats the import gives up with it.
func TestImportBacksOffOn45009(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		times int // 45009 answers; 0 means every call
		ok    bool
	}{{"recovers", 2, true}, {"gives up", 0, false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t)
			if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/department/list", Times: tc.times,
				Response: json.RawMessage(`{"errcode":45009}`)}); err != nil {
				t.Fatal(err)
			}
			var log logBuffer
			o := defaultOptions(srv, &log)
			o.Backoff, o.MaxBackoff, o.Retries = time.Millisecond, 2*time.Millisecond, 3
			_, err := corpimport.Import(context.Background(), o)
			calls := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/department/list"}))
			waits := strings.Count(log.String(), "45009")
			switch {
			case tc.ok && (err != nil || calls != 3 || waits != 2):
				t.Errorf("err %v, %d calls, %d waits; want success after 3 calls and 2 waits", err, calls, waits)
			case !tc.ok && (!errors.Is(err, errcode.FreqOutOfLimit) || calls != 4 || waits != 3):
				t.Errorf("err %v, %d calls, %d waits; want 45009 after 4 calls and 3 waits", err, calls, waits)
			}
		})
	}
}
