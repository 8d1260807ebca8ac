package mockserver

import (
	"strconv"
	"unicode/utf8"
)

// The journal keeps at most its size in entries, and of each entry at most
// these many bytes of path and raw query, so it holds a bounded number of
// bytes whatever the calls carry (a query may be up to 1 MB).
const (
	maxJournalQuery = 2048
	maxJournalPath  = 512
)

// clipJournal is s cut to at most limit bytes (on a character boundary) and
// marked with how many bytes were dropped: "…[truncated 1046528 bytes]",
// after sep ("&" for a query, so masking never swallows the mark). The
// result is a copy, so the journal never keeps a long request's string.
func clipJournal(s string, limit int, sep string) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + sep + "…[truncated " + strconv.Itoa(len(s)-cut) + " bytes]"
}
