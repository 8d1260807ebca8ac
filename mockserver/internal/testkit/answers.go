package testkit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// HintSuffix is the pattern of what real WeCom appends to an errmsg after
// its phrase, up to the errcode that ends it.
const HintSuffix = `, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https://open\.work\.weixin\.qq\.com/devtool/query\?e=`

// ErrmsgPattern is the full errmsg real WeCom sends for code.
func ErrmsgPattern(code errcode.Code) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(code.Text()) + HintSuffix + strconv.Itoa(int(code)) + "$")
}

// WeComError checks that r is the exact WeCom error answer for code:
// HTTP 200, the JSON content type, errcode a number, errmsg the code's phrase
// with the hint suffix, and the Error-Code / Error-Msg headers. It returns the
// decoded body for further checks.
func WeComError(t testing.TB, r *Resp, code errcode.Code) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200 for errcode %d, got %s", code, r)
	}
	if ct := r.Header.Get("Content-Type"); ct != JSONContentType {
		t.Errorf("Content-Type %q, want %q", ct, JSONContentType)
	}
	m := DecodeMap(t, r.Body)
	if got := ErrCode(t, m); got != int(code) {
		t.Fatalf("errcode %d, want %d; body %s", got, code, r.Body)
	}
	msg, ok := m["errmsg"].(string)
	if !ok {
		t.Fatalf("errmsg is %T, want string", m["errmsg"])
	}
	if !strings.HasPrefix(msg, code.Text()) {
		t.Errorf("errmsg %q does not start with %q", msg, code.Text())
	}
	if re := ErrmsgPattern(code); !re.MatchString(msg) {
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

// GetWeComError GETs rawURL and asserts it answers code (see WeComError).
func GetWeComError(t testing.TB, rawURL string, code errcode.Code) map[string]any {
	t.Helper()
	return WeComError(t, Get(t, rawURL), code)
}

// SuiteError checks a WeCom error answer whose errcode the shared table may
// not name: HTTP 200, the errcode, errmsg starting with phrase and carrying
// the hint suffix, and the Error-Code header.
func SuiteError(t testing.TB, r *Resp, code int, phrase string) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200 for errcode %d, got %s", code, r)
	}
	m := DecodeMap(t, r.Body)
	if got := ErrCode(t, m); got != code {
		t.Fatalf("errcode %d, want %d; body %s", got, code, r.Body)
	}
	re := regexp.MustCompile("^" + regexp.QuoteMeta(phrase) + HintSuffix + strconv.Itoa(code) + "$")
	if msg, _ := m["errmsg"].(string); !re.MatchString(msg) {
		t.Errorf("errmsg %q does not match %s", msg, re)
	}
	if h := r.Header.Get("Error-Code"); h != strconv.Itoa(code) {
		t.Errorf("Error-Code header %q, want %d", h, code)
	}
	return m
}

// MsgError checks a WeCom error whose phrase is not in the shared errcode
// table, errmsg a JSON string.
func MsgError(t testing.TB, r *Resp, code int, phrase string) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200, got %s", r)
	}
	m := DecodeMap(t, r.Body)
	if got := ErrCode(t, m); got != code {
		t.Fatalf("errcode %d, want %d; body %s", got, code, r.Body)
	}
	re := regexp.MustCompile("^" + regexp.QuoteMeta(phrase) + HintSuffix + strconv.Itoa(code) + "$")
	if msg := Str(t, m, "errmsg"); !re.MatchString(msg) {
		t.Errorf("errmsg %q does not match %s", msg, re)
	}
	if h := r.Header.Get("Error-Code"); h != strconv.Itoa(code) {
		t.Errorf("Error-Code header %q, want %d", h, code)
	}
	return m
}

// contactErrmsg is the errmsg a contact write error answers: phrase and the
// hint suffix.
func contactErrmsg(code errcode.Code, phrase string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(phrase) + HintSuffix + strconv.Itoa(int(code)) + "$")
}

// ContactError checks a WeCom error answer whose phrase the errcode
// table may not know.
func ContactError(t testing.TB, r *Resp, code errcode.Code, phrase string) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200, got %s", r)
	}
	m := DecodeMap(t, r.Body)
	if got := ErrCode(t, m); got != int(code) {
		t.Fatalf("errcode %d, want %d: %s", got, code, r.Body)
	}
	if msg, _ := m["errmsg"].(string); !contactErrmsg(code, phrase).MatchString(msg) {
		t.Errorf("errmsg %q, want %q with the hint suffix", msg, phrase)
	}
}

// OK checks a success answer: HTTP 200, JSON, the body starting with
// {"errcode":0,"errmsg":"ok", and no error headers. It returns the decoded body.
func OK(t testing.TB, r *Resp) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200, got %s", r)
	}
	if ct := r.Header.Get("Content-Type"); ct != JSONContentType {
		t.Errorf("Content-Type %q, want %q", ct, JSONContentType)
	}
	if !bytes.HasPrefix(r.Body, []byte(`{"errcode":0,"errmsg":"ok"`)) {
		t.Fatalf(`success body does not start with {"errcode":0,"errmsg":"ok": %s`, r.Body)
	}
	if h := r.Header.Get("Error-Code"); h != "" {
		t.Errorf("success carries Error-Code header %q", h)
	}
	return DecodeMap(t, r.Body)
}

// GetOK GETs rawURL and asserts a success answer.
func GetOK(t testing.TB, rawURL string) map[string]any {
	t.Helper()
	return OK(t, Get(t, rawURL))
}

// OKBody asserts a success answer and returns its raw body.
func OKBody(t testing.TB, r *Resp) []byte {
	t.Helper()
	OK(t, r)
	return r.Body
}

// ControlJSON decodes a control API answer, checking its status and that it
// is JSON.
func ControlJSON(t testing.TB, r *Resp, wantStatus int) map[string]any {
	t.Helper()
	if r.Status != wantStatus {
		t.Fatalf("want HTTP %d, got %s", wantStatus, r)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("control answer Content-Type %q, want JSON", ct)
	}
	return DecodeMap(t, r.Body)
}

// ControlError asserts a control API 4xx answer {"error": "..."} whose
// message contains every one of wantInMsg, and returns the message.
func ControlError(t testing.TB, r *Resp, wantStatus int, wantInMsg ...string) string {
	t.Helper()
	if wantStatus < 400 || wantStatus > 499 {
		t.Fatalf("bad test: ControlError wants a 4xx status, got %d", wantStatus)
	}
	m := ControlJSON(t, r, wantStatus)
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

// Control calls the control API and decodes a 200 answer into T.
func Control[T any](t testing.TB, srv *mockserver.Server, method, path string, body any) T {
	t.Helper()
	r := SendJSON(t, method, srv.URL()+path, body)
	if r.Status != http.StatusOK {
		t.Fatalf("%s %s: %s", method, path, r)
	}
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("%s %s: decoding %s: %v", method, path, r.Body, err)
	}
	return v
}
