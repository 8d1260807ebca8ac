package testkit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

// DecodeMap decodes a JSON object keeping numbers as json.Number, so a test
// can tell a JSON number from a JSON string.
func DecodeMap(t testing.TB, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

// DecodeStrict decodes body into a T, failing on unknown fields and on any
// type mismatch — the way a typed SDK would break.
func DecodeStrict[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding into %T: %v\n%s", v, err, body)
	}
	return v
}

// GetJSON GETs a WeCom API URL and returns its JSON object after checking the
// transport conventions every API answer shares: HTTP 200 and the content type.
func GetJSON(t testing.TB, rawURL string) map[string]any {
	t.Helper()
	r := Get(t, rawURL)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: want HTTP 200, got %s", rawURL, r)
	}
	if ct := r.Header.Get("Content-Type"); ct != JSONContentType {
		t.Fatalf("GET %s: Content-Type %q, want %q", rawURL, ct, JSONContentType)
	}
	return DecodeMap(t, r.Body)
}

// ErrCode returns the errcode of a decoded body, failing unless it is a
// JSON integer.
func ErrCode(t testing.TB, m map[string]any) int {
	t.Helper()
	n, ok := m["errcode"].(json.Number)
	if !ok {
		t.Fatalf("errcode is %T (%v), want a JSON number", m["errcode"], m["errcode"])
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		t.Fatalf("errcode %q is not an integer", n)
	}
	return i
}

// Str returns m[key] as a string, failing if it is not a JSON string.
func Str(t testing.TB, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("%q is %T (%v), want a JSON string", key, m[key], m[key])
	}
	return s
}

// Num returns m[key] as an int, failing if it is not a JSON integer.
func Num(t testing.TB, m map[string]any, key string) int {
	t.Helper()
	n, ok := m[key].(json.Number)
	if !ok {
		t.Fatalf("%q is %T (%v), want a JSON number", key, m[key], m[key])
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		t.Fatalf("%q = %s is not an integer", key, n)
	}
	return i
}
