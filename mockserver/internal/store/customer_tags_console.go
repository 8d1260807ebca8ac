package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// The admin changing the corp's customer tags in the admin console or the
// WeCom client, played through the control API. The rules are the API's;
// unlike the API's changes ("通过API进行的操作不会产生回调",
// https://developer.work.weixin.qq.com/document/path/92130) each sends
// change_external_tag to every 客户联系 app
// (https://developer.work.weixin.qq.com/document/path/92277):
//
//   - create: Id and TagType tag_group for a new group (its tags come with
//     it), else one event per tag added to an existing group;
//   - update: a tag or group renamed;
//   - shuffle: orders changed — Id is the group whose tags were reordered,
//     empty when the groups were; no TagType;
//   - delete: one event per deleted tag and group; a deleted group's tags
//     get none of their own, as documented.

// ConsoleAddCorpTags is the admin adding tags, as add_corp_tag.
func (s *Store) ConsoleAddCorpTags(corpID string, req CorpTagAdd) (fixtures.CorpTagGroup, []ExternalEvent, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return fixtures.CorpTagGroup{}, nil, ErrCorpNotFound
	}
	t := &c.customers.tags
	g, added, newGroup, err := t.add(req, 0, now.Unix(), s.corpTagIDs(t))
	if err != nil {
		return fixtures.CorpTagGroup{}, nil, err
	}
	var events []ExternalEvent
	if newGroup {
		events = append(events, s.tagEventLocked(c, "create", g.GroupID, TagTypeGroup))
	} else {
		for _, tag := range added {
			events = append(events, s.tagEventLocked(c, "create", tag.ID, TagTypeTag))
		}
	}
	return g.view(added), events, nil
}

// ConsoleEditCorpTag is the admin renaming or reordering a tag or group,
// as edit_corp_tag: update for a new name, shuffle for a new order.
func (s *Store) ConsoleEditCorpTag(corpID string, req CorpTagEdit) ([]ExternalEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	ed, err := c.customers.tags.edit(req, 0)
	if err != nil {
		return nil, err
	}
	var events []ExternalEvent
	if ed.renamed {
		events = append(events, s.tagEventLocked(c, "update", ed.id, ed.tagType))
	}
	if ed.reordered {
		events = append(events, s.tagEventLocked(c, "shuffle", ed.groupID, ""))
	}
	return events, nil
}

// ConsoleDeleteCorpTags is the admin deleting tags and groups, as
// del_corp_tag.
func (s *Store) ConsoleDeleteCorpTags(corpID string, tagIDs, groupIDs []string) ([]ExternalEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	removed, err := c.customers.tags.remove(tagIDs, groupIDs, 0)
	if err != nil {
		return nil, err
	}
	events := make([]ExternalEvent, len(removed))
	for i, r := range removed {
		events[i] = s.tagEventLocked(c, "delete", r.id, r.tagType)
	}
	return events, nil
}

// tagEventLocked is a change_external_tag event about tag or group id;
// tagType "" leaves TagType out (shuffle).
func (s *Store) tagEventLocked(c *corp, changeType, id, tagType string) ExternalEvent {
	fields := []EventField{TextField("Id", id)}
	if tagType != "" {
		fields = append(fields, TextField("TagType", tagType))
	}
	return s.externalEventLocked(c, EventExternalTag, changeType, "", func(ecCaller) []EventField { return fields })
}
