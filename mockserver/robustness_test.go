package mockserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// assertWeComShaped checks that r is an ordinary WeCom answer: HTTP 200, the
// JSON content type, a numeric errcode and a string errmsg.
func assertWeComShaped(t testing.TB, r *testkit.Resp) int {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want HTTP 200, got %s", r)
	}
	if ct := r.Header.Get("Content-Type"); ct != testkit.JSONContentType {
		t.Errorf("Content-Type %q", ct)
	}
	m := testkit.DecodeMap(t, r.Body)
	testkit.Str(t, m, "errmsg")
	return testkit.ErrCode(t, m)
}

func TestMalformedQueries(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		name  string
		path  string // path and raw query, sent as is
		want  errcode.Code
		exact bool // whether want is certain (otherwise any WeCom error)
	}{
		{"bad escape alone", "/cgi-bin/gettoken?%zz", errcode.CorpSecretMissing, true},
		{"bad escape in corpid", "/cgi-bin/gettoken?corpid=%zz&corpsecret=x", errcode.CorpIDMissing, true},
		{"truncated escape", "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=%", errcode.CorpSecretMissing, true},
		{"semicolon separators", "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + ";corpsecret=" + testkit.AppSecret, errcode.CorpSecretMissing, true},
		{"semicolon in user/get", "/cgi-bin/user/get?access_token=" + tok + ";userid=zhangsan", errcode.AccessTokenMissing, true},
		{"only separators", "/cgi-bin/gettoken?&&&==&", errcode.CorpSecretMissing, true},
		{"key without value", "/cgi-bin/gettoken?corpid&corpsecret", errcode.CorpSecretMissing, true},
		{"bad escape in userid", "/cgi-bin/user/get?access_token=" + tok + "&userid=zhang%zzsan", errcode.InvalidUserID, true},
		{"repeated userid", "/cgi-bin/user/get?access_token=" + tok + "&userid=zhangsan&userid=wangwu", errcode.OK, true},
		{"NUL in token", "/cgi-bin/user/get?access_token=%00&userid=zhangsan", errcode.InvalidAccessToken, true},
		{"invalid UTF-8 corpid", "/cgi-bin/gettoken?corpid=%ff%fe&corpsecret=x", errcode.InvalidCorpID, true},
		{"invalid UTF-8 secret", "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=%c3%28", errcode.InvalidCredential, true},
		{"invalid UTF-8 token", "/cgi-bin/user/get?access_token=%ff&userid=zhangsan", errcode.InvalidAccessToken, true},
		{"invalid UTF-8 userid", "/cgi-bin/user/get?access_token=" + tok + "&userid=%c3%28", errcode.InvalidUserID, true},
		{"invalid UTF-8 js_code", "/cgi-bin/miniprogram/jscode2session?access_token=" + tok + "&js_code=%ff&grant_type=authorization_code", errcode.InvalidCode, true},
		{"overlong UTF-8", "/cgi-bin/user/get?access_token=" + tok + "&userid=%c0%af", errcode.InvalidUserID, true},
		{"JSON in userid", "/cgi-bin/user/get?access_token=" + tok + `&userid=%22%7D%2C%22errcode%22%3A0`, errcode.InvalidUserID, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, srv.URL()+tt.path)
			if tt.want == errcode.OK {
				testkit.OK(t, r)
				return
			}
			if tt.exact {
				testkit.WeComError(t, r, tt.want)
				return
			}
			assertWeComShaped(t, r)
		})
	}
}

func TestHugeQueryString(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	huge := strings.Repeat("a", 512<<10)
	testkit.GetWeComError(t, srv.URL()+"/cgi-bin/user/get?access_token="+tok+"&userid="+huge, errcode.InvalidUserID)
	testkit.GetWeComError(t, srv.URL()+"/cgi-bin/gettoken?corpsecret=x&corpid="+huge, errcode.InvalidCorpID)
	testkit.GetWeComError(t, srv.URL()+"/cgi-bin/user/get?userid=zhangsan&access_token="+huge, errcode.InvalidAccessToken)
	testkit.GetWeComError(t, srv.URL()+"/cgi-bin/gettoken?"+strings.Repeat("x=1&", 50_000), errcode.CorpSecretMissing)

	// Beyond net/http's header limit the request is refused before the mock
	// sees it: a client error, never a 5xx, and the server keeps serving.
	r := testkit.Get(t, srv.URL()+"/cgi-bin/gettoken?corpid="+strings.Repeat("a", 2<<20))
	if r.Status < 400 || r.Status > 499 {
		t.Errorf("a 2 MiB query got %s, want a 4xx", r)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
}

func TestBodyBeyondLimitOnGETRoutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxBodyBytes(1024))
	body := bytes.Repeat([]byte(`{"x":"yyyyyyyy"},`), 1<<12) // ~64 KiB
	// The GET APIs read only their query: an oversized body changes nothing.
	r := testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret),
		bytes.NewReader(body), http.Header{"Content-Type": {"application/json"}})
	tb := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, r))
	r = testkit.Do(t, http.MethodPost, testkit.UserGetURL(srv, tb.AccessToken, "zhangsan"), bytes.NewReader(body), nil)
	testkit.OK(t, r)
	r = testkit.Do(t, http.MethodPost, testkit.UserGetURL(srv, tb.AccessToken, "wangwu"), bytes.NewReader(body), nil)
	testkit.WeComError(t, r, errcode.NoPrivilege)
}

func TestGETAPIsAnswerOtherMethods(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			r := testkit.Do(t, method, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), nil, nil)
			if got := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, r)); got.AccessToken != tok {
				t.Errorf("%s gettoken gave another token", method)
			}
			testkit.OK(t, testkit.Do(t, method, testkit.UserGetURL(srv, tok, "zhangsan"), nil, nil))
			code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "lisi")
			r = testkit.Do(t, method, testkit.SessionURL(srv, tok, code), strings.NewReader(`{"js_code":"ignored"}`), nil)
			if s := testkit.DecodeStrict[testkit.SessionBody](t, testkit.OKBody(t, r)); s.UserID != "lisi" {
				t.Errorf("%s jscode2session = %+v", method, s)
			}
			testkit.WeComError(t, testkit.Do(t, method, testkit.UserGetURL(srv, tok, "wangwu"), nil, nil), errcode.NoPrivilege)
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		r := testkit.Do(t, http.MethodHead, testkit.UserGetURL(srv, tok, "zhangsan"), nil, nil)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != testkit.JSONContentType {
			t.Errorf("HEAD user/get: %s %v", r, r.Header)
		}
	})
}

func TestOddPathsNever5xx(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, p := range []string{
		"/cgi-bin//gettoken",
		"/cgi-bin/./gettoken",
		"/cgi-bin/../cgi-bin/gettoken",
		"/cgi-bin/gettoken/",
		"/cgi-bin/%67ettoken",
		"/%ff",
		"/_mock/../cgi-bin/gettoken",
		"/_mock/%2e%2e/healthz",
		"//_mock/healthz",
	} {
		t.Run(p, func(t *testing.T) {
			r := testkit.Get(t, srv.URL()+p)
			if r.Status >= 500 {
				t.Errorf("got %s", r)
			}
		})
	}
}

func TestControlBodyTooLarge(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	body := `{"corpid":"` + strings.Repeat("w", 2<<20) + `"}`
	for _, p := range []string{"/_mock/codes", "/_mock/faults", "/_mock/clock/advance"} {
		r := testkit.SendJSON(t, http.MethodPost, srv.URL()+p, body)
		testkit.ControlError(t, r, http.StatusRequestEntityTooLarge, "larger")
	}
}

// FuzzAPIQuery throws arbitrary raw queries at every API: whatever arrives,
// the answer is a WeCom-shaped JSON body, never a crash or a 5xx.
func FuzzAPIQuery(f *testing.F) {
	for _, seed := range []string{
		"", "%zz", ";", "corpid=%ff", "access_token=&userid=", "userid=%00",
		"access_token=x&js_code=%zz;", strings.Repeat("&", 100), "a=b=c", "%%%%",
	} {
		f.Add(seed)
	}
	srv := mockserver.NewTest(f)
	paths := []string{"/cgi-bin/gettoken", "/cgi-bin/user/get", "/cgi-bin/miniprogram/jscode2session"}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		if strings.ContainsAny(rawQuery, " #\r\n\t") || len(rawQuery) > 4096 {
			t.Skip("not a query a client can send on the request line")
		}
		for _, p := range paths {
			req, err := http.NewRequest(http.MethodGet, srv.URL()+p+"?"+rawQuery, nil)
			if err != nil {
				t.Skip(err)
			}
			res, err := testkit.HTTPClient.Do(req)
			if err != nil {
				t.Skip(err) // the client refused to send it
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s?%s: HTTP %d", p, rawQuery, res.StatusCode)
			}
			if res.StatusCode == http.StatusOK && res.Header.Get("Content-Type") != testkit.JSONContentType {
				t.Errorf("%s?%s: Content-Type %q", p, rawQuery, res.Header.Get("Content-Type"))
			}
		}
	})
}

// A POST API's body beyond WithMaxBodyBytes is answered like a malformed
// body (40058 "Warning: wrong json format."), never with a 413 or a 5xx.
func TestPOSTBodyBeyondLimit(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxBodyBytes(1024))
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	u := testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", tok)

	small := `{"cursor":"","limit":10}`
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, u, small))

	big := `{"cursor":"","limit":10,"pad":"` + strings.Repeat("x", 64<<10) + `"}`
	r := testkit.SendJSON(t, http.MethodPost, u, big)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != testkit.JSONContentType {
		t.Fatalf("oversized body: %s", r)
	}
	m := testkit.DecodeMap(t, r.Body)
	if code := testkit.ErrCode(t, m); code != int(errcode.InvalidParameter) {
		t.Errorf("errcode %d, want 40058", code)
	}
	if msg := testkit.Str(t, m, "errmsg"); !strings.HasPrefix(msg, "Warning: wrong json format.") {
		t.Errorf("errmsg %q, want the wrong-json-format phrase", msg)
	}
	// The server is still fine afterwards.
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, u, small))
}

// A POST API called with GET misses its body: 40058, as on the real host.
func TestPOSTAPICalledWithGET(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", tok), errcode.InvalidParameter)
	// The token is still checked first.
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/user/list_id", "access_token", "bogus"), errcode.InvalidAccessToken)
}
