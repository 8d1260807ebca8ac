package mockserver

import (
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The corp's customer tags as the admin changes them in the admin console,
// as Go methods and the control API (POST /_mock/externalcontact/tags):
// each change follows the rules of add_corp_tag, edit_corp_tag or
// del_corp_tag and delivers change_external_tag to the 客户联系 apps
// (create, update, shuffle, delete; see mockctl.CorpTagChange).

// Customer tag control types, spelled mockserver.X in the Go API.
type (
	CorpTagChange   = mockctl.CorpTagChange
	CorpTagsChanged = mockctl.CorpTagsChanged
	NewCorpTag      = mockctl.NewCorpTag
)

func (s *Server) customerTagControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/externalcontact/tags", s.ctlChangeCorpTags, http.MethodPost)
}

// ChangeCorpTags performs req.Action (create, update or delete) on the
// corp's customer tags and delivers its events.
func (s *Server) ChangeCorpTags(req CorpTagChange) (CorpTagsChanged, error) {
	switch req.Action {
	case mockctl.CorpTagCreate:
		return s.CreateCorpTags(req)
	case mockctl.CorpTagUpdate:
		return s.UpdateCorpTag(req)
	case mockctl.CorpTagDelete:
		return s.DeleteCorpTags(req)
	}
	return CorpTagsChanged{}, badRequest("action %q is not one of create, update, delete", req.Action)
}

// CreateCorpTags has the admin add req.Tags to group req.GroupID, or to the
// group named req.GroupName (created with req.Order): change_external_tag
// create for the new group, else for each tag.
func (s *Server) CreateCorpTags(req CorpTagChange) (CorpTagsChanged, error) {
	if len(req.GroupID) > 1 {
		return CorpTagsChanged{}, badRequest(`create takes one "group_id"`)
	}
	add := store.CorpTagAdd{GroupName: req.GroupName, Tags: make([]store.NewCorpTag, len(req.Tags))}
	if len(req.GroupID) == 1 {
		add.GroupID = req.GroupID[0]
	}
	if req.Order != nil {
		add.Order = *req.Order
	}
	for i, t := range req.Tags {
		add.Tags[i] = store.NewCorpTag{Name: t.Name, Order: t.Order}
	}
	g, events, err := s.store.ConsoleAddCorpTags(req.CorpID, add)
	if err != nil {
		return CorpTagsChanged{}, customerErr(err)
	}
	return CorpTagsChanged{TagGroup: &g, Events: s.externalResults(events)}, nil
}

// UpdateCorpTag has the admin rename (update) or reorder (shuffle) tag or
// group req.ID.
func (s *Server) UpdateCorpTag(req CorpTagChange) (CorpTagsChanged, error) {
	if req.ID == "" {
		return CorpTagsChanged{}, badRequest(`update needs "id"`)
	}
	events, err := s.store.ConsoleEditCorpTag(req.CorpID, store.CorpTagEdit{ID: req.ID, Name: req.Name, Order: req.Order})
	if err != nil {
		return CorpTagsChanged{}, customerErr(err)
	}
	return CorpTagsChanged{Events: s.externalResults(events)}, nil
}

// DeleteCorpTags has the admin delete tags req.TagIDs and groups
// req.GroupID: change_external_tag delete for each.
func (s *Server) DeleteCorpTags(req CorpTagChange) (CorpTagsChanged, error) {
	events, err := s.store.ConsoleDeleteCorpTags(req.CorpID, req.TagIDs, req.GroupID)
	if err != nil {
		return CorpTagsChanged{}, customerErr(err)
	}
	return CorpTagsChanged{Events: s.externalResults(events)}, nil
}

// externalResults publishes events in order and reports them.
func (s *Server) externalResults(events []store.ExternalEvent) []ExternalEventResult {
	out := make([]ExternalEventResult, len(events))
	for i, ev := range events {
		out[i] = s.externalResult(ev)
	}
	return out
}

// POST /_mock/externalcontact/tags
func (s *Server) ctlChangeCorpTags(r *http.Request) (any, error) {
	var req CorpTagChange
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	req.Action = strings.TrimSpace(req.Action)
	return controlAnswer(s.ChangeCorpTags(req))
}
