package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// shape is what an answer looks like without its values: the JSON types
// seen at one place, an object's keys, an array's elements merged into
// one shape, and the arrays' lengths.
type shape struct {
	types map[string]bool
	keys  map[string]*shape
	elem  *shape
	lens  []int
}

func newShape() *shape { return &shape{types: map[string]bool{}} }

// shapeOf decodes an answer into its shape.
func shapeOf(data []byte) (*shape, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	s := newShape()
	s.add(v)
	return s, nil
}

// add merges v into s.
func (s *shape) add(v any) {
	switch v := v.(type) {
	case map[string]any:
		s.types["object"] = true
		if s.keys == nil {
			s.keys = map[string]*shape{}
		}
		for k, child := range v {
			if s.keys[k] == nil {
				s.keys[k] = newShape()
			}
			s.keys[k].add(child)
		}
	case []any:
		s.types["array"] = true
		s.lens = append(s.lens, len(v))
		if s.elem == nil {
			s.elem = newShape()
		}
		for _, e := range v {
			s.elem.add(e)
		}
	case string:
		s.types["string"] = true
	case json.Number:
		s.types["number"] = true
	case bool:
		s.types["bool"] = true
	case nil:
		s.types["null"] = true
	}
}

// diff lists where real and mock differ: types, keys, element shapes, and
// with lengths the arrays' lengths.
func diff(path string, real, mock *shape, lengths bool) []string {
	var out []string
	if rt, mt := typeList(real), typeList(mock); rt != mt {
		out = append(out, fmt.Sprintf("%s: type %s (real) vs %s (mock)", path, rt, mt))
		return out
	}
	for _, k := range slices.Sorted(maps.Keys(real.keys)) {
		if mock.keys[k] == nil {
			out = append(out, fmt.Sprintf("%s: key only in real", join(path, k)))
			continue
		}
		out = append(out, diff(join(path, k), real.keys[k], mock.keys[k], lengths)...)
	}
	for _, k := range slices.Sorted(maps.Keys(mock.keys)) {
		if real.keys[k] == nil {
			out = append(out, fmt.Sprintf("%s: key only in mock", join(path, k)))
		}
	}
	if lengths && real.types["array"] {
		rl, ml := slices.Sorted(slices.Values(real.lens)), slices.Sorted(slices.Values(mock.lens))
		if !slices.Equal(rl, ml) {
			out = append(out, fmt.Sprintf("%s: lengths %s (real) vs %s (mock)", path, lenList(rl), lenList(ml)))
		}
	}
	switch {
	case real.elem == nil || mock.elem == nil:
	case len(real.elem.types) == 0 || len(mock.elem.types) == 0:
		// an empty list on one side says nothing of its elements
	default:
		out = append(out, diff(path+"[]", real.elem, mock.elem, lengths)...)
	}
	return out
}

func typeList(s *shape) string {
	return strings.Join(slices.Sorted(maps.Keys(s.types)), "|")
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lenList prints lengths briefly: the first few and the count.
func lenList(l []int) string {
	const shown = 8
	if len(l) <= shown {
		return fmt.Sprint(l)
	}
	return fmt.Sprintf("%v… (%d lists)", l[:shown], len(l))
}
