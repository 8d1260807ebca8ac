package pages

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates are the pages by file name, each parsed with the layout,
// on the first page rendered: parsing them all takes milliseconds that a
// process serving only the API need not pay at start-up. They are fixed at
// build time, so a broken template panics at the first page of every test
// (and TestEveryPageParsed checks them all) rather than failing one page at run
// time.
var pageTemplates = sync.OnceValue(mustParsePages)

func mustParsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimPrefix(n, "templates/")
		if name == "layout.html" {
			continue
		}
		out[name] = template.Must(template.New(name).Funcs(pageFuncs).ParseFS(templateFS, "templates/layout.html", n))
	}
	return out
}

var pageFuncs = template.FuncMap{
	// initial is the first character of a name, for the avatar circles
	// and app icons (real avatars would be external URLs).
	"initial": func(name string) string {
		for _, r := range name {
			return strings.ToUpper(string(r))
		}
		return "?"
	},
	// tint picks one of the stylesheet's twelve avatar colours (.c0–.c11)
	// for a name, the same every time. A class, not a style attribute: the
	// pages' Content-Security-Policy allows no inline styles.
	"tint": func(s string) int {
		h := 0
		for _, r := range s {
			h = (h*47 + int(r)) % 12
		}
		return h
	},
}

// Page is what the layout needs; every page's data embeds it.
type Page struct {
	Title string
	// Phone selects the narrow phone layout.
	Phone bool
}

// pageCSP keeps the pages self-contained: scripts, styles and images only
// from the mock itself, no inline script or style. form-action is left out
// on purpose: Chrome applies it to the redirect that follows a form post,
// and the login and install forms end in a redirect to the app.
// frame-ancestors 'none' (and X-Frame-Options for older browsers) keeps
// another site from framing a login or install page to click through it.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"

// Render writes the page name (a file under templates/) with data and
// status. Rendering into a buffer first turns a template failure into a
// clean 500, logged to log.
func Render(w http.ResponseWriter, log *slog.Logger, status int, name string, data any) {
	t, ok := pageTemplates()[name]
	if !ok {
		log.Error("no such page template", "name", name)
		http.Error(w, "page template missing", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		log.Error("rendering page", "name", name, "err", err)
		http.Error(w, "rendering page failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// Redirect sends the browser on with 302 Found, as WeCom's pages do. The
// target (the app, with a fresh code) must not be cached, and the page's
// URL, which carries the request's parameters, must not leak to it.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, to, http.StatusFound)
}
