package testkit

import "testing"

// Obj returns m[key] as a JSON object, failing (not panicking) if it is not
// one.
func Obj(t testing.TB, m map[string]any, key string) map[string]any {
	t.Helper()
	o, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("%q is %T (%v), want a JSON object", key, m[key], m[key])
	}
	return o
}

// List returns m[key] as a JSON array, failing if it is not one.
func List(t testing.TB, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%q is %T (%v), want a JSON array", key, m[key], m[key])
	}
	return l
}

// Item returns list[i] as a JSON object, failing if there is no such
// element or it is not an object.
func Item(t testing.TB, list []any, i int) map[string]any {
	t.Helper()
	if i >= len(list) {
		t.Fatalf("element %d of a %d-element array", i, len(list))
	}
	o, ok := list[i].(map[string]any)
	if !ok {
		t.Fatalf("element %d is %T (%v), want a JSON object", i, list[i], list[i])
	}
	return o
}

// As returns v as a T, failing (not panicking) if it is not one: the
// checked form of v.(T) for values decoded from JSON or kept as any.
func As[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("value is %T (%v), want %T", v, v, x)
	}
	return x
}
