package store

import (
	"slices"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Changing the corp's customer tags: add_corp_tag, edit_corp_tag and
// del_corp_tag (https://developer.work.weixin.qq.com/document/path/92117).
// The rules the API and the admin console share live on corpTagTable; the
// console's side, which sends events, is in customer_tags_console.go.
//
// Errcodes the docs do not give: a name that is empty or longer than 30
// characters and an order outside [0, 2^32) are 40058, like the catalog's
// length checks; changing a tag another app created is 81011, the code of
// the same rule for contact tags.

// CorpTagAdd is the body of add_corp_tag: Tags go into group GroupID, or
// into the group named GroupName, which is created (with Order) when no
// group has that name.
type CorpTagAdd struct {
	GroupID   string
	GroupName string
	Order     int64
	Tags      []NewCorpTag
}

// NewCorpTag is a tag to add.
type NewCorpTag struct {
	Name  string
	Order int64
}

// CorpTagEdit is the body of edit_corp_tag: tag or group ID gets Name and
// Order; nil fields, and an empty name, stay as they are.
type CorpTagEdit struct {
	ID    string
	Name  *string
	Order *int64
}

// AddCorpTags is add_corp_tag: the group with only the new tags. Errors:
// 40058 for no tags, neither group_id nor group_name, a bad name or order;
// 40068 for an unknown group_id; 40071 for a name the group has; 40126
// beyond MaxCorpTags.
func (s *Store) AddCorpTags(tok Token, req CorpTagAdd) (fixtures.CorpTagGroup, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return fixtures.CorpTagGroup{}, err
	}
	g, added, _, err := cl.w.tags.add(req, cl.tagEditor(), now.Unix(), s.corpTagIDs(&cl.w.tags))
	if err != nil {
		return fixtures.CorpTagGroup{}, err
	}
	return g.view(added), nil
}

// EditCorpTag is edit_corp_tag. Errors: 40068 for an id that is no tag or
// group, 81011 for one another app created, 40058 for a bad name or order,
// 40071 for the name of another tag of the group (of another group).
func (s *Store) EditCorpTag(tok Token, req CorpTagEdit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	_, err = cl.w.tags.edit(req, cl.tagEditor())
	return err
}

// DeleteCorpTags is del_corp_tag: the tags and groups are deleted, and a
// group whose last tag goes with it. Nothing is deleted unless every id
// names a tag (group) the caller may delete: 40068 otherwise, 81011 for
// one another app created; 40058 when both lists are empty.
func (s *Store) DeleteCorpTags(tok Token, tagIDs, groupIDs []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	_, err = cl.w.tags.remove(tagIDs, groupIDs, cl.tagEditor())
	return err
}

// tagEditor is who changes tags: an app may edit and delete only the tags
// and groups it created (92117), the admin and the 客户联系 secret (0) all.
func (cl ecCaller) tagEditor() int {
	if cl.app == nil {
		return 0
	}
	return cl.app.AgentID
}

func mayChangeTag(editor, creator int) bool { return editor == 0 || editor == creator }

func validTagName(name string) bool {
	return name != "" && utf8.RuneCountInString(name) <= MaxCorpTagName
}

func validTagOrder(order int64) bool { return order >= 0 && order <= MaxCorpTagOrder }

// corpTagIDs returns a generator of ids no tag or group of t has: "et" and
// 30 random characters, the form of WeCom's.
func (s *Store) corpTagIDs(t *corpTagTable) func() string {
	return func() string {
		for {
			id := "et" + s.randomString(30)
			if t.byTagID[id] == nil && t.byGroupID[id] == nil {
				return id
			}
		}
	}
}

// add puts req's tags into their group, creating it if needed (newGroup),
// and returns the group and the tags added.
func (t *corpTagTable) add(req CorpTagAdd, editor int, now int64, newID func() string) (g *tagGroup, added []*corpTag, newGroup bool, err error) {
	if len(req.Tags) == 0 {
		return nil, nil, false, errcode.InvalidParameter
	}
	for _, nt := range req.Tags {
		if !validTagName(nt.Name) || !validTagOrder(nt.Order) {
			return nil, nil, false, errcode.InvalidParameter
		}
	}
	switch {
	case req.GroupID != "":
		// group_name and order are then ignored, as documented.
		if g = t.liveGroup(req.GroupID); g == nil {
			return nil, nil, false, errcode.InvalidTagID
		}
	case req.GroupName != "":
		if !validTagName(req.GroupName) || !validTagOrder(req.Order) {
			return nil, nil, false, errcode.InvalidParameter
		}
		g = t.groupNamed(req.GroupName)
		newGroup = g == nil
	default:
		return nil, nil, false, errcode.InvalidParameter
	}
	// One name twice in a call makes one tag, as documented.
	var want []NewCorpTag
	seen := map[string]bool{}
	for _, nt := range req.Tags {
		if seen[nt.Name] {
			continue
		}
		seen[nt.Name] = true
		if g != nil && g.tagNamed(nt.Name) != nil {
			return nil, nil, false, errcode.InvalidTagName
		}
		want = append(want, nt)
	}
	if t.live+len(want) > MaxCorpTags {
		return nil, nil, false, errcode.CorpTagLimit
	}
	if newGroup {
		g = &tagGroup{CorpTagGroup: fixtures.CorpTagGroup{
			GroupID: newID(), GroupName: req.GroupName, CreateTime: now, Order: int(req.Order),
		}, creator: editor}
		t.insertGroup(g)
	}
	for _, nt := range want {
		tag := &corpTag{CorpTag: fixtures.CorpTag{ID: newID(), Name: nt.Name, CreateTime: now, Order: int(nt.Order)}, creator: editor}
		t.insertTag(g, tag)
		added = append(added, tag)
	}
	return g, added, newGroup, nil
}

// groupNamed is the group, not deleted, named name.
func (t *corpTagTable) groupNamed(name string) *tagGroup {
	for _, g := range t.groups {
		if !g.Deleted && g.GroupName == name {
			return g
		}
	}
	return nil
}

// tagNamed is g's tag, not deleted, named name.
func (g *tagGroup) tagNamed(name string) *corpTag {
	for _, tag := range g.tags {
		if !tag.Deleted && tag.Name == name {
			return tag
		}
	}
	return nil
}

// tagEdited is what an edit changed.
type tagEdited struct {
	id, tagType string
	groupID     string // the tag's group ("" for a group)
	renamed     bool
	reordered   bool
}

// edit renames and reorders a tag or group.
func (t *corpTagTable) edit(req CorpTagEdit, editor int) (tagEdited, error) {
	name := ""
	if req.Name != nil {
		name = *req.Name
	}
	if tag := t.liveTag(req.ID); tag != nil {
		if err := checkTagEdit(editor, tag.creator, name, req.Order); err != nil {
			return tagEdited{}, err
		}
		if name != "" && name != tag.Name && tag.group.tagNamed(name) != nil {
			return tagEdited{}, errcode.InvalidTagName
		}
		out := tagEdited{id: tag.ID, tagType: TagTypeTag, groupID: tag.group.GroupID}
		out.renamed = setName(&tag.Name, name)
		out.reordered = setOrder(&tag.Order, req.Order)
		return out, nil
	}
	if g := t.liveGroup(req.ID); g != nil {
		if err := checkTagEdit(editor, g.creator, name, req.Order); err != nil {
			return tagEdited{}, err
		}
		if name != "" && name != g.GroupName && t.groupNamed(name) != nil {
			return tagEdited{}, errcode.InvalidTagName
		}
		out := tagEdited{id: g.GroupID, tagType: TagTypeGroup}
		out.renamed = setName(&g.GroupName, name)
		out.reordered = setOrder(&g.Order, req.Order)
		return out, nil
	}
	return tagEdited{}, errcode.InvalidTagID
}

func checkTagEdit(editor, creator int, name string, order *int64) error {
	if !mayChangeTag(editor, creator) {
		return errcode.NotTagCreator
	}
	if name != "" && !validTagName(name) || order != nil && !validTagOrder(*order) {
		return errcode.InvalidParameter
	}
	return nil
}

func setName(dst *string, name string) bool {
	if name == "" || name == *dst {
		return false
	}
	*dst = name
	return true
}

func setOrder(dst *int, order *int64) bool {
	if order == nil || int64(*dst) == *order {
		return false
	}
	*dst = int(*order)
	return true
}

// tagRemoved is one tag or group a deletion removed.
type tagRemoved struct{ id, tagType string }

// remove deletes groups (with their tags), then tags, and a group left
// without tags; it returns what was removed in that order, a group's own
// tags left out.
func (t *corpTagTable) remove(tagIDs, groupIDs []string, editor int) ([]tagRemoved, error) {
	if len(tagIDs) == 0 && len(groupIDs) == 0 {
		return nil, errcode.InvalidParameter
	}
	groups := make([]*tagGroup, 0, len(groupIDs))
	for _, id := range groupIDs {
		g := t.liveGroup(id)
		if g == nil {
			return nil, errcode.InvalidTagID
		}
		if !mayChangeTag(editor, g.creator) {
			return nil, errcode.NotTagCreator
		}
		groups = append(groups, g)
	}
	tags := make([]*corpTag, 0, len(tagIDs))
	for _, id := range tagIDs {
		tag := t.liveTag(id)
		if tag == nil {
			return nil, errcode.InvalidTagID
		}
		if !mayChangeTag(editor, tag.creator) {
			return nil, errcode.NotTagCreator
		}
		tags = append(tags, tag)
	}
	var out []tagRemoved
	for _, g := range groups {
		if !g.Deleted {
			t.deleteGroup(g)
			out = append(out, tagRemoved{g.GroupID, TagTypeGroup})
		}
	}
	for _, tag := range tags {
		if tag.Deleted {
			continue // named twice, or its group went above
		}
		t.deleteTag(tag)
		out = append(out, tagRemoved{tag.ID, TagTypeTag})
		if g := tag.group; !slices.ContainsFunc(g.tags, func(x *corpTag) bool { return !x.Deleted }) {
			t.deleteGroup(g)
			out = append(out, tagRemoved{g.GroupID, TagTypeGroup})
		}
	}
	t.forgetOldDeleted()
	return out, nil
}

func (t *corpTagTable) deleteTag(tag *corpTag) {
	tag.Deleted = true
	t.live--
	t.deleted = append(t.deleted, tag)
}

func (t *corpTagTable) deleteGroup(g *tagGroup) {
	g.Deleted = true
	for _, tag := range g.tags {
		if !tag.Deleted {
			t.deleteTag(tag)
		}
	}
}

// forgetOldDeleted drops the oldest deleted tags beyond MaxDeletedCorpTags,
// and the deleted groups left without tags.
func (t *corpTagTable) forgetOldDeleted() {
	n := len(t.deleted) - MaxDeletedCorpTags
	if n <= 0 {
		return
	}
	gone := make(map[*corpTag]bool, n)
	touched := map[*tagGroup]bool{}
	for _, tag := range t.deleted[:n] {
		gone[tag] = true
		touched[tag.group] = true
		delete(t.byTagID, tag.ID)
	}
	t.deleted = slices.Clone(t.deleted[n:])
	emptied := map[*tagGroup]bool{}
	for g := range touched {
		g.tags = slices.DeleteFunc(g.tags, func(tag *corpTag) bool { return gone[tag] })
		if g.Deleted && len(g.tags) == 0 {
			emptied[g] = true
			delete(t.byGroupID, g.GroupID)
		}
	}
	if len(emptied) > 0 {
		t.groups = slices.DeleteFunc(t.groups, func(g *tagGroup) bool { return emptied[g] })
	}
}
