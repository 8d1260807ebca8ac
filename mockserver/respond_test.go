package mockserver_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

var hintRE = regexp.MustCompile(`hint: \[(\d+)\]`)

func hintOf(t testing.TB, errmsg string) string {
	t.Helper()
	m := hintRE.FindStringSubmatch(errmsg)
	if m == nil {
		t.Fatalf("no hint in %q", errmsg)
	}
	return m[1]
}

// Every error the foundation can produce has the exact WeCom shape.
func TestErrorBodyShape(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	tests := []struct {
		name string
		url  string
		want errcode.Code
	}{
		{"41004", apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing},
		{"41002", apiURL(srv, "/cgi-bin/gettoken", "corpsecret", "x"), errcode.CorpIDMissing},
		{"40013", apiURL(srv, "/cgi-bin/gettoken", "corpid", "x", "corpsecret", "x"), errcode.InvalidCorpID},
		{"40001", apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", "x"), errcode.InvalidCredential},
		{"40091", apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret2), errcode.SecretInvalid},
		{"41001", apiURL(srv, "/cgi-bin/user/get", "userid", "zhangsan"), errcode.AccessTokenMissing},
		{"40014", userGetURL(srv, "bogus", "zhangsan"), errcode.InvalidAccessToken},
		{"40029", sessionURL(srv, tok, "bogus"), errcode.InvalidCode},
		{"40003", userGetURL(srv, tok, "-x"), errcode.InvalidUserID},
		{"60011", userGetURL(srv, tok, "wangwu"), errcode.NoPrivilege},
		{"60111", userGetURL(srv, tok, "nobody"), errcode.UserIDNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, tt.url)
			assertWeComError(t, r, tt.want)
			if !strings.HasPrefix(string(r.Body), `{"errcode":`+strconv.Itoa(int(tt.want))+`,"errmsg":"`) {
				t.Errorf("body does not start with errcode then errmsg: %s", r.Body)
			}
		})
	}
}

func TestErrorHintIsUniqueAndStartsWithUnixTime(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	seen := map[string]bool{}
	for range 20 {
		m := wecomError(t, apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
		h := hintOf(t, str(t, m, "errmsg"))
		if !strings.HasPrefix(h, strconv.FormatInt(start.Unix(), 10)) {
			t.Errorf("hint %s does not start with the virtual unix time %d", h, start.Unix())
		}
		if seen[h] {
			t.Errorf("hint %s repeated", h)
		}
		seen[h] = true
	}
	srv.Advance(time.Hour)
	m := wecomError(t, apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
	if h := hintOf(t, str(t, m, "errmsg")); !strings.HasPrefix(h, strconv.FormatInt(start.Add(time.Hour).Unix(), 10)) {
		t.Errorf("hint %s does not follow the advanced clock", h)
	}
}

// The hint keeps its 25 digits whatever the virtual clock reads.
func TestErrorHintWidthWithOddClockStarts(t *testing.T) {
	t.Parallel()
	for _, start := range []time.Time{
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), // 9-digit unix time
		time.Unix(0, 0),
		time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), // negative unix time
	} {
		t.Run(start.Format("2006"), func(t *testing.T) {
			srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
			wecomError(t, apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
		})
	}
}

func TestPlainErrmsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithPlainErrmsg())
	tok := appToken(t, srv)
	tests := []struct {
		url  string
		want errcode.Code
	}{
		{apiURL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing},
		{apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", "x"), errcode.InvalidCredential},
		{userGetURL(srv, tok, "wangwu"), errcode.NoPrivilege},
		{sessionURL(srv, tok, "nope"), errcode.InvalidCode},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(int(tt.want)), func(t *testing.T) {
			r := get(t, tt.url)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != jsonContentType {
				t.Fatalf("got %s (%s)", r, r.Header.Get("Content-Type"))
			}
			m := decodeMap(t, r.Body)
			if code := errCodeOf(t, m); code != int(tt.want) {
				t.Fatalf("errcode %d, want %d", code, tt.want)
			}
			if msg := str(t, m, "errmsg"); msg != tt.want.Text() {
				t.Errorf("errmsg %q, want the bare phrase %q", msg, tt.want.Text())
			}
			if h := r.Header.Get("Error-Msg"); h != tt.want.Text() {
				t.Errorf("Error-Msg %q, want %q", h, tt.want.Text())
			}
			if h := r.Header.Get("Error-Code"); h != strconv.Itoa(int(tt.want)) {
				t.Errorf("Error-Code %q, want %d", h, tt.want)
			}
		})
	}
}

func TestSuccessBodyStartsWithErrcodeOK(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	for _, u := range []string{
		apiURL(srv, "/cgi-bin/gettoken", "corpid", corp1, "corpsecret", appSecret),
		userGetURL(srv, tok, "zhangsan"),
		sessionURL(srv, tok, mint(t, srv, corp1, agentID, "zhangsan")),
	} {
		m := okJSON(t, u)
		if errCodeOf(t, m) != 0 || str(t, m, "errmsg") != "ok" {
			t.Errorf("%s: %v", u, m)
		}
	}
}

func TestUnknownPathsAre404WithEmptyBody(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := appToken(t, srv)
	for _, p := range []string{
		"/",
		"/cgi-bin/nope",
		"/cgi-bin/nope?access_token=" + tok,
		"/cgi-bin/",
		"/cgi-bin/user/get/extra",
		"/cgi-bin/User/Get?access_token=" + tok + "&userid=zhangsan",
		"/favicon.ico",
		"/_mock",
		"//cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret",
		"/cgi-bin/./gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(method+" "+p, func(t *testing.T) {
				r := do(t, method, srv.URL()+p, nil, nil)
				if r.Status != http.StatusNotFound {
					t.Errorf("status %d, want 404", r.Status)
				}
				if len(r.Body) != 0 {
					t.Errorf("body %q, want empty", r.Body)
				}
				if h := r.Header.Get("Error-Code"); h != "" {
					t.Errorf("404 carries Error-Code %q", h)
				}
			})
		}
	}
}
