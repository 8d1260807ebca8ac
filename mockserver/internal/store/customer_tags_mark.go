package store

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Tagging customers: mark_tag
// (https://developer.work.weixin.qq.com/document/path/92118).

// MarkTag is mark_tag: member userID's relationship with the customer gains
// the tags in add and loses those in remove (a tag in both ends up
// removed). Errors: 60111 / 60011 / 84074 for the member, 40096 for the
// customer, 84061 when the member does not follow them, 40058 when add and
// remove are both empty, 40068 for an id that is no tag (or a deleted
// one), and 40058 beyond MaxTagsPerCustomer tags (the real errcode is not
// documented).
func (s *Store) MarkTag(tok Token, userID, externalUserID string, add, remove []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl, err := s.ecCallerLocked(tok)
	if err != nil {
		return err
	}
	m, c, f, err := cl.relation(userID, externalUserID)
	if err != nil {
		return err
	}
	if f == nil {
		return errcode.NotExternalContact
	}
	if len(add) == 0 && len(remove) == 0 {
		return errcode.InvalidParameter
	}
	t := &cl.w.tags
	for _, id := range slices.Concat(add, remove) {
		if t.liveTag(id) == nil {
			return errcode.InvalidTagID
		}
	}
	drop := idSet(remove)
	// Tags deleted since they were put on go now.
	tags := make([]string, 0, len(f.Tags)+len(add))
	kept := map[string]bool{}
	for _, id := range slices.Concat(f.Tags, add) {
		if t.liveTag(id) != nil && !drop[id] && !kept[id] {
			kept[id] = true
			tags = append(tags, id)
		}
	}
	if len(tags) > MaxTagsPerCustomer {
		return errcode.InvalidParameter
	}
	next := cloneFollow(f)
	next.Tags = tags
	cl.w.setFollow(c, m.UserID, next)
	return nil
}
