package refapp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// What the app checks with its own secret once the HR system has changed
// the directory: who may use it and who holds a tag. An app reads its
// visible range at start-up (agent/get) rather than trusting its console
// settings, since administrators change the range, departments and tags
// without telling it.

// agentRange is the visible range agent/get reports
// (https://developer.work.weixin.qq.com/document/path/90227).
type agentRange struct {
	Users struct {
		User []struct {
			UserID string `json:"userid"`
		} `json:"user"`
	} `json:"allow_userinfos"`
	Parties struct {
		PartyID []int `json:"partyid"`
	} `json:"allow_partys"`
	Tags struct {
		TagID []int `json:"tagid"`
	} `json:"allow_tags"`
}

// SeesMember reports whether member userID of corpID may use the app: named
// in agent/get's allow_userinfos, in a department of allow_partys or under
// one, or holding a tag of allow_tags.
func (a *App) SeesMember(ctx context.Context, corpID, userID string) (bool, error) {
	t := a.tenantFor(corpID)
	if t == nil {
		return false, fmt.Errorf("refapp: no credentials for corp %q", corpID)
	}
	var r agentRange
	q := url.Values{"agentid": {strconv.Itoa(t.AgentID)}}
	if err := a.wecomCall(ctx, t.wecom, "/cgi-bin/agent/get", q, nil, &r); err != nil {
		return false, err
	}
	for _, u := range r.Users.User {
		if u.UserID == userID {
			return true, nil
		}
	}
	// Outside the range, user/get answers 60011 (or 60111 for no one).
	m, err := t.wecom.GetUser(ctx, userID)
	if errors.Is(err, errcode.NoPrivilege) || errors.Is(err, errcode.UserIDNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(r.Parties.PartyID) > 0 {
		depts, err := t.wecom.ListDepartments(ctx, 0)
		if err != nil {
			return false, err
		}
		parent := map[int]int{}
		for _, d := range depts {
			parent[d.ID] = d.ParentID
		}
		for _, d := range m.Department {
			for id := d; id != 0; id = parent[id] {
				if slices.Contains(r.Parties.PartyID, id) {
					return true, nil
				}
			}
		}
	}
	for _, tagID := range r.Tags.TagID {
		tag, err := t.wecom.GetTag(ctx, tagID)
		if err != nil {
			return false, err
		}
		for _, u := range tag.Users {
			if u.UserID == userID {
				return true, nil
			}
		}
	}
	return false, nil
}

// TaggedMembers lists the userids of the tag named name as the app reads it
// (tag/list, then tag/get: only the members inside its visible range).
func (a *App) TaggedMembers(ctx context.Context, corpID, name string) ([]string, error) {
	t := a.tenantFor(corpID)
	if t == nil {
		return nil, fmt.Errorf("refapp: no credentials for corp %q", corpID)
	}
	id, err := tagID(ctx, t.wecom, name)
	if err != nil {
		return nil, err
	}
	tag, err := t.wecom.GetTag(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(tag.Users))
	for _, u := range tag.Users {
		out = append(out, u.UserID)
	}
	return out, nil
}
