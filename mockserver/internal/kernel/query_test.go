package kernel

import (
	"net/url"
	"testing"
)

// Query must read parameters exactly as url.Values would.
func TestRawQueryMatchesURLValues(t *testing.T) {
	queries := []string{
		"", "a=1", "a=1&a=2", "a=&b=2", "a", "a&b=1", "&&a=1&&", "a=%zz&a=ok", "a%zz=1&a=2",
		"a=x;y&a=2", "a=1;b=2", "a+b=c+d", "a%20b=c%2Bd", "userid=%E5%BC%A0%E4%B8%89", "=1&a=3",
		"access_token=abc&userid=zhangsan", "a=%ff%fe", "A=1&a=2",
	}
	keys := []string{"a", "b", "a b", "userid", "access_token", "", "A"}
	for _, raw := range queries {
		want, _ := url.ParseQuery(raw) // on error ParseQuery still returns the good pairs
		q := Query(raw)
		for _, k := range keys {
			if got := q.Get(k); got != want.Get(k) {
				t.Errorf("%q Get(%q) = %q, url.Values says %q", raw, k, got, want.Get(k))
			}
			if got := q.Has(k); got != want.Has(k) {
				t.Errorf("%q Has(%q) = %v, url.Values says %v", raw, k, got, want.Has(k))
			}
		}
	}
}

func FuzzRawQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "a=%zz;&a=+", "x=%E5%BC%A0&x=2"} {
		f.Add(s, "a")
	}
	f.Fuzz(func(t *testing.T, raw, key string) {
		want, _ := url.ParseQuery(raw)
		if got := Query(raw).Get(key); got != want.Get(key) {
			t.Errorf("%q Get(%q) = %q, url.Values says %q", raw, key, got, want.Get(key))
		}
	})
}
