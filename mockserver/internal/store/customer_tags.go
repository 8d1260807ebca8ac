package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// The corp's customer tags (企业客户标签): groups of tags that follow-users
// put on customers (https://developer.work.weixin.qq.com/document/path/92117).
// This file holds the table and its reads; customer_tags_write.go the
// add/edit/del APIs and the admin console's changes with their
// change_external_tag events, customer_tags_mark.go mark_tag.

// Limits of the corp's customer tags.
const (
	// MaxCorpTags is how many tags a corp may configure (92117: 10 000);
	// adding more is 40126.
	MaxCorpTags = 10_000
	// MaxDeletedCorpTags bounds the deleted tags kept for get_corp_tag_list,
	// which shows them when asked for by id; the oldest are forgotten first.
	MaxDeletedCorpTags = 10_000
	// MaxCorpTagName is the length of a tag's or group's name, in
	// characters.
	MaxCorpTagName = 30
	// MaxCorpTagOrder is the largest order: orders range over [0, 2^32).
	MaxCorpTagOrder = 1<<32 - 1
	// MaxTagsPerCustomer is how many tags one member may put on one
	// customer (92118: 3000).
	MaxTagsPerCustomer = 3000
)

// Values of the TagType field of change_external_tag.
const (
	TagTypeTag   = "tag"
	TagTypeGroup = "tag_group"
)

// corpTagTable holds a corp's tag groups and tags, deleted ones included
// until they are forgotten. Records change in place under the store's write
// lock; readers copy what they hand out.
type corpTagTable struct {
	groups    []*tagGroup // in creation order
	byGroupID map[string]*tagGroup
	byTagID   map[string]*corpTag
	live      int        // tags not deleted
	deleted   []*corpTag // deleted tags, oldest first
}

// tagGroup is a tag group; its tags in creation order.
type tagGroup struct {
	fixtures.CorpTagGroup // Tags is nil; see tags
	tags                  []*corpTag
	// creator is the agentid of the app that made the group through the
	// API, 0 for the admin and the 客户联系 secret.
	creator int
}

// corpTag is one tag and its group.
type corpTag struct {
	fixtures.CorpTag
	group   *tagGroup
	creator int // as tagGroup's
}

func newCorpTagTable() corpTagTable {
	return corpTagTable{byGroupID: map[string]*tagGroup{}, byTagID: map[string]*corpTag{}}
}

// buildCorpTags indexes the fixtures' tags, skipping repeated ids; the tags
// of a deleted group count as deleted.
func buildCorpTags(ec *fixtures.ExternalContact) corpTagTable {
	t := newCorpTagTable()
	for i := range ec.TagGroups {
		fx := ec.TagGroups[i]
		if fx.GroupID == "" || t.byGroupID[fx.GroupID] != nil {
			continue
		}
		g := &tagGroup{CorpTagGroup: fx}
		g.Tags = nil
		t.insertGroup(g)
		for _, tag := range fx.Tags {
			if tag.ID == "" || t.byTagID[tag.ID] != nil {
				continue
			}
			tag.Deleted = tag.Deleted || g.Deleted
			t.insertTag(g, &corpTag{CorpTag: tag})
		}
	}
	t.forgetOldDeleted()
	return t
}

func (t *corpTagTable) insertGroup(g *tagGroup) {
	t.groups = append(t.groups, g)
	t.byGroupID[g.GroupID] = g
}

func (t *corpTagTable) insertTag(g *tagGroup, tag *corpTag) {
	tag.group = g
	g.tags = append(g.tags, tag)
	t.byTagID[tag.ID] = tag
	if tag.Deleted {
		t.deleted = append(t.deleted, tag)
	} else {
		t.live++
	}
}

// liveTag is the tag with id unless it is unknown or deleted.
func (t *corpTagTable) liveTag(id string) *corpTag {
	if tag := t.byTagID[id]; tag != nil && !tag.Deleted {
		return tag
	}
	return nil
}

// liveGroup is the group with id unless it is unknown or deleted.
func (t *corpTagTable) liveGroup(id string) *tagGroup {
	if g := t.byGroupID[id]; g != nil && !g.Deleted {
		return g
	}
	return nil
}

// customerTags resolves a follow-user's tag ids; unknown and deleted tags
// are left out.
func (t *corpTagTable) customerTags(ids []string) []CustomerTag {
	out := make([]CustomerTag, 0, len(ids))
	for _, id := range ids {
		tag := t.liveTag(id)
		if tag == nil {
			continue
		}
		out = append(out, CustomerTag{GroupName: tag.group.GroupName, TagName: tag.Name, TagID: tag.ID, Type: 1})
	}
	return out
}

// CorpTagList is get_corp_tag_list
// (https://developer.work.weixin.qq.com/document/path/92117): with
// groupIDs, those groups and all their tags; else with tagIDs, those tags in
// their groups; else every group and tag not deleted. Asked for by id,
// deleted groups and tags are listed with Deleted set; unknown ids are left
// out.
func (s *Store) CorpTagList(tok Token, tagIDs, groupIDs []string) ([]fixtures.CorpTagGroup, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return nil, err
	}
	return cl.w.tags.list(tagIDs, groupIDs), nil
}

func (t *corpTagTable) list(tagIDs, groupIDs []string) []fixtures.CorpTagGroup {
	out := []fixtures.CorpTagGroup{}
	switch {
	case len(groupIDs) > 0:
		want := idSet(groupIDs)
		for _, g := range t.groups {
			if want[g.GroupID] {
				out = append(out, g.view(g.tags))
			}
		}
	case len(tagIDs) > 0:
		want := idSet(tagIDs)
		for _, g := range t.groups {
			var tags []*corpTag
			for _, tag := range g.tags {
				if want[tag.ID] {
					tags = append(tags, tag)
				}
			}
			if len(tags) > 0 {
				out = append(out, g.view(tags))
			}
		}
	default:
		for _, g := range t.groups {
			if g.Deleted {
				continue
			}
			var tags []*corpTag
			for _, tag := range g.tags {
				if !tag.Deleted {
					tags = append(tags, tag)
				}
			}
			out = append(out, g.view(tags))
		}
	}
	return out
}

// view is the group as listed, with the given tags.
func (g *tagGroup) view(tags []*corpTag) fixtures.CorpTagGroup {
	out := g.CorpTagGroup
	out.Tags = make([]fixtures.CorpTag, len(tags))
	for i, tag := range tags {
		out.Tags[i] = tag.CorpTag
	}
	return out
}

func idSet(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}
