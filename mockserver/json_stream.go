package mockserver

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// writeJSONStream writes v to w exactly as a json.Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) would (the control API's
// layout), without building the whole text first: it walks structs,
// pointers and slices of structs itself and encodes only their leaves
// (strings, numbers, maps, slices of scalars) with encoding/json. A world
// export then costs its largest leaf in buffers, not ~3× its size.
func writeJSONStream(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	s := &jsonStream{w: bw, fields: map[reflect.Type][]jsonStructField{}}
	s.enc = json.NewEncoder(&s.leafBuf)
	s.enc.SetEscapeHTML(false)
	if err := s.value(reflect.ValueOf(v), 0); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

type jsonStream struct {
	w       *bufio.Writer
	leafBuf bytes.Buffer
	enc     *json.Encoder
	// fields caches each walked struct type's fields; nil for a type
	// encoding/json must encode whole (see structFields).
	fields map[reflect.Type][]jsonStructField
}

type jsonStructField struct {
	index     int
	key       string // `"name": `
	omitEmpty bool
}

func (s *jsonStream) value(v reflect.Value, depth int) error {
	if !v.IsValid() {
		s.w.WriteString("null")
		return nil
	}
	if marshals(v.Type()) {
		return s.leaf(v, depth)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			s.w.WriteString("null")
			return nil
		}
		if v.Elem().Kind() == reflect.Struct {
			return s.value(v.Elem(), depth)
		}
	case reflect.Struct:
		if fields := s.structFields(v.Type()); fields != nil {
			return s.object(v, fields, depth)
		}
	case reflect.Slice:
		if k := v.Type().Elem().Kind(); k == reflect.Struct || k == reflect.Pointer {
			return s.array(v, depth)
		}
	}
	return s.leaf(v, depth)
}

func (s *jsonStream) object(v reflect.Value, fields []jsonStructField, depth int) error {
	n := 0
	for _, f := range fields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmptyJSON(fv) {
			continue
		}
		if n == 0 {
			s.w.WriteString("{")
		} else {
			s.w.WriteString(",")
		}
		s.newline(depth + 1)
		s.w.WriteString(f.key)
		if err := s.value(fv, depth+1); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		s.w.WriteString("{}")
		return nil
	}
	s.newline(depth)
	s.w.WriteString("}")
	return nil
}

func (s *jsonStream) array(v reflect.Value, depth int) error {
	switch {
	case v.IsNil():
		s.w.WriteString("null")
		return nil
	case v.Len() == 0:
		s.w.WriteString("[]")
		return nil
	}
	s.w.WriteString("[")
	for i := range v.Len() {
		if i > 0 {
			s.w.WriteString(",")
		}
		s.newline(depth + 1)
		if err := s.value(v.Index(i), depth+1); err != nil {
			return err
		}
	}
	s.newline(depth)
	s.w.WriteString("]")
	return nil
}

// leaf encodes v whole, indented as if it stood at depth.
func (s *jsonStream) leaf(v reflect.Value, depth int) error {
	s.leafBuf.Reset()
	s.enc.SetIndent(strings.Repeat("  ", depth), "  ")
	x := v.Interface()
	if v.CanAddr() { // as encoding/json does: pointer methods, and no copy
		x = v.Addr().Interface()
	}
	if err := s.enc.Encode(x); err != nil {
		return err
	}
	s.w.Write(bytes.TrimSuffix(s.leafBuf.Bytes(), []byte("\n")))
	return nil
}

func (s *jsonStream) newline(depth int) {
	s.w.WriteByte('\n')
	for range depth {
		s.w.WriteString("  ")
	}
}

// structFields lists the fields encoding/json writes for t, in order, or
// nil when t uses what this walker does not model (embedded fields, the
// string and omitzero options, odd or repeated names): such a struct is
// then encoded whole, still correctly.
func (s *jsonStream) structFields(t reflect.Type) []jsonStructField {
	if f, ok := s.fields[t]; ok {
		return f
	}
	fields := []jsonStructField{}
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			fields = nil
			break
		}
		tag := sf.Tag.Get("json")
		if !sf.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		if seen[name] || !plainJSONName(name) || (opts != "" && opts != "omitempty") {
			fields = nil
			break
		}
		seen[name] = true
		fields = append(fields, jsonStructField{index: i, key: `"` + name + `": `, omitEmpty: opts == "omitempty"})
	}
	s.fields[t] = fields
	return fields
}

// plainJSONName reports whether name needs no escaping as a JSON key.
func plainJSONName(name string) bool {
	for _, r := range name {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return name != ""
}

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// marshals reports whether t (or *t) encodes itself.
func marshals(t reflect.Type) bool {
	for _, m := range []reflect.Type{jsonMarshalerType, textMarshalerType} {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

// isEmptyJSON is encoding/json's test for omitempty.
func isEmptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
