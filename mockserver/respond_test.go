package mockserver_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
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
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		name string
		url  string
		want errcode.Code
	}{
		{"41004", testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing},
		{"41002", testkit.URL(srv, "/cgi-bin/gettoken", "corpsecret", "x"), errcode.CorpIDMissing},
		{"40013", testkit.URL(srv, "/cgi-bin/gettoken", "corpid", "x", "corpsecret", "x"), errcode.InvalidCorpID},
		{"40001", testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", "x"), errcode.InvalidCredential},
		{"40091", testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret2), errcode.SecretInvalid},
		{"41001", testkit.URL(srv, "/cgi-bin/user/get", "userid", "zhangsan"), errcode.AccessTokenMissing},
		{"40014", testkit.UserGetURL(srv, "bogus", "zhangsan"), errcode.InvalidAccessToken},
		{"40029", testkit.SessionURL(srv, tok, "bogus"), errcode.InvalidCode},
		{"40003", testkit.UserGetURL(srv, tok, "-x"), errcode.InvalidUserID},
		{"60011", testkit.UserGetURL(srv, tok, "wangwu"), errcode.NoPrivilege},
		{"60111", testkit.UserGetURL(srv, tok, "nobody"), errcode.UserIDNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, tt.url)
			testkit.WeComError(t, r, tt.want)
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
		m := testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
		h := hintOf(t, testkit.Str(t, m, "errmsg"))
		if !strings.HasPrefix(h, strconv.FormatInt(start.Unix(), 10)) {
			t.Errorf("hint %s does not start with the virtual unix time %d", h, start.Unix())
		}
		if seen[h] {
			t.Errorf("hint %s repeated", h)
		}
		seen[h] = true
	}
	srv.Advance(time.Hour)
	m := testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
	if h := hintOf(t, testkit.Str(t, m, "errmsg")); !strings.HasPrefix(h, strconv.FormatInt(start.Add(time.Hour).Unix(), 10)) {
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
			testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing)
		})
	}
}

func TestPlainErrmsg(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithPlainErrmsg())
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		url  string
		want errcode.Code
	}{
		{testkit.URL(srv, "/cgi-bin/gettoken"), errcode.CorpSecretMissing},
		{testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", "x"), errcode.InvalidCredential},
		{testkit.UserGetURL(srv, tok, "wangwu"), errcode.NoPrivilege},
		{testkit.SessionURL(srv, tok, "nope"), errcode.InvalidCode},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(int(tt.want)), func(t *testing.T) {
			r := testkit.Get(t, tt.url)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != testkit.JSONContentType {
				t.Fatalf("got %s (%s)", r, r.Header.Get("Content-Type"))
			}
			m := testkit.DecodeMap(t, r.Body)
			if code := testkit.ErrCode(t, m); code != int(tt.want) {
				t.Fatalf("errcode %d, want %d", code, tt.want)
			}
			if msg := testkit.Str(t, m, "errmsg"); msg != tt.want.Text() {
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
	tok := testkit.AppToken(t, srv)
	for _, u := range []string{
		testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret),
		testkit.UserGetURL(srv, tok, "zhangsan"),
		testkit.SessionURL(srv, tok, testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")),
	} {
		m := testkit.GetOK(t, u)
		if testkit.ErrCode(t, m) != 0 || testkit.Str(t, m, "errmsg") != "ok" {
			t.Errorf("%s: %v", u, m)
		}
	}
}

func TestUnknownPathsAre404WithEmptyBody(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	// "/" is the dashboard on the mock's own address; on the API host it
	// stays this empty 404 (TestDashboardHosts).
	for _, p := range []string{
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
				r := testkit.Do(t, method, srv.URL()+p, nil, nil)
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

// Bodies carry "&", "<" and ">" literally, as WeCom writes them, not as
// encoding/json's \u0026, \u003c and \u003e: in a member read through
// user/get and in a customer's remark through externalcontact/get.
func TestBodiesDoNotEscapeHTMLCharacters(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	const odd = "R&D <lead> & ops"
	if _, err := srv.UpdateUser(testkit.Corp1, "zhangsan", func(m *fixtures.Member) { m.Position = odd }); err != nil {
		t.Fatal(err)
	}
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", testkit.AppToken(t, srv), "userid", "zhangsan"))
	if !strings.Contains(string(r.Body), `"position":"`+odd+`"`) {
		t.Errorf("user/get: %s", r.Body)
	}
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, "/cgi-bin/externalcontact/remark",
		map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1, "remark": odd}))
	r = testkit.ECGet(t, srv, ec, "/cgi-bin/externalcontact/get", "external_userid", testkit.Customer1)
	if !strings.Contains(string(r.Body), `"remark":"`+odd+`"`) {
		t.Errorf("externalcontact/get: %s", r.Body)
	}
}
