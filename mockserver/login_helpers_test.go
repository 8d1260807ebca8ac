package mockserver_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Helpers of the login page tests (login_*_test.go, qrlogin_*_test.go,
// pages_test.go).

// appCallback is where the test "app" wants its codes: a loopback address,
// which the default world's trusted domain 127.0.0.1 covers on any port.
const appCallback = "http://127.0.0.1:3000/cb"

// portalAgent is the second app of loginWorld's corp 1.
const portalAgent = 1000003

// loginWorld is the default world plus a second app in corp 1 ("Portal",
// trusting portal.example.com, example.com:8443 and localhost) and a member
// whose name is markup, to check that pages escape what they render.
func loginWorld(t testing.TB) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{
		AgentID: portalAgent, Name: "Portal", Secret: "portal-secret",
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

// authorizeURL is the OAuth authorize URL with the given parameters; kv
// pairs override the defaults (corp 1, app 1000002, appCallback, state abc,
// snsapi_base); an empty value removes a parameter.
func authorizeURL(srv *mockserver.Server, kv ...string) string {
	return pageURL(srv, "/connect/oauth2/authorize", []string{
		"appid", testkit.Corp1, "redirect_uri", appCallback, "response_type", "code",
		"scope", "snsapi_base", "state", "abc", "agentid", strconv.Itoa(testkit.AgentID),
	}, kv...)
}

// qrLoginURL is the QR-login page URL, with defaults like authorizeURL's.
func qrLoginURL(srv *mockserver.Server, kv ...string) string {
	return pageURL(srv, "/wwlogin/sso/login", []string{
		"login_type", "CorpApp", "appid", testkit.Corp1, "agentid", strconv.Itoa(testkit.AgentID),
		"redirect_uri", appCallback, "state", "abc",
	}, kv...)
}

func pageURL(srv *mockserver.Server, path string, defaults []string, kv ...string) string {
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

// formValues turns kv pairs into form values.
func formValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// postForm posts an HTML form and reads the answer, redirects not followed.
func postForm(t testing.TB, rawURL string, form url.Values) *testkit.Resp {
	t.Helper()
	return testkit.Do(t, http.MethodPost, rawURL, strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// authorizeForm is the form the authorize page posts: its own parameters
// (as authorizeURL builds them) plus the choice.
func authorizeForm(t testing.TB, pageURL string, kv ...string) url.Values {
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

// choose posts the member list's form for the authorize page at pageURL.
func choose(t testing.TB, srv *mockserver.Server, pageURL string, kv ...string) *testkit.Resp {
	t.Helper()
	return postForm(t, srv.URL()+"/wwmock/oauth/choose", authorizeForm(t, pageURL, kv...))
}

// redirected asserts a 302 to a URL starting with prefix and returns the
// code and state it carries; state must be present, even if empty.
func redirected(t testing.TB, r *testkit.Resp, prefix string) (code, state string) {
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

// wantPage asserts an HTML page with status containing every one of texts.
func wantPage(t testing.TB, r *testkit.Resp, status int, texts ...string) string {
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

// sdk is our client for an app of srv.
func sdk(srv *mockserver.Server, corpID, secret string) *client.Client {
	return client.New(corpID, secret, client.WithBaseURL(srv.URL()), client.WithClock(srv.Now),
		client.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
}
