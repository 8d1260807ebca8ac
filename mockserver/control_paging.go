package mockserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Paged control reads: GET /_mock/messages and GET /_mock/requests take
// ?limit=N&cursor=C and answer one page with a "next_cursor" when more may
// follow. Without either parameter they answer every entry as before. Both
// ways the answer is streamed onto the connection entry by entry, read from
// the store a chunk at a time, so a read costs a chunk, not the list.

// DefaultPageLimit is the page size when a cursor is given without a limit;
// MaxPageLimit the largest limit accepted.
const (
	DefaultPageLimit = 500
	MaxPageLimit     = 5000
)

// pageParams are a read's paging parameters.
type pageParams struct {
	paged bool  // limit or cursor given: one page, with next_cursor
	from  int64 // sequence number to start at
	limit int
}

// pageOf parses ?limit= and ?cursor=. A cursor is the decimal sequence
// number of the next entry; clients treat it as opaque.
func pageOf(q url.Values) (pageParams, error) {
	p := pageParams{limit: DefaultPageLimit}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n < 0 {
			return p, badRequest(`"cursor" must be a next_cursor of an earlier answer, got %q`, c)
		}
		p.paged, p.from = true, n
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > MaxPageLimit {
			return p, badRequest(`"limit" must be between 1 and %d, got %q`, MaxPageLimit, l)
		}
		p.paged, p.limit = true, n
	}
	return p, nil
}

// controlStream is a control answer that writes itself: control() hands
// it the ResponseWriter instead of encoding it whole.
type controlStream interface {
	writeStream(w http.ResponseWriter)
}

// jsonField is a field of a streamed answer besides its list.
type jsonField struct {
	name  string
	value any
}

// pagedList streams {"<head>...", "<key>": [items...], "<tail>...",
// "next_cursor": "..."}; fetch reads a chunk of at most n items from
// sequence number from.
type pagedList[T any] struct {
	key        string
	head, tail []jsonField
	page       pageParams
	fetch      func(from int64, n int) (items []T, next int64, more bool)
}

// streamChunk is how many entries an unpaged read takes from the store at once.
const streamChunk = 256

func (l pagedList[T]) writeStream(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	var item bytes.Buffer // one entry's JSON at a time
	enc := json.NewEncoder(&item)
	enc.SetEscapeHTML(false) // entries compact, one a line: indenting cost as much as encoding
	bw.WriteString("{\n")
	for _, f := range l.head {
		writeField(bw, f)
		bw.WriteString(",\n")
	}
	bw.WriteString(`  "` + l.key + `": [`)
	from, left, n := l.page.from, l.page.limit, 0
	more := true
	for more && (!l.page.paged || left > 0) {
		chunk := streamChunk
		if l.page.paged {
			chunk = min(chunk, left)
			left -= chunk
		}
		var items []T
		items, from, more = l.fetch(from, chunk)
		for _, it := range items {
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n  ")
			item.Reset()
			_ = enc.Encode(it) // the control API's types always encode
			bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
			n++
		}
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	tail := l.tail
	if l.page.paged && more {
		tail = append(tail[:len(tail):len(tail)], jsonField{"next_cursor", strconv.FormatInt(from, 10)})
	}
	for _, f := range tail {
		bw.WriteString(",\n")
		writeField(bw, f)
	}
	bw.WriteString("\n}\n")
	_ = bw.Flush()
}

// writeField writes `  "name": value`.
func writeField(bw *bufio.Writer, f jsonField) {
	v, _ := json.Marshal(f.value) // counts and strings
	bw.WriteString(`  "` + f.name + `": `)
	bw.Write(v)
}

// pageArgs is a Go caller's cursor and limit as a start and a page size: a
// cursor that is not one of ours starts at the oldest entry, a limit out of
// range is clamped.
func pageArgs(cursor string, limit int) (from int64, n int) {
	from, _ = strconv.ParseInt(cursor, 10, 64)
	if limit <= 0 {
		limit = DefaultPageLimit
	}
	return max(from, 0), min(limit, MaxPageLimit)
}

// nextCursor is the next page's cursor, "" when there is none.
func nextCursor(next int64, more bool) string {
	if !more {
		return ""
	}
	return strconv.FormatInt(next, 10)
}

// streamedList answers {"<key>": [items...]} encoded entry by entry: for
// bounded lists (the deliveries ring, at most MaxFaults faults) whose copy
// is cheap next to their encoding, which is then never held whole.
func streamedList[T any](key string, items []T) pagedList[T] {
	return pagedList[T]{
		key: key,
		fetch: func(from int64, n int) ([]T, int64, bool) {
			from = min(from, int64(len(items)))
			end := min(from+int64(n), int64(len(items)))
			return items[from:end], end, end < int64(len(items))
		},
	}
}
