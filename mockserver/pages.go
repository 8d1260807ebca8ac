package mockserver

// The HTML pages the mock serves to browsers: the OAuth authorize page, the
// QR-login desktop and phone pages, and their error page. They are
// html/template (everything rendered is escaped: a member named <script> is
// text), with the stylesheet, script and icon embedded in the binary and
// served from /wwmock/static/, so the pages work offline and load nothing
// from anywhere else. They work without JavaScript; the QR page only uses
// it to follow the login without reloading.

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// staticPrefix is where the embedded assets are served.
const staticPrefix = "/wwmock/static/"

// pageTemplates are the pages by file name, each parsed with the layout.
// They are fixed at build time, so a broken template fails every test at
// once rather than one page at run time.
var pageTemplates = mustParsePages()

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
	// (real avatars would be external URLs).
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

// page is what every page's layout needs.
type page struct {
	Title string
	// Phone selects the narrow phone layout.
	Phone bool
}

// pageCSP keeps the pages self-contained: scripts, styles and images only
// from the mock itself, no inline script or style. form-action is left out
// on purpose: Chrome applies it to the redirect that follows a form post,
// and the login forms end in a redirect to the app.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'"

// renderPage writes the page name with data and status. Rendering into a
// buffer first turns a template failure into a clean 500.
func (s *Server) renderPage(w http.ResponseWriter, status int, name string, data any) {
	t, ok := pageTemplates[name]
	if !ok {
		s.cfg.logger.Error("no such page template", "name", name)
		http.Error(w, "page template missing", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.cfg.logger.Error("rendering page", "name", name, "err", err)
		http.Error(w, "rendering page failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// staticHandler serves the embedded assets.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.StripPrefix(staticPrefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			notFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
}

// redirect sends the browser on with 302 Found, as WeCom's pages do.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, to, http.StatusFound)
}

// baseURL is the scheme and host the browser reached the server at, so
// links (the QR code's phone page above all) work from wherever it is
// opened: a LAN address, a container name, an intercepted WeCom host.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
