package msgbody

import (
	"fmt"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// invalid is the 40058 of a rule whose real answer was not observed: the
// phrase names the field and the rule, in the style of the observed
// "markdown.content exceed max length 4096. Invalid input invalid Request
// Parameter" (listed in docs/differences.md).
func invalid(path, format string, args ...any) error {
	return &kernel.APIError{Code: errcode.InvalidParameter,
		Text: path + " " + fmt.Sprintf(format, args...) + ". Invalid input invalid Request Parameter"}
}

// missing is the 40058 of a required field without its own errcode.
func missing(path string) error { return invalid(path, "missing") }

// Answers with their own errcode in WeCom's global table.
var (
	errEmpty              = kernel.Err(errcode.EmptyContent)
	errContentTooLong     = kernel.Err(errcode.ContentTooLong)
	errTooManyArticles    = kernel.Err(errcode.TooManyArticles)
	errTitleMissing       = kernel.Err(errcode.TitleMissing)
	errDescriptionMissing = kernel.Err(errcode.DescriptionMissing)
	errURLMissing         = kernel.Err(errcode.URLMissing)
	errAuthorTooLong      = kernel.Err(errcode.AuthorTooLong)
	errInvalidTaskID      = kernel.Err(errcode.InvalidTaskID)
	errInvalidMediaID     = kernel.Err(errcode.InvalidMediaID)
)

// field is one string of a message with its rules, checked in this order:
// present (when ifMissing is set), at most maxBytes UTF-8 bytes, between
// minChars and maxChars characters. Limits of 0 are not checked.
type field struct {
	path      string // as the errmsg names it, e.g. "textcard.url"
	value     string
	ifMissing error // the answer to an empty value; nil when optional
	tooLong   error // the answer to a value over maxBytes; nil: invalid(...)
	maxBytes  int
	minChars  int
	maxChars  int
}

func (f field) check() error {
	if f.value == "" {
		return f.ifMissing
	}
	if f.maxBytes > 0 && len(f.value) > f.maxBytes {
		if f.tooLong != nil {
			return f.tooLong
		}
		return invalid(f.path, "exceed max length %d", f.maxBytes)
	}
	n := utf8.RuneCountInString(f.value)
	if f.maxChars > 0 && n > f.maxChars || n < f.minChars {
		return invalid(f.path, "length must be between %d and %d characters", f.minChars, f.maxChars)
	}
	return nil
}

// checkFields returns the first field's error.
func checkFields(fields ...field) error {
	for _, f := range fields {
		if err := f.check(); err != nil {
			return err
		}
	}
	return nil
}

// checkCount checks a list's length against [lo, hi].
func checkCount(path string, n, lo, hi int) error {
	if n < lo || n > hi {
		return invalid(path, "size %d out of range [%d, %d]", n, lo, hi)
	}
	return nil
}

// unique tracks keys that must not repeat within a list.
type unique map[string]bool

// add records key, failing when it was seen before.
func (u unique) add(path, key string) error {
	if u[key] {
		return invalid(path, "duplicated: %s", key)
	}
	u[key] = true
	return nil
}

// at is the path of a list element, e.g. "news.articles[2]".
func at(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
