package kernel

import (
	"net/url"
	"strings"
)

// Query reads parameters straight from a request's raw query string.
// Handlers need two or three parameters each, and url.ParseQuery would build
// a map of slices on every call (a fifth of gettoken's cost, measured); Get
// and Has scan instead, with url.Values' semantics: the first value wins,
// "+" is a space, and pairs with a ";" or a bad escape are skipped.
type Query string

// Get returns the first value of key, or "".
func (q Query) Get(key string) string {
	v, _ := q.Lookup(key)
	return v
}

// Has reports whether key is present, even with an empty value.
func (q Query) Has(key string) bool {
	_, ok := q.Lookup(key)
	return ok
}

func (q Query) Lookup(key string) (string, bool) {
	rest := string(q)
	for rest != "" {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		name, ok := unescapeQuery(name)
		if !ok || name != key {
			continue
		}
		if value, ok = unescapeQuery(value); ok {
			return value, true
		}
	}
	return "", false
}

func unescapeQuery(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	u, err := url.QueryUnescape(s)
	return u, err == nil
}
