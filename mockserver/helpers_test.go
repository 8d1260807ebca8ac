package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Credentials of the default world (fixtures/default.yaml).
const (
	corp1            = "wwmockcorp000001"
	corp2            = "wwmockcorp000002"
	appSecret        = "mock-app-secret"
	contactsSecret   = "mock-contacts-secret"
	appSecret2       = "mock-app-secret-2"
	contactsSecret2  = "mock-contacts-secret-2"
	agentID          = 1000002
	jsonContentType  = "application/json; charset=UTF-8"
	tokenTTLSeconds  = 7200
	codeTTL          = 5 * time.Minute
	tokenTTL         = 7200 * time.Second
	defaultUserAgent = "wecom-mock-tests"
)

// httpClient never follows redirects, so a test sees exactly what the server
// answered.
var httpClient = &http.Client{
	Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// resp is a fully read HTTP response.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r *resp) String() string {
	return fmt.Sprintf("HTTP %d %s", r.Status, r.Body)
}

// do sends a request and reads the whole answer.
func do(t testing.TB, method, rawURL string, body io.Reader, header http.Header) *resp {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatalf("building %s %s: %v", method, rawURL, err)
	}
	req.Header.Set("User-Agent", defaultUserAgent)
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading %s %s: %v", method, rawURL, err)
	}
	return &resp{Status: res.StatusCode, Header: res.Header, Body: b}
}

func get(t testing.TB, rawURL string) *resp {
	t.Helper()
	return do(t, http.MethodGet, rawURL, nil, nil)
}

// sendJSON sends body (a string or a value to marshal) with a JSON content type.
func sendJSON(t testing.TB, method, rawURL string, body any) *resp {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	return do(t, method, rawURL, r, http.Header{"Content-Type": {"application/json"}})
}

// decodeMap decodes a JSON object keeping numbers as json.Number, so a test
// can tell a JSON number from a JSON string.
func decodeMap(t testing.TB, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

// decodeStrict decodes body into a T, failing on unknown fields and on any
// type mismatch — the way a typed SDK would break.
func decodeStrict[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding into %T: %v\n%s", v, err, body)
	}
	return v
}

// getJSON GETs a WeCom API URL and returns its JSON object after checking the
// transport conventions every API answer shares: HTTP 200 and the content type.
func getJSON(t testing.TB, rawURL string) map[string]any {
	t.Helper()
	r := get(t, rawURL)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: want HTTP 200, got %s", rawURL, r)
	}
	if ct := r.Header.Get("Content-Type"); ct != jsonContentType {
		t.Fatalf("GET %s: Content-Type %q, want %q", rawURL, ct, jsonContentType)
	}
	return decodeMap(t, r.Body)
}

// errCodeOf returns the errcode of a decoded body, failing unless it is a
// JSON integer.
func errCodeOf(t testing.TB, m map[string]any) int {
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

// apiURL builds srv's URL for path with the query given as key, value pairs.
func apiURL(srv *mockserver.Server, path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	u := srv.URL() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

var hintedErrmsg = `, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https://open\.work\.weixin\.qq\.com/devtool/query\?e=`

// errmsgPattern is the full errmsg real WeCom sends for code.
func errmsgPattern(code errcode.Code) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(code.Text()) + hintedErrmsg + strconv.Itoa(int(code)) + "$")
}

// assertWeComError checks that r is the exact WeCom error answer for code:
// HTTP 200, the JSON content type, errcode a number, errmsg the code's phrase
// with the hint suffix, and the Error-Code / Error-Msg headers. It returns the
// decoded body for further checks.
func assertWeComError(t testing.TB, r *resp, code errcode.Code) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200 for errcode %d, got %s", code, r)
	}
	if ct := r.Header.Get("Content-Type"); ct != jsonContentType {
		t.Errorf("Content-Type %q, want %q", ct, jsonContentType)
	}
	m := decodeMap(t, r.Body)
	if got := errCodeOf(t, m); got != int(code) {
		t.Fatalf("errcode %d, want %d; body %s", got, code, r.Body)
	}
	msg, ok := m["errmsg"].(string)
	if !ok {
		t.Fatalf("errmsg is %T, want string", m["errmsg"])
	}
	if !strings.HasPrefix(msg, code.Text()) {
		t.Errorf("errmsg %q does not start with %q", msg, code.Text())
	}
	if re := errmsgPattern(code); !re.MatchString(msg) {
		t.Errorf("errmsg %q does not match %s", msg, re)
	}
	if h := r.Header.Get("Error-Code"); h != strconv.Itoa(int(code)) {
		t.Errorf("Error-Code header %q, want %d", h, code)
	}
	if h := r.Header.Get("Error-Msg"); h != msg {
		t.Errorf("Error-Msg header %q, want the errmsg %q", h, msg)
	}
	return m
}

// wecomError GETs rawURL and asserts it answers code (see assertWeComError).
func wecomError(t testing.TB, rawURL string, code errcode.Code) map[string]any {
	t.Helper()
	return assertWeComError(t, get(t, rawURL), code)
}

// assertOK checks a success answer: HTTP 200, JSON, the body starting with
// {"errcode":0,"errmsg":"ok", and no error headers. It returns the decoded body.
func assertOK(t testing.TB, r *resp) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200, got %s", r)
	}
	if ct := r.Header.Get("Content-Type"); ct != jsonContentType {
		t.Errorf("Content-Type %q, want %q", ct, jsonContentType)
	}
	if !bytes.HasPrefix(r.Body, []byte(`{"errcode":0,"errmsg":"ok"`)) {
		t.Fatalf(`success body does not start with {"errcode":0,"errmsg":"ok": %s`, r.Body)
	}
	if h := r.Header.Get("Error-Code"); h != "" {
		t.Errorf("success carries Error-Code header %q", h)
	}
	return decodeMap(t, r.Body)
}

// okJSON GETs rawURL and asserts a success answer.
func okJSON(t testing.TB, rawURL string) map[string]any {
	t.Helper()
	return assertOK(t, get(t, rawURL))
}

type tokenBody struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// getToken calls gettoken and returns the typed success body.
func getToken(t testing.TB, srv *mockserver.Server, corpID, secret string) tokenBody {
	t.Helper()
	r := get(t, apiURL(srv, "/cgi-bin/gettoken", "corpid", corpID, "corpsecret", secret))
	assertOK(t, r)
	tb := decodeStrict[tokenBody](t, r.Body)
	if tb.AccessToken == "" {
		t.Fatalf("gettoken returned an empty access_token: %s", r.Body)
	}
	return tb
}

// token returns an access token for (corpID, secret).
func token(t testing.TB, srv *mockserver.Server, corpID, secret string) string {
	t.Helper()
	return getToken(t, srv, corpID, secret).AccessToken
}

// appToken is the token of the default world's app in corp 1.
func appToken(t testing.TB, srv *mockserver.Server) string {
	t.Helper()
	return token(t, srv, corp1, appSecret)
}

// userGetURL is user/get for userid with tok.
func userGetURL(srv *mockserver.Server, tok, userID string) string {
	return apiURL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", userID)
}

// sessionURL is jscode2session for code with tok.
func sessionURL(srv *mockserver.Server, tok, code string) string {
	return apiURL(srv, "/cgi-bin/miniprogram/jscode2session",
		"access_token", tok, "js_code", code, "grant_type", "authorization_code")
}

// mint mints a mini-program code through the Go API.
func mint(t testing.TB, srv *mockserver.Server, corpID string, agent int, userID string) string {
	t.Helper()
	c, err := srv.MintCode(mockserver.CodeRequest{CorpID: corpID, AgentID: agent, UserID: userID})
	if err != nil {
		t.Fatalf("MintCode(%s, %d, %s): %v", corpID, agent, userID, err)
	}
	if c.Code == "" || c.ExpiresIn != 300 {
		t.Fatalf("MintCode returned %+v, want a code valid 300 s", c)
	}
	return c.Code
}

// controlJSON decodes a control API answer, checking its status and that it
// is JSON.
func controlJSON(t testing.TB, r *resp, wantStatus int) map[string]any {
	t.Helper()
	if r.Status != wantStatus {
		t.Fatalf("want HTTP %d, got %s", wantStatus, r)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("control answer Content-Type %q, want JSON", ct)
	}
	return decodeMap(t, r.Body)
}

// controlError asserts a control API 4xx answer {"error": "..."} whose
// message contains every one of wantInMsg, and returns the message.
func controlError(t testing.TB, r *resp, wantStatus int, wantInMsg ...string) string {
	t.Helper()
	if wantStatus < 400 || wantStatus > 499 {
		t.Fatalf("bad test: controlError wants a 4xx status, got %d", wantStatus)
	}
	m := controlJSON(t, r, wantStatus)
	msg, ok := m["error"].(string)
	if !ok || msg == "" {
		t.Fatalf(`want {"error": "..."}, got %s`, r.Body)
	}
	if len(m) != 1 {
		t.Errorf("error body has extra keys: %s", r.Body)
	}
	for _, w := range wantInMsg {
		if !strings.Contains(msg, w) {
			t.Errorf("error message %q does not mention %q", msg, w)
		}
	}
	return msg
}

// mustParseWorld parses a fixture document or fails the test.
func mustParseWorld(t testing.TB, doc string) *fixtures.World {
	t.Helper()
	w, err := fixtures.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("parsing test fixtures: %v", err)
	}
	return w
}

// str returns m[key] as a string, failing if it is not a JSON string.
func str(t testing.TB, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("%q is %T (%v), want a JSON string", key, m[key], m[key])
	}
	return s
}

// num returns m[key] as an int, failing if it is not a JSON integer.
func num(t testing.TB, m map[string]any, key string) int {
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
