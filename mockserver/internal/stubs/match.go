package stubs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// What a stub's match means — query values equal, the JSON body a subset —
// is also what the request journal's filters, counts and verifications
// mean (mockserver/journal_filter.go), so both use these functions.

// ParseBody decodes a body pattern: a JSON object, or nil for an empty
// one.
func ParseBody(raw json.RawMessage) (map[string]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil || body == nil {
		return nil, errors.New("body must be a JSON object")
	}
	return body, nil
}

// QueryMatches reports whether get answers every name of want with its
// value.
func QueryMatches(want map[string]string, get func(string) string) bool {
	for k, v := range want {
		if get(k) != v {
			return false
		}
	}
	return true
}

// Contains reports whether got holds every field of want with an equal
// value; nested objects are compared the same way, anything else whole.
func Contains(got, want map[string]any) bool {
	return subset(got, want, "", nil)
}

// Differences names the fields of want that got lacks or holds with
// another value, nested ones by their path ("text.content"), sorted:
// what a near miss tells its reader. It is empty when Contains is true.
func Differences(got, want map[string]any) []string {
	var out []string
	subset(got, want, "", func(d string) { out = append(out, d) })
	slices.Sort(out)
	return out
}

// QueryDifferences names the query parameters of want that get answers
// with another value, like Differences.
func QueryDifferences(want map[string]string, get func(string) string) []string {
	var out []string
	for k, v := range want {
		if g := get(k); g != v {
			out = append(out, fmt.Sprintf("query %s: want %q, got %q", k, v, g))
		}
	}
	slices.Sort(out)
	return out
}

// subset is Contains, telling report (when not nil) of every difference
// instead of stopping at the first.
func subset(got, want map[string]any, prefix string, report func(string)) bool {
	ok := true
	for k, wv := range want {
		name := prefix + k
		gv, present := got[k]
		wm, wIsObj := wv.(map[string]any)
		gm, gIsObj := gv.(map[string]any)
		switch {
		case !present:
			ok = false
			if report != nil {
				report(fmt.Sprintf("body %s: want %s, missing", name, compact(wv)))
			}
		case wIsObj && gIsObj:
			if !subset(gm, wm, name+".", report) {
				ok = false
			}
		case !reflect.DeepEqual(gv, wv):
			ok = false
			if report != nil {
				report(fmt.Sprintf("body %s: want %s, got %s", name, compact(wv), compact(gv)))
			}
		}
		if !ok && report == nil {
			return false
		}
	}
	return ok
}

// compact is a JSON value as a short text for a difference.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ToValidUTF8(s, "")
}
