package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// The corp's customer tags (企业客户标签): groups of tags that follow-users
// put on customers (https://developer.work.weixin.qq.com/document/path/92117).

// corpTagTable holds a corp's tag groups and tags.
type corpTagTable struct {
	groups    []*tagGroup // in creation order
	byGroupID map[string]*tagGroup
	byTagID   map[string]*corpTag
}

// tagGroup is a tag group; its tags in creation order.
type tagGroup struct {
	fixtures.CorpTagGroup // Tags is nil; see tags
	tags                  []*corpTag
}

// corpTag is one tag and its group.
type corpTag struct {
	fixtures.CorpTag
	group *tagGroup
}

func buildCorpTags(ec *fixtures.ExternalContact) corpTagTable {
	t := corpTagTable{byGroupID: map[string]*tagGroup{}, byTagID: map[string]*corpTag{}}
	for i := range ec.TagGroups {
		fx := ec.TagGroups[i]
		g := &tagGroup{CorpTagGroup: fx}
		g.Tags = nil
		for _, tag := range fx.Tags {
			ct := &corpTag{CorpTag: tag, group: g}
			g.tags = append(g.tags, ct)
			t.byTagID[tag.ID] = ct
		}
		t.groups = append(t.groups, g)
		t.byGroupID[g.GroupID] = g
	}
	return t
}

// customerTags resolves a follow-user's tag ids; unknown and deleted tags
// are left out.
func (t *corpTagTable) customerTags(ids []string) []CustomerTag {
	out := make([]CustomerTag, 0, len(ids))
	for _, id := range ids {
		tag := t.byTagID[id]
		if tag == nil || tag.Deleted || tag.group.Deleted {
			continue
		}
		out = append(out, CustomerTag{GroupName: tag.group.GroupName, TagName: tag.Name, TagID: tag.ID, Type: 1})
	}
	return out
}
