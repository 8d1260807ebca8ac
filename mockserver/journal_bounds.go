package mockserver

import (
	"strconv"
	"unicode/utf8"
)

// The journal keeps at most its size in entries; of each entry at most
// these many bytes of path, raw query, headers (each side) and body (each
// side); and of all entries together at most maxJournalExtra bytes of
// headers and bodies: past it, the oldest entries lose theirs (Trimmed).
// So it holds a bounded number of bytes whatever the calls carry (a query
// may be up to 1 MB, a body up to the upload limit).
const (
	maxJournalQuery   = 2048
	maxJournalPath    = 512
	maxJournalHeaders = 2048
	maxJournalBody    = 4096
	maxJournalExtra   = 32 << 20
)

// clipJournal is s cut to at most limit bytes (on a character boundary) and
// marked with how many bytes were dropped: "…[truncated 1046528 bytes]",
// after sep ("&" for a query, so masking never swallows the mark).
func clipJournal(s string, limit int, sep string) string {
	if len(s) <= limit {
		return s
	}
	return string(appendClipped(nil, s, limit, sep))
}

// appendClipped appends s to b as clipJournal clips it.
func appendClipped(b []byte, s string, limit int, sep string) []byte {
	if len(s) <= limit {
		return append(b, s...)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	b = append(b, s[:cut]...)
	b = append(b, sep...)
	return appendTruncated(b, int64(len(s)-cut))
}

// appendTruncated appends the mark of a cut: "…[truncated N bytes]", or
// "…[truncated]" when N is not known (-1).
func appendTruncated(b []byte, n int64) []byte {
	if n < 0 {
		return append(b, "…[truncated]"...)
	}
	b = append(b, "…[truncated "...)
	b = strconv.AppendInt(b, n, 10)
	return append(b, " bytes]"...)
}

// trimLocked drops the headers and bodies of the oldest entries that
// still have them until the journal is within maxJournalExtra; the newest
// keeps its own. Each entry is trimmed at most once, so adding costs O(1)
// amortized. j.mu is held.
func (j *journal) trimLocked() {
	first := j.total - int64(len(j.entries))
	j.trimFrom = max(j.trimFrom, first)
	for j.extra > maxJournalExtra && j.trimFrom < j.total-1 {
		e := &j.entries[j.trimFrom%int64(j.size)]
		j.extra -= e.extraBytes()
		keep := e.ends[partQuery]
		e.detail = append([]byte(nil), e.detail[:keep]...)
		for i := partQuery + 1; i < numParts; i++ {
			e.ends[i] = keep
		}
		e.trimmed = true
		j.trimFrom++
	}
}
