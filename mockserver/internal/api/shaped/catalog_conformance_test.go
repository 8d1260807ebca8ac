package shaped_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Secrets of the default world by credential kind, for the access tokens.
var kindSecrets = map[catalog.Credential]string{
	catalog.App:             testkit.AppSecret,
	catalog.Contacts:        testkit.ContactsSecret,
	catalog.ExternalContact: "mock-externalcontact-secret",
	catalog.KF:              "mock-kf-secret",
	catalog.Checkin:         "mock-checkin-secret",
	catalog.Approval:        "mock-approval-secret",
	catalog.MsgAudit:        "mock-msgaudit-secret",
}

// credentials holds one live credential of every kind.
type credentials map[catalog.Credential]string

func newCredentials(t testing.TB, srv *mockserver.Server) credentials {
	t.Helper()
	c := credentials{catalog.Robot: "mock-webhook-key"}
	for kind, secret := range kindSecrets {
		c[kind] = testkit.Token(t, srv, testkit.Corp1, secret)
	}
	c[catalog.Suite] = testkit.SuiteToken(t, srv, "wwmocksuite000001", "mock-suite-secret")
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
		map[string]string{"corpid": "wwmockprovider0001", "provider_secret": "mock-provider-secret"})
	c[catalog.Provider] = testkit.Str(t, testkit.OK(t, r), "provider_access_token")
	return c
}

// conformanceCall is one call of an endpoint built from its catalog entry.
type conformanceCall struct {
	method string
	query  url.Values
	body   map[string]any
	upload bool
}

func (c conformanceCall) send(t *testing.T, srv *mockserver.Server, path string) *testkit.Resp {
	t.Helper()
	u := srv.URL() + path
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	if c.method == http.MethodGet {
		return testkit.Get(t, u)
	}
	if c.upload {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("media", "a.png")
		_, _ = fw.Write(testkit.MediaPNG) // a real PNG: media/uploadimg reads its content
		_ = mw.Close()
		return testkit.Do(t, http.MethodPost, u, &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
	}
	return testkit.SendJSON(t, http.MethodPost, u, c.body)
}

func (c conformanceCall) clone() conformanceCall {
	out := c
	out.query = url.Values{}
	for k, v := range c.query {
		out.query[k] = slices.Clone(v)
	}
	raw, _ := json.Marshal(c.body)
	out.body = nil // Unmarshal would otherwise fill the shared map
	_ = json.Unmarshal(raw, &out.body)
	return out
}

// validCall builds a call of e from the examples of its parameters, with
// the credential of its first allowed kind. A shaped endpoint gets every
// parameter that has an example; a stateful one only its required ones,
// as its model checks what optional ones name.
func validCall(e *catalog.Endpoint, creds credentials, stateful bool) conformanceCall {
	c := conformanceCall{method: e.Method, query: url.Values{}, body: map[string]any{}, upload: e.Upload}
	if p := e.TokenParam(); p != "" {
		c.query.Set(p, creds[e.Auth[0]])
	}
	for _, p := range e.Query {
		if p.Required || (p.Example != nil && !stateful) {
			c.query.Set(p.Name, fmt.Sprint(exampleOf(p)))
		}
	}
	for _, p := range e.Body {
		if !p.Required && (p.Example == nil || stateful) {
			continue
		}
		if parent := p.Parent(); parent != "" && !bodyParamRequiredOrSet(e, parent, c.body) {
			continue
		}
		setDotted(c.body, p.Name, exampleOf(p))
	}
	return c
}

func bodyParamRequiredOrSet(e *catalog.Endpoint, name string, body map[string]any) bool {
	if _, ok := lookupDotted(body, name); ok {
		return true
	}
	for _, p := range e.Body {
		if p.Name == name {
			return p.Required
		}
	}
	return false
}

func exampleOf(p catalog.Param) any {
	if p.Example != nil {
		return p.Example
	}
	switch p.Type {
	case catalog.Int:
		return 1
	case catalog.Float:
		return 1.5
	case catalog.Bool:
		return true
	case catalog.Object:
		return map[string]any{}
	case catalog.Array:
		switch p.Items {
		case catalog.Int:
			return []any{1}
		case catalog.Object:
			return []any{map[string]any{}}
		}
		return []any{"zhangsan"}
	}
	return "mock-value"
}

func setDotted(doc map[string]any, name string, v any) {
	head, rest, nested := strings.Cut(name, ".")
	if !nested {
		if _, exists := doc[head]; !exists || v != nil {
			doc[head] = v
		}
		return
	}
	child, ok := doc[head].(map[string]any)
	if !ok {
		child = map[string]any{}
		doc[head] = child
	}
	setDotted(child, rest, v)
}

func lookupDotted(doc map[string]any, name string) (any, bool) {
	head, rest, nested := strings.Cut(name, ".")
	v, ok := doc[head]
	if !ok || !nested {
		return v, ok
	}
	child, isObj := v.(map[string]any)
	if !isObj {
		return nil, false
	}
	return lookupDotted(child, rest)
}

func deleteDotted(doc map[string]any, name string) {
	head, rest, nested := strings.Cut(name, ".")
	if !nested {
		delete(doc, head)
		return
	}
	if child, ok := doc[head].(map[string]any); ok {
		deleteDotted(child, rest)
	}
}

// wrongKind is an access-token kind the endpoint does not allow, if any.
func wrongKind(e *catalog.Endpoint) (catalog.Credential, bool) {
	for _, k := range catalog.Credentials {
		if k.IsAccessToken() && !e.Allows(k) {
			return k, true
		}
	}
	return "", false
}

// credentialErrors are the answers to a missing, unknown and expired
// credential of each query parameter.
var credentialErrors = map[string][3]int{
	"access_token":          {int(errcode.AccessTokenMissing), int(errcode.InvalidAccessToken), int(errcode.AccessTokenExpired)},
	"provider_access_token": {int(errcode.AccessTokenMissing), int(errcode.InvalidAccessToken), int(errcode.AccessTokenExpired)},
	"suite_access_token":    {int(errcode.SuiteTokenMissing), int(errcode.InvalidSuiteToken), int(errcode.SuiteAccessTokenExpired)},
	"key":                   {int(errcode.InvalidWebhookURL), int(errcode.InvalidWebhookURL), 0},
}

func wantErrcode(t *testing.T, r *testkit.Resp, want int, what string) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Errorf("%s: HTTP %d, want 200 with errcode %d", what, r.Status, want)
		return
	}
	var body struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.ErrCode == nil {
		t.Errorf("%s: no integer errcode in %s", what, r.Body)
		return
	}
	if *body.ErrCode != want {
		t.Errorf("%s: errcode %d (%s), want %d", what, *body.ErrCode, body.ErrMsg, want)
	}
	if want != 0 && strings.HasPrefix(body.ErrMsg, "mock fault") {
		t.Errorf("%s: errcode %d has no WeCom errmsg phrase in client/errcode", what, want)
	}
}

// TestCatalogConformance drives every catalogued endpoint through the
// checks WeCom makes, in its order: the credential (missing, unknown,
// expired, of a kind that may not call the API), the method, each required
// parameter, and a valid call whose answer has every documented field at
// its documented type.
func TestCatalogConformance(t *testing.T) {
	srv := mockserver.NewTest(t)
	creds := newCredentials(t, srv)
	installThirdParty(t, srv, creds)
	eps := catalog.Default().Endpoints()
	stateful := map[string]bool{}
	for _, e := range srv.Catalog().Endpoints {
		stateful[e.Path] = e.Status == "stateful"
	}
	for _, e := range eps {
		t.Run(strings.TrimPrefix(e.Path, "/cgi-bin/"), func(t *testing.T) {
			call := validCall(e, creds, stateful[e.Path])
			skip := ""
			fix, ok := conformanceFixes[e.Path]
			if !ok {
				fix, ok = externalContactFixes[e.Path]
			}
			if ok {
				skip = fix(t, &conformanceEnv{srv: srv, creds: creds}, &call)
			}
			tokenParam := e.TokenParam()
			if errs, ok := credentialErrors[tokenParam]; ok {
				c := call.clone()
				c.query.Del(tokenParam)
				wantErrcode(t, c.send(t, srv, e.Path), errs[0], "no credential")
				c.query.Set(tokenParam, "bogus-credential")
				wantErrcode(t, c.send(t, srv, e.Path), errs[1], "unknown credential")
			}
			if tokenParam == "access_token" {
				if k, ok := wrongKind(e); ok {
					c := call.clone()
					c.query.Set("access_token", creds[k])
					wantErrcode(t, c.send(t, srv, e.Path), int(errcode.APIForbidden), "a "+string(k)+" token")
				}
			}
			if e.Method == http.MethodPost {
				c := call.clone()
				c.method = http.MethodGet
				wantErrcode(t, c.send(t, srv, e.Path), int(errcode.InvalidParameter), "GET on a POST API")
			}
			if skip != "" {
				t.Logf("no valid call: %s", skip)
				return
			}
			for _, p := range e.Query {
				if !p.Required {
					continue
				}
				c := call.clone()
				c.query.Del(p.Name)
				wantErrcode(t, c.send(t, srv, e.Path), missingCode(p), "without "+p.Name)
			}
			if !e.Upload {
				for _, p := range e.Body {
					if _, sent := lookupDotted(call.body, p.Name); !p.Required || !sent {
						continue
					}
					c := call.clone()
					deleteDotted(c.body, p.Name)
					wantErrcode(t, c.send(t, srv, e.Path), missingCode(p), "without "+p.Name)
				}
			}
			r := call.send(t, srv, e.Path)
			if e.File {
				if r.Status != http.StatusOK || len(r.Body) == 0 || strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Errorf("download: %s", r)
				}
				return
			}
			wantErrcode(t, r, 0, "valid call")
			var got, want map[string]any
			if err := json.Unmarshal(r.Body, &got); err != nil {
				t.Fatalf("answer is not JSON: %s", r.Body)
			}
			_ = json.Unmarshal(e.ResponseJSON, &want)
			for _, problem := range compareShape("", want, got, !stateful[e.Path]) {
				t.Errorf("answer: %s\n%s", problem, r.Body)
			}
		})
	}
	// Last, as it moves the clock for everyone: expired credentials.
	srv.Advance(testkit.TokenTTL)
	for _, e := range eps {
		errs, ok := credentialErrors[e.TokenParam()]
		if !ok || errs[2] == 0 {
			continue
		}
		c := validCall(e, creds, stateful[e.Path])
		wantErrcode(t, c.send(t, srv, e.Path), errs[2], e.Path+" with an expired credential")
	}
}

func missingCode(p catalog.Param) int {
	if p.Missing != 0 {
		return p.Missing
	}
	return int(errcode.InvalidParameter)
}

// compareShape lists the fields of want that got lacks (when all is set)
// or holds with another JSON type. Arrays compare their first elements.
func compareShape(at string, want, got any, all bool) []string {
	var problems []string
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want an object", at, got)}
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				if all {
					problems = append(problems, "missing field "+at+"."+k)
				}
				continue
			}
			problems = append(problems, compareShape(at+"."+k, wv, gv, all)...)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want an array", at, got)}
		}
		if len(w) > 0 && len(g) > 0 {
			problems = append(problems, compareShape(at+"[0]", w[0], g[0], all)...)
		}
	case float64:
		if _, ok := got.(float64); !ok {
			problems = append(problems, fmt.Sprintf("%s is %T, want a number", at, got))
		}
	case string:
		if _, ok := got.(string); !ok {
			problems = append(problems, fmt.Sprintf("%s is %T, want a string", at, got))
		}
	case bool:
		if _, ok := got.(bool); !ok {
			problems = append(problems, fmt.Sprintf("%s is %T, want a bool", at, got))
		}
	}
	return problems
}
