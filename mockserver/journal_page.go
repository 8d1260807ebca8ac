package mockserver

import "github.com/wecom-mock/wecom-mock/mockctl"

// RequestsPage returns one page of the journal: up to f.Limit entries
// (DefaultPageLimit when 0, at most MaxPageLimit) that f selects from
// f.Cursor (a NextCursor of an earlier page, "" for the oldest), and the
// next page's cursor, empty on the last page. An entry's place is its
// sequence number (Request.Seq).
func (s *Server) RequestsPage(f RequestFilter) mockctl.Journal {
	from, limit := pageArgs(f.Cursor, f.Limit)
	kept, total := s.journal.count()
	m, err := s.newRequestMatcher(f)
	if err != nil {
		return mockctl.Journal{Kept: kept, Requests: []Request{}, Total: total}
	}
	reqs, next, more := s.findRequests(m, from, limit)
	return mockctl.Journal{Kept: kept, Requests: reqs, Total: total, NextCursor: nextCursor(next, more)}
}
