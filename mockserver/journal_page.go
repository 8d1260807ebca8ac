package mockserver

import "github.com/wecom-mock/wecom-mock/mockctl"

// page returns up to limit entries f selects whose sequence number is after
// or at from, oldest first, secrets masked, and the sequence number to
// continue from; more is false when the journal holds nothing further. An
// entry's sequence number is its place among the calls recorded since the
// last clear (0 for the first). Only the page is copied.
func (j *journal) page(f RequestFilter, from int64, limit int) (out []Request, next int64, more bool) {
	j.mu.Lock()
	n := int64(len(j.entries))
	first := j.total - n // sequence number of the oldest entry kept
	start := 0           // slot of the oldest entry
	if len(j.entries) == j.size {
		start = j.next
	}
	out = []Request{}
	k := max(from-first, 0)
	for ; k < n; k++ {
		e := j.entries[(int64(start)+k)%n]
		if f.Path != "" && e.Path != f.Path {
			continue
		}
		if len(out) == limit {
			more = true
			break
		}
		out = append(out, e)
	}
	j.mu.Unlock()
	for i := range out { // outside j.mu: naming the corp takes the store's lock
		out[i] = j.reveal(out[i])
	}
	return out, first + k, more
}

// RequestsPage returns one page of the journal: up to f.Limit entries
// (DefaultPageLimit when 0, at most MaxPageLimit) from f.Cursor, a
// NextCursor of an earlier page ("" for the oldest), and the next page's
// cursor, empty on the last page.
func (s *Server) RequestsPage(f RequestFilter) mockctl.Journal {
	from, limit := pageArgs(f.Cursor, f.Limit)
	kept, total := s.journal.count()
	reqs, next, more := s.journal.page(f, from, limit)
	return mockctl.Journal{Kept: kept, Requests: reqs, Total: total, NextCursor: nextCursor(next, more)}
}
