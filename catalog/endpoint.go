package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Endpoint describes one WeCom server API.
type Endpoint struct {
	// Path is the exact request path, e.g. /cgi-bin/tag/list.
	Path string `yaml:"path" json:"path"`
	// Method is GET or POST, as documented. GET APIs also answer POST;
	// a POST API called with GET misses its body (40058).
	Method string `yaml:"method" json:"method"`
	// Name is the API's title in the official docs.
	Name string `yaml:"name" json:"name"`
	// Doc is the official document id: developer.work.weixin.qq.com/document/path/<Doc>.
	Doc int `yaml:"doc" json:"doc,omitempty"`
	// Auth lists the credentials that may call the endpoint.
	Auth []Credential `yaml:"auth,flow" json:"auth"`
	// Query and Body are the request parameters, in the URL query and in
	// the JSON body. The credential itself (access_token, key, …) is not
	// listed; Auth implies it.
	Query []Param `yaml:"query,omitempty" json:"query,omitempty"`
	Body  []Param `yaml:"body,omitempty" json:"body,omitempty"`
	// Upload is set for multipart/form-data uploads (a "media" file part).
	Upload bool `yaml:"upload,omitempty" json:"upload,omitempty"`
	// File is set for downloads: a success answer is the file itself.
	File bool `yaml:"file,omitempty" json:"file,omitempty"`
	// ReadOnly marks an API that changes nothing in the corp: reading it
	// is safe against a real corp (wecom-mock contract calls no other).
	ReadOnly bool `yaml:"read_only,omitempty" json:"read_only,omitempty"`
	// Response is an example success answer without errcode and errmsg.
	// Its values are realistic and their YAML types are the documented JSON
	// types: every SDK decodes an answer of this shape.
	Response yaml.Node `yaml:"response,omitempty" json:"-"`
	// Errors are errcodes specific to this endpoint, beyond the global ones.
	Errors []int `yaml:"errors,flow,omitempty" json:"errors,omitempty"`
	// SDKs names the popular SDKs known to call the endpoint.
	SDKs []string `yaml:"sdks,flow,omitempty" json:"sdks,omitempty"`

	// Family is the name of the family the endpoint belongs to.
	Family string `yaml:"-" json:"-"`
	// ResponseJSON is Response encoded as a JSON object, fields in their
	// documented order.
	ResponseJSON json.RawMessage `yaml:"-" json:"response"`

	tokenParam string // computed once by prepare: every call asks
}

// DocURL is the link to the endpoint's official document.
func (e *Endpoint) DocURL() string {
	if e.Doc == 0 {
		return ""
	}
	return fmt.Sprintf("https://developer.work.weixin.qq.com/document/path/%d", e.Doc)
}

// Allows reports whether credential c may call the endpoint.
func (e *Endpoint) Allows(c Credential) bool { return slices.Contains(e.Auth, c) }

// TokenParam is the query parameter that carries the endpoint's credential:
// access_token, suite_access_token, provider_access_token, key, or "" for
// endpoints that take none.
func (e *Endpoint) TokenParam() string { return e.tokenParam }

// Param is one request parameter.
type Param struct {
	// Name is the field name; a dotted name (text.content) is a field of an
	// object parameter, checked only when its parent is present.
	Name string `yaml:"name" json:"name"`
	// Type is the JSON type: string, int, float, bool, object, array.
	// Query parameters are strings on the wire; their Type says what the
	// string must hold.
	Type ParamType `yaml:"type" json:"type"`
	// Items is the type of an array's elements.
	Items ParamType `yaml:"items,omitempty" json:"items,omitempty"`
	// Required parameters must be present and non-empty.
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
	// Max bounds a string's length in characters or an array's items.
	Max int `yaml:"max,omitempty" json:"max,omitempty"`
	// Missing is the errcode when a required parameter is absent (default
	// 40058, invalid Request Parameter).
	Missing int `yaml:"missing,omitempty" json:"missing,omitempty"`
	// TooLong is the errcode when Max is exceeded (default 40058).
	TooLong int `yaml:"too_long,omitempty" json:"too_long,omitempty"`
	// Example is a value the default world accepts.
	Example any `yaml:"example,omitempty" json:"example,omitempty"`
	// Desc says what the parameter is, in a few words.
	Desc string `yaml:"desc,omitempty" json:"desc,omitempty"`
}

// ParamType is the JSON type of a parameter.
type ParamType string

// The parameter types.
const (
	String ParamType = "string"
	Int    ParamType = "int"
	Float  ParamType = "float"
	Bool   ParamType = "bool"
	Object ParamType = "object"
	Array  ParamType = "array"
)

func (t ParamType) valid() bool {
	switch t {
	case String, Int, Float, Bool, Object, Array:
		return true
	}
	return false
}

// Parent is the name of the object a dotted parameter belongs to, or "".
func (p Param) Parent() string {
	if i := strings.LastIndexByte(p.Name, '.'); i >= 0 {
		return p.Name[:i]
	}
	return ""
}

// prepare checks the endpoint's description and encodes its response.
func (e *Endpoint) prepare() error {
	if !strings.HasPrefix(e.Path, "/cgi-bin/") {
		return fmt.Errorf("path must start with /cgi-bin/")
	}
	if e.Method != "GET" && e.Method != "POST" {
		return fmt.Errorf("method %q is neither GET nor POST", e.Method)
	}
	if len(e.Auth) == 0 {
		return fmt.Errorf("auth is empty (use [none] for endpoints without a credential)")
	}
	for _, c := range e.Auth {
		if !c.valid() {
			return fmt.Errorf("unknown credential %q", c)
		}
		if p := c.QueryParam(); p != "" && e.tokenParam == "" {
			e.tokenParam = p
		} else if p != e.tokenParam {
			return fmt.Errorf("credentials %v are passed in different query parameters", e.Auth)
		}
	}
	if e.Name == "" {
		return fmt.Errorf("name is empty")
	}
	for _, list := range [][]Param{e.Query, e.Body} {
		for _, p := range list {
			if err := p.check(); err != nil {
				return fmt.Errorf("parameter %s: %w", p.Name, err)
			}
		}
	}
	if len(e.Body) > 0 && e.Method == "GET" {
		return fmt.Errorf("a GET endpoint has no body")
	}
	raw, err := responseJSON(&e.Response)
	if err != nil {
		return fmt.Errorf("response: %w", err)
	}
	e.ResponseJSON = raw
	return nil
}

// derive recomputes what prepare derives from the fields, for an endpoint
// read back from the snapshot.
func (e *Endpoint) derive() {
	for _, c := range e.Auth {
		if p := c.QueryParam(); p != "" {
			e.tokenParam = p
			return
		}
	}
}

func (p Param) check() error {
	if p.Name == "" {
		return fmt.Errorf("no name")
	}
	if !p.Type.valid() {
		return fmt.Errorf("unknown type %q", p.Type)
	}
	if p.Items != "" && (p.Type != Array || !p.Items.valid()) {
		return fmt.Errorf("items %q on a %s", p.Items, p.Type)
	}
	if p.Example != nil && !p.Type.Accepts(p.Example) {
		return fmt.Errorf("example %v is not a %s", p.Example, p.Type)
	}
	return nil
}

// Accepts reports whether a decoded JSON (or YAML) value v has type t.
func (t ParamType) Accepts(v any) bool {
	switch v := v.(type) {
	case string:
		return t == String
	case bool:
		return t == Bool
	case int, int64, uint64:
		return t == Int || t == Float
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return t == Int || t == Float
		}
		_, err := v.Float64()
		return err == nil && t == Float
	case float64:
		return t == Float || (t == Int && v == float64(int64(v)))
	case []any:
		return t == Array
	case map[string]any:
		return t == Object
	}
	return false
}
