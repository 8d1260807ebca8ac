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
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
