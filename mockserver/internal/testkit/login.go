package testkit

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Helpers of the login pages' tests (internal/weblogin, and the server's
// page and browser tests): their URLs, forms, redirects and pages.

// AppCallback is where the test "app" wants its codes: a loopback address,
// which the default world's trusted domain 127.0.0.1 covers on any port.
const AppCallback = "http://127.0.0.1:3000/cb"

// PortalAgent is the second app of LoginWorld's corp 1.
const PortalAgent = 1000003

// LoginWorld is the default world plus a second app in corp 1 ("Portal",
// trusting portal.example.com, example.com:8443 and localhost) and a member
// whose name is markup, to check that pages escape what they render.
func LoginWorld(t testing.TB) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{
		AgentID: PortalAgent, Name: "Portal", Secret: "portal-secret",
		Visible:        fixtures.Visibility{Departments: []int{1}},
		TrustedDomains: []string{"portal.example.com", "example.com:8443", "localhost"},
	})
	w.Corps[0].Members = append(w.Corps[0].Members, fixtures.Member{
		UserID: "xss", Name: `<script>alert("x")</script>`, Department: []int{2}, Position: `<b>bold</b>`,
	})
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

// AuthorizeURL is the OAuth authorize URL with the given parameters; kv
// pairs override the defaults (corp 1, app 1000002, AppCallback, state abc,
// snsapi_base); an empty value removes a parameter.
func AuthorizeURL(srv *mockserver.Server, kv ...string) string {
	return PageURL(srv, "/connect/oauth2/authorize", []string{
		"appid", Corp1, "redirect_uri", AppCallback, "response_type", "code",
		"scope", "snsapi_base", "state", "abc", "agentid", strconv.Itoa(AgentID),
	}, kv...)
}

// QRLoginURL is the QR-login page URL, with defaults like AuthorizeURL's.
func QRLoginURL(srv *mockserver.Server, kv ...string) string {
	return PageURL(srv, "/wwlogin/sso/login", []string{
		"login_type", "CorpApp", "appid", Corp1, "agentid", strconv.Itoa(AgentID),
		"redirect_uri", AppCallback, "state", "abc",
	}, kv...)
}

func PageURL(srv *mockserver.Server, path string, defaults []string, kv ...string) string {
	order := []string{}
	vals := map[string]string{}
	set := func(k, v string) {
		if _, ok := vals[k]; !ok {
			order = append(order, k)
		}
		vals[k] = v
	}
	for i := 0; i+1 < len(defaults); i += 2 {
		set(defaults[i], defaults[i+1])
	}
	drop := map[string]bool{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" && kv[i] != "state" {
			drop[kv[i]] = true
			continue
		}
		set(kv[i], kv[i+1])
	}
	var parts []string
	for _, k := range order {
		if !drop[k] {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(vals[k]))
		}
	}
	return srv.URL() + path + "?" + strings.Join(parts, "&")
}

// FormValues turns kv pairs into form values.
func FormValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// PostForm posts an HTML form and reads the answer, redirects not followed.
func PostForm(t testing.TB, rawURL string, form url.Values) *Resp {
	t.Helper()
	return Do(t, http.MethodPost, rawURL, strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// AuthorizeForm is the form the authorize page posts: its own parameters
// (as AuthorizeURL builds them) plus the choice.
func AuthorizeForm(t testing.TB, pageURL string, kv ...string) url.Values {
	t.Helper()
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	f := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// Choose posts the member list's form for the authorize page at pageURL.
func Choose(t testing.TB, srv *mockserver.Server, pageURL string, kv ...string) *Resp {
	t.Helper()
	return PostForm(t, srv.URL()+"/wwmock/oauth/choose", AuthorizeForm(t, pageURL, kv...))
}

// Redirected asserts a 302 to a URL starting with prefix and returns the
// code and state it carries; state must be present, even if empty.
func Redirected(t testing.TB, r *Resp, prefix string) (code, state string) {
	t.Helper()
	if r.Status != http.StatusFound {
		t.Fatalf("got %s, want 302 to %s", r, prefix)
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("Location %q, want it to start with %q", loc, prefix)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if !q.Has("state") {
		t.Fatalf("Location %q has no state parameter", loc)
	}
	if q.Get("code") == "" {
		t.Fatalf("Location %q has no code", loc)
	}
	return q.Get("code"), q.Get("state")
}

// WantPage asserts an HTML page with status containing every one of texts.
func WantPage(t testing.TB, r *Resp, status int, texts ...string) string {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	body := string(r.Body)
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q:\n%s", s, body)
		}
	}
	return body
}

// OpenQRPage opens the desktop QR-login page and returns its login.
func OpenQRPage(t testing.TB, srv *mockserver.Server, kv ...string) (mockserver.QRLogin, string) {
	t.Helper()
	body := WantPage(t, Get(t, QRLoginURL(srv, kv...)), http.StatusOK)
	m := regexp.MustCompile(`data-status-url="/_mock/qrlogins/([A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no status URL on the page:\n%s", body)
	}
	l, err := srv.QRLogin(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return l, body
}
