package kernel

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// IDListField is a JSON string or number, read as a string: SDKs send
// toparty/totag ids either way.
type IDListField string

func (f *IDListField) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = IDListField(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = IDListField(n)
	return nil
}

// IntField is a JSON number or a string holding one: one Go SDK sends agentid
// as a string. Anything else leaves ok false.
type IntField struct {
	Set bool  // present and not null
	OK  bool  // a number
	N   int64 // the number
}

func (f *IntField) UnmarshalJSON(b []byte) error {
	f.Set = string(b) != "null"
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	f.OK, f.N = err == nil, n
	return nil
}

// Int returns the value, or def when it is absent or not a number.
func (f IntField) Int(def int64) int64 {
	if !f.OK {
		return def
	}
	return f.N
}

// RawJSONEmpty reports whether raw is absent or null.
func RawJSONEmpty(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}
