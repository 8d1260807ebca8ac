package pages

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRenderHeaders checks the headers every page is sent with, the install
// page's as the login pages'.
func TestRenderHeaders(t *testing.T) {
	w := httptest.NewRecorder()
	Error(w, slog.New(slog.DiscardHandler), &ErrorPage{Headline: "链接无效", Problem: "<b>bold</b>",
		Received: []Param{{"suite_id", "s1"}}})
	if w.Code != http.StatusBadRequest {
		t.Errorf("status %d, want the default 400", w.Code)
	}
	for name, want := range map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Cache-Control":           "no-store",
		"Content-Security-Policy": pageCSP,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	} {
		if got := w.Header().Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	body := w.Body.String()
	for _, want := range []string{"<title>出错了 · Login error · wecom-mock</title>", "链接无效", "&lt;b&gt;bold&lt;/b&gt;", "<th>suite_id</th><td>s1</td>", `href="/wwmock/static/style.css"`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
}

func TestRenderFailures(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	w := httptest.NewRecorder()
	Render(w, log, http.StatusOK, "nope.html", nil)
	if w.Code != http.StatusInternalServerError || !strings.Contains(logged.String(), "nope.html") {
		t.Errorf("missing template: HTTP %d, log %q", w.Code, logged.String())
	}
	// A page given data without its fields fails cleanly, before any byte of
	// the page is written.
	logged.Reset()
	w = httptest.NewRecorder()
	Render(w, log, http.StatusOK, "install.html", struct{ Page }{})
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "<html") || logged.Len() == 0 {
		t.Errorf("broken data: HTTP %d, body %q", w.Code, w.Body.String())
	}
}

func TestRedirect(t *testing.T) {
	w := httptest.NewRecorder()
	Redirect(w, httptest.NewRequest(http.MethodPost, "/3rdapp/install", nil), "https://vendor.example.com/cb?auth_code=x")
	if w.Code != http.StatusFound || w.Header().Get("Location") != "https://vendor.example.com/cb?auth_code=x" ||
		w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("redirect: %d %v", w.Code, w.Header())
	}
}

func TestEveryPageParsed(t *testing.T) {
	for _, name := range []string{"error.html", "oauth_pick.html", "oauth_consent.html", "oauth_declined.html",
		"qr_desktop.html", "qr_phone.html", "install.html", "install_done.html"} {
		if pageTemplates()[name] == nil {
			t.Errorf("no template %s", name)
		}
	}
	if pageTemplates()["layout.html"] != nil {
		t.Error("the layout is a page of its own")
	}
}
