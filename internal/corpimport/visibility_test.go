package corpimport_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Each app's token answers user/get alike in both worlds: 0 for a member
// in its range, 60011 for one outside it.
func TestImportKeepsVisibility(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	real, got := &realWorld.Corps[0], &imported.Corps[0]
	outsiders := 0
	for i, app := range real.Apps {
		in, out := rangeMembers(real, app.Visible)
		for _, tc := range []struct {
			userID string
			want   errcode.Code
		}{{in, errcode.OK}, {out, errcode.NoPrivilege}} {
			if tc.userID == "" {
				continue
			}
			if tc.want == errcode.NoPrivilege {
				outsiders++
			}
			r := userGetCode(ctx, t, realSrv, real.CorpID, app.Secret, tc.userID)
			g := userGetCode(ctx, t, mockSrv, got.CorpID, got.Apps[i].Secret, tc.userID)
			if r != tc.want || g != tc.want {
				t.Errorf("app %d, user/get %s: real %d, imported %d, want %d", app.AgentID, tc.userID, r, g, tc.want)
			}
		}
	}
	if outsiders == 0 {
		t.Fatal("no app has a member outside its range: the test checks no 60011")
	}
}

// rangeMembers returns a member inside and one outside a visible range
// ("" when there is none).
func rangeMembers(c *fixtures.Corp, v fixtures.Visibility) (in, out string) {
	parent := map[int]int{}
	for _, d := range c.Departments {
		parent[d.ID] = d.ParentID
	}
	users, depts := map[string]bool{}, map[int]bool{}
	for _, u := range v.Users {
		users[u] = true
	}
	for _, d := range v.Departments {
		depts[d] = true
	}
	for _, tag := range c.Tags {
		for _, id := range v.Tags {
			if tag.TagID == id {
				for _, u := range tag.Users {
					users[u] = true
				}
				for _, d := range tag.Departments {
					depts[d] = true
				}
			}
		}
	}
	sees := func(m fixtures.Member) bool {
		if users[m.UserID] {
			return true
		}
		for _, d := range m.Department {
			for ; d != 0; d = parent[d] {
				if depts[d] {
					return true
				}
			}
		}
		return false
	}
	for _, m := range c.Members {
		switch {
		case in == "" && sees(m):
			in = m.UserID
		case out == "" && !sees(m):
			out = m.UserID
		}
	}
	return in, out
}

func userGetCode(ctx context.Context, t *testing.T, srv *mockserver.Server, corpID, secret, userID string) errcode.Code {
	t.Helper()
	c := client.New(corpID, secret, client.WithBaseURL(srv.URL()), client.WithHTTPClient(&http.Client{Timeout: time.Minute}))
	_, err := c.GetUser(ctx, userID)
	var apiErr *client.APIError
	switch {
	case err == nil:
		return errcode.OK
	case errors.As(err, &apiErr):
		return apiErr.Code
	}
	t.Fatalf("user/get %s: %v", userID, err)
	return 0
}
