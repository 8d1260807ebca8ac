package dashboard

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The assets never write HTML from strings and never name another origin:
// user data stays text, and the page loads only what the mock serves.
func TestAssetsUseNoHTMLSinksAndNoOutsideURLs(t *testing.T) {
	t.Parallel()
	sinks := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new Function|setHTMLUnsafe|createContextualFragment|srcdoc`)
	urls := regexp.MustCompile(`(?i)\b(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	n := 0
	err := fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		if m := sinks.FindString(text); m != "" {
			t.Errorf("%s uses %s", path, m)
		}
		for _, u := range urls.FindAllString(text, -1) {
			if u != "http://www.w3.org" { // the SVG namespace, not a fetch
				t.Errorf("%s names an outside URL %s", path, u)
			}
		}
		if strings.HasSuffix(path, ".html") && regexp.MustCompile(`<script(?:\s+type="module")?>|\son[a-z]+=|style=`).MatchString(text) {
			t.Errorf("%s has inline script, an inline handler or an inline style (the CSP refuses them)", path)
		}
		return nil
	})
	if err != nil || n < 8 {
		t.Fatalf("walked %d assets: %v", n, err)
	}
}

// Every page module in pages/ is in the registry, so none is forgotten.
func TestEveryPageIsRegistered(t *testing.T) {
	t.Parallel()
	index, err := staticFS.ReadFile("static/pages/index.js")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := staticFS.ReadDir("static/pages")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "index.js" {
			continue
		}
		if !strings.Contains(string(index), `"./`+e.Name()+`"`) {
			t.Errorf("pages/%s is not imported by pages/index.js", e.Name())
		}
	}
}
