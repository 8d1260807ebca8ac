package architecture

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/wecom-mock/wecom-mock"

// rule forbids the packages under From (itself and below) to import any
// package matching one of Not. Patterns: "pkg" matches pkg exactly,
// "pkg/..." matches pkg and everything below it. Test files are exempt:
// tests may use anything.
type rule struct {
	From string
	Not  []string
	Why  string
}

var rules = []rule{
	{"mockserver/...", []string{"client", "features/...", "cmd/...", "docker/...",
		"github.com/cucumber/...", "github.com/testcontainers/..."},
		"the server stands apart from the SDK core, the BDD harness, the binary and the container module"},
	{"catalog/...", []string{"mockserver/...", "client/...", "fixtures/...", "mockctl/...", "features/...", "cmd/...", "net/http"},
		"the catalog is plain data anyone can read"},
	{"mockserver/internal/store/...", []string{"net/http", "encoding/json", "mockserver", "mockserver/internal/api/...", "mockserver/internal/kernel/...", "mockserver/internal/stubs/..."},
		"the world and runtime state know nothing of HTTP or JSON, nor of what sits above them"},
	{"mockserver/internal/kernel/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/stubs/..."},
		"the kernel is what families stand on; it knows none of them"},
	{"mockserver/internal/api/...", []string{"mockserver"},
		"families are served by the server, not the other way round"},
	{"mockserver/internal/callbacks/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/stubs/..."},
		"the callback engine stands on the store and the wire types; the server and the families call it, never the other way round"},
	{"mockserver/internal/pages/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/store/...",
		"mockserver/internal/kernel/...", "mockserver/internal/stubs/...", "mockserver/internal/callbacks/..."},
		"pages render what the server's handlers give them; they know no world and no API"},
	{"mockserver/internal/weblogin/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/kernel/...",
		"mockserver/internal/stubs/...", "mockserver/internal/callbacks/..."},
		"the login pages stand on the store and the page system; the server wires them in and calls them, never the other way round"},
	{"mockserver/internal/dashboard/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/store/...",
		"mockserver/internal/kernel/...", "mockserver/internal/stubs/...", "mockserver/internal/callbacks/...", "encoding/json"},
		"the dashboard is static assets that read the control API over HTTP, like any other client"},
	{"mockserver/internal/stubs/...", []string{"mockserver", "mockserver/internal/store/..."},
		"stubs match requests; they know no world"},
	{"mockserver/internal/suites/...", []string{"mockserver", "mockserver/internal/api/...", "mockserver/internal/stubs/..."},
		"the suite machinery stands on the store, the callback engine and the pages; the server calls it, and the service/* family shares only the store with it"},
	{"mockctl/...", []string{"mockserver/...", "features/...", "cmd/..."},
		"the control-API client speaks only HTTP, so it drives any mock"},
	{"client/...", []string{"mockserver/...", "fixtures/...", "features/...", "mockctl/..."},
		"the SDK and the protocol leaves never depend on the mock"},
	{"fixtures/...", []string{"mockserver/...", "client/...", "mockctl/..."},
		"fixtures describe a world; they serve nothing"},
	{"fixtures", []string{"fixtures/generate"},
		"loading a world needs no generator"},
	{"mockserver/...", []string{"fixtures/generate"},
		"servers carry no world generator; gen-fixtures and tests generate worlds"},
	{"features/...", []string{"mockserver/internal/..."},
		"the BDD harness uses only public packages, like a user's suite"},
	{"cmd/...", []string{"client", "features/...", "github.com/testcontainers/...", "github.com/cucumber/..."},
		"the binary carries the mock only"},
	{"docker/...", []string{"mockserver/internal/..."},
		"the container module uses only public packages"},
}

// familyRule: a family room under mockserver/internal/api/ imports no
// other family; families share through the store and the kernel.
const familiesDir = "mockserver/internal/api/"

// testkitDir holds the helpers of the server's black-box tests. Only test
// files may import it: no package of the module, test helpers aside, may
// carry testing code into a build.
const testkitDir = "mockserver/internal/testkit"

func matches(pattern, imp string) bool {
	full := pattern
	if !strings.Contains(strings.SplitN(pattern, "/", 2)[0], ".") && pattern != "net/http" && pattern != "encoding/json" {
		full = module + "/" + pattern
	}
	if base, ok := strings.CutSuffix(full, "/..."); ok {
		return imp == base || strings.HasPrefix(imp, base+"/")
	}
	return imp == full
}

func TestImportRules(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string][]string{} // package dir (relative) → imports of its non-test files
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			imports[rel] = append(imports[rel], imp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 10 {
		t.Fatalf("found only %d packages under %s", len(imports), root)
	}
	if _, ok := imports[testkitDir]; !ok {
		t.Fatalf("no package %s: the rule on its importers checks nothing", testkitDir)
	}
	checked := 0
	for dir, imps := range imports {
		pkg := module + "/" + dir
		for _, imp := range imps {
			if matches(testkitDir+"/...", imp) {
				t.Errorf("%s imports %s: only test files import the test helpers", dir, imp)
			}
		}
		for _, r := range rules {
			if !matches(r.From, pkg) {
				continue
			}
			checked++
			for _, imp := range imps {
				for _, not := range r.Not {
					if matches(not, imp) {
						t.Errorf("%s imports %s: %s", dir, imp, r.Why)
					}
				}
			}
		}
		if fam, ok := strings.CutPrefix(dir, familiesDir); ok {
			fam, _, _ = strings.Cut(fam, "/")
			for _, imp := range imps {
				other, ok := strings.CutPrefix(imp, module+"/"+familiesDir)
				if other, _, _ = strings.Cut(other, "/"); ok && other != fam {
					t.Errorf("family %s imports family %s: families share through the store and the kernel", fam, other)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no rule applied to any package")
	}
}

func TestRulePatterns(t *testing.T) {
	for _, tc := range []struct {
		pattern, imp string
		want         bool
	}{
		{"client", module + "/client", true},
		{"client", module + "/client/errcode", false},
		{"client/...", module + "/client/errcode", true},
		{"mockserver/internal/...", module + "/mockserver/internal/store", true},
		{"mockserver/internal/...", module + "/mockserver", false},
		{"net/http", "net/http", true},
		{"net/http", "net/http/httptest", false},
		{"github.com/cucumber/...", "github.com/cucumber/godog", true},
	} {
		if got := matches(tc.pattern, tc.imp); got != tc.want {
			t.Errorf("matches(%q, %q) = %v, want %v", tc.pattern, tc.imp, got, tc.want)
		}
	}
}
