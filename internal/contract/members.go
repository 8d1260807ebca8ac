package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client"
)

// appRange is the app's visible range as agent/get returns it.
func (s *session) appRange(ctx context.Context) (*client.Agent, error) {
	var r client.Agent
	if err := s.decode(ctx, "/cgi-bin/agent/get", credApp, s.agentQuery(), nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// visibleMember is a member in the app's range: named in it, else the
// first of a listed department's subtree, else the first of a listed tag.
func (s *session) visibleMember(ctx context.Context) (string, error) {
	if s.visible != "" {
		return s.visible, nil
	}
	r, err := s.appRange(ctx)
	if err != nil {
		return "", err
	}
	if users := r.VisibleUsers(); len(users) > 0 {
		s.visible = users[0]
		return s.visible, nil
	}
	var list struct {
		UserList []struct {
			UserID string `json:"userid"`
		} `json:"userlist"`
	}
	for _, d := range r.AllowParties.PartyID {
		q := url.Values{"department_id": {strconv.Itoa(d)}, "fetch_child": {"1"}}
		if err := s.decode(ctx, "/cgi-bin/user/simplelist", credApp, q, nil, &list); err != nil {
			return "", err
		}
		if len(list.UserList) > 0 {
			s.visible = list.UserList[0].UserID
			return s.visible, nil
		}
	}
	for _, id := range r.AllowTags.TagID {
		if err := s.decode(ctx, "/cgi-bin/tag/get", credApp, url.Values{"tagid": {strconv.Itoa(id)}}, nil, &list); err != nil {
			return "", err
		}
		if len(list.UserList) > 0 {
			s.visible = list.UserList[0].UserID
			return s.visible, nil
		}
	}
	return "", fmt.Errorf("app %d sees no member", s.agentID)
}

// outsideMember is the first member, in user/list_id's order, outside the
// app's range ("" when the app sees everyone). It reads the tree and the
// range's tags with the contacts secret.
func (s *session) outsideMember(ctx context.Context) (string, error) {
	if s.outside != nil {
		return *s.outside, nil
	}
	r, err := s.appRange(ctx)
	if err != nil {
		return "", err
	}
	var depts struct {
		Department []struct {
			ID       int `json:"id"`
			ParentID int `json:"parentid"`
		} `json:"department"`
	}
	if err := s.decode(ctx, "/cgi-bin/department/list", credContacts, nil, nil, &depts); err != nil {
		return "", err
	}
	parent := map[int]int{}
	for _, d := range depts.Department {
		parent[d.ID] = d.ParentID
	}
	users, inDepts := map[string]bool{}, map[int]bool{}
	for _, u := range r.VisibleUsers() {
		users[u] = true
	}
	for _, d := range r.AllowParties.PartyID {
		inDepts[d] = true
	}
	for _, id := range r.AllowTags.TagID {
		var tag struct {
			UserList []struct {
				UserID string `json:"userid"`
			} `json:"userlist"`
			PartyList []int `json:"partylist"`
		}
		if err := s.decode(ctx, "/cgi-bin/tag/get", credContacts, url.Values{"tagid": {strconv.Itoa(id)}}, nil, &tag); err != nil {
			return "", err
		}
		for _, u := range tag.UserList {
			users[u.UserID] = true
		}
		for _, d := range tag.PartyList {
			inDepts[d] = true
		}
	}
	seen := func(d int) bool {
		for hops := 0; d != 0 && hops < 64; hops++ {
			if inDepts[d] {
				return true
			}
			d = parent[d]
		}
		return false
	}
	found, err := s.firstMember(ctx, func(userID string, depts []int) bool {
		if users[userID] {
			return false
		}
		for _, d := range depts {
			if seen(d) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return "", err
	}
	s.outside = &found
	return found, nil
}

// firstMember pages through user/list_id and returns the first member
// (with all their departments of the page) that ok accepts.
func (s *session) firstMember(ctx context.Context, ok func(string, []int) bool) (string, error) {
	cursor := ""
	for range 100 { // 100 pages of 10,000 rows: far beyond any corp
		var page struct {
			Rows []struct {
				UserID     string `json:"userid"`
				Department int    `json:"department"`
			} `json:"dept_user"`
			NextCursor string `json:"next_cursor"`
		}
		body := map[string]any{"limit": 10000}
		if cursor != "" {
			body["cursor"] = cursor
		}
		if err := s.decode(ctx, "/cgi-bin/user/list_id", credContacts, nil, body, &page); err != nil {
			return "", err
		}
		var order []string
		depts := map[string][]int{}
		for _, r := range page.Rows {
			if _, ok := depts[r.UserID]; !ok {
				order = append(order, r.UserID)
			}
			depts[r.UserID] = append(depts[r.UserID], r.Department)
		}
		for _, u := range order {
			if ok(u, depts[u]) {
				return u, nil
			}
		}
		if page.NextCursor == "" || page.NextCursor == cursor {
			return "", nil
		}
		cursor = page.NextCursor
	}
	return "", nil
}

// decode calls an API and decodes a successful answer into out.
func (s *session) decode(ctx context.Context, path, cred string, q map[string][]string, body, out any) error {
	data, err := s.call(ctx, path, cred, q, body)
	if err != nil {
		return err
	}
	var env struct {
		ErrCode int `json:"errcode"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("%s: answer is not JSON", path)
	}
	if env.ErrCode != 0 {
		return fmt.Errorf("%s: errcode %d", path, env.ErrCode)
	}
	return json.Unmarshal(data, out)
}
