package shaped

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Problem is why a request does not satisfy its endpoint's description.
type Problem struct {
	Code errcode.Code
	// Detail names the parameter and what is wrong with it, for the
	// journal and the mock's logs; WeCom's errmsg carries only the phrase.
	Detail string
	// WrongJSON is set when the body is not a JSON object at all.
	WrongJSON bool
}

func (p *Problem) Error() string { return fmt.Sprintf("errcode %d: %s", int(p.Code), p.Detail) }

// Query reads a query parameter: its first value and whether it is present.
type Query func(name string) (string, bool)

// Check validates the query and the JSON body of a call of e. A nil body
// stands for an empty one. The parameters are checked in their documented
// order, query first, and the first problem is returned.
func Check(e *catalog.Endpoint, query Query, body []byte) *Problem {
	for _, p := range e.Query {
		if pr := checkQuery(p, query); pr != nil {
			return pr
		}
	}
	if e.Method != "POST" || e.Upload {
		return nil
	}
	doc, pr := decodeBody(body)
	if pr != nil {
		return pr
	}
	for _, p := range e.Body {
		if pr := checkBody(p, doc); pr != nil {
			return pr
		}
	}
	return nil
}

func checkQuery(p catalog.Param, query Query) *Problem {
	v, ok := query(p.Name)
	if !ok || v == "" {
		if p.Required {
			return missing(p)
		}
		return nil
	}
	switch p.Type {
	case catalog.Int:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return invalid(p, "is not an integer")
		}
	case catalog.Float:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return invalid(p, "is not a number")
		}
	case catalog.String:
		if p.Max > 0 && utf8.RuneCountInString(v) > p.Max {
			return tooLong(p, fmt.Sprintf("is longer than %d characters", p.Max))
		}
	}
	return nil
}

// decodeBody reads a JSON object. An empty body is an empty object: the
// required-parameter checks then name what is missing.
func decodeBody(body []byte) (map[string]any, *Problem) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil || doc == nil {
		return nil, &Problem{Code: errcode.InvalidParameter, Detail: "the body is not a JSON object", WrongJSON: true}
	}
	return doc, nil
}

func checkBody(p catalog.Param, doc map[string]any) *Problem {
	v, present, parentPresent := lookup(doc, p.Name)
	if !parentPresent {
		return nil // a field of an optional object that was not sent
	}
	if !present || isEmpty(v) {
		if p.Required {
			return missing(p)
		}
		if !present || v == nil {
			return nil
		}
	}
	if !p.Type.Accepts(v) {
		return invalid(p, fmt.Sprintf("must be a %s", p.Type))
	}
	if p.Max > 0 {
		switch v := v.(type) {
		case string:
			if utf8.RuneCountInString(v) > p.Max {
				return tooLong(p, fmt.Sprintf("is longer than %d characters", p.Max))
			}
		case []any:
			if len(v) > p.Max {
				return tooLong(p, fmt.Sprintf("has more than %d items", p.Max))
			}
		}
	}
	if p.Items != "" {
		if list, ok := v.([]any); ok {
			for i, item := range list {
				if !p.Items.Accepts(item) {
					return invalid(p, fmt.Sprintf("item %d must be a %s", i, p.Items))
				}
			}
		}
	}
	return nil
}

// lookup finds a dotted name in doc. parentPresent is false when an object
// on the way is absent, so the field's own rules do not apply.
func lookup(doc map[string]any, name string) (v any, present, parentPresent bool) {
	cur := doc
	for {
		head, rest, nested := strings.Cut(name, ".")
		if !nested {
			v, present = cur[head]
			return v, present, true
		}
		next, ok := cur[head].(map[string]any)
		if !ok {
			return nil, false, false
		}
		cur, name = next, rest
	}
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	}
	return false
}

func missing(p catalog.Param) *Problem {
	code := errcode.InvalidParameter
	if p.Missing != 0 {
		code = errcode.Code(p.Missing)
	}
	return &Problem{Code: code, Detail: p.Name + " is required"}
}

// tooLong is a value past its Max: the parameter's own errcode when the
// catalog names one (45002 for a message's text, 41064 for attachments).
func tooLong(p catalog.Param, why string) *Problem {
	if p.TooLong != 0 {
		return &Problem{Code: errcode.Code(p.TooLong), Detail: p.Name + " " + why}
	}
	return invalid(p, why)
}

func invalid(p catalog.Param, why string) *Problem {
	return &Problem{Code: errcode.InvalidParameter, Detail: p.Name + " " + why}
}
