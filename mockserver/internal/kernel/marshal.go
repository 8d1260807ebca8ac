package kernel

import (
	"bytes"
	"encoding/json"
)

// Marshal encodes v as WeCom writes JSON: "&", "<" and ">" literal, not
// escaped as \u0026, \u003c and \u003e the way encoding/json does by
// default (a URL's query or a markdown message must come back as sent).
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := MarshalTo(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalTo appends v's JSON, encoded as Marshal does, to buf: the hot
// path writes into a pooled buffer rather than allocating a result.
func MarshalTo(buf *bytes.Buffer, v any) error {
	start := buf.Len()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Truncate(start)
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}
