package mockserver

import (
	"net/http"
	"net/url"
	"strings"
)

// secretParams are query parameters and body fields never shown in full;
// tokenParams keep a short prefix so entries can still be told apart.
// Names are matched in any letter case, however a client spells them
// (CorpSecret).
var secretParams = map[string]bool{
	"corpsecret": true, "suite_secret": true, "provider_secret": true, "secret": true,
	"permanent_code": true,
}
var tokenParams = map[string]bool{
	"access_token": true, "suite_access_token": true, "provider_access_token": true,
}

// maskParam is the shown form of a parameter's value.
func maskParam(name, value string) string {
	name = strings.ToLower(name)
	switch {
	case secretParams[name] && value != "":
		return "***"
	case tokenParams[name] && len(value) > 8:
		return value[:8] + "***"
	}
	return value
}

func maskQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, value, _ := strings.Cut(p, "=")
		key, err := url.QueryUnescape(name)
		if err != nil {
			key = name
		}
		if m := maskParam(key, value); m != value {
			parts[i] = name + "=" + m
		}
	}
	return strings.Join(parts, "&")
}

// maskJSON masks the string values of secret and token fields at any depth
// of a JSON text, which may be cut short: it scans the text rather than
// decoding it, so a clipped body is masked too and keeps its layout.
func maskJSON(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if s[i] != '"' {
			i++
			continue
		}
		end := jsonStringEnd(s, i)
		colon := skipSpace(s, end)
		if end > len(s) || colon >= len(s) || s[colon] != ':' {
			i = end
			continue
		}
		v := skipSpace(s, colon+1)
		if v >= len(s) || s[v] != '"' {
			i = v
			continue
		}
		vend := jsonStringEnd(s, v)
		value := s[v+1:] // cut inside the value
		if vend <= len(s) {
			value = s[v+1 : vend-1]
		}
		name := s[i+1 : end-1]
		if m := maskParam(name, value); m != value {
			b.WriteString(s[last : v+1])
			b.WriteString(m)
			if vend <= len(s) {
				b.WriteByte('"')
			}
			last = min(vend, len(s))
		}
		i = min(vend, len(s))
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// jsonStringEnd is the index just past the string starting at the quote
// s[i], or len(s)+1 when the text ends inside it.
func jsonStringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s) + 1
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// maskHeader is the shown form of a header's value: credentials keep only
// their scheme ("Bearer ***"), cookies nothing.
func maskHeader(name, value string) string {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Proxy-Authorization":
		if scheme, _, ok := strings.Cut(value, " "); ok {
			return scheme + " ***"
		}
		return "***"
	case "Cookie", "Set-Cookie":
		return "***"
	}
	return value
}
