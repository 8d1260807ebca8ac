package store

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Cursors of the 客户联系 list APIs: opaque to callers, like WeCom's, and
// holding the offset of the next page. A string that is no cursor at all
// answers 40058 (the real errcode of a forged cursor is not documented); a
// well-formed cursor of another listing is read as its offset, since the
// cursor names no listing.

const cursorPrefix = "wwmock-cursor:"

// pageCursor encodes the offset of the next page.
func pageCursor(next int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(next)))
}

// parseCursor decodes a cursor; "" is the first page.
func parseCursor(cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, errcode.InvalidParameter
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix))
	if err != nil || n < 0 {
		return 0, errcode.InvalidParameter
	}
	return n, nil
}

// page returns the bounds of the page of n items starting at cursor with
// limit items, and the next cursor ("" on the last page).
func page(n int, cursor string, limit int) (from, to int, next string, err error) {
	from, err = parseCursor(cursor)
	if err != nil {
		return 0, 0, "", err
	}
	from = min(from, n)
	to = min(from+limit, n)
	if to < n {
		next = pageCursor(to)
	}
	return from, to, next, nil
}
