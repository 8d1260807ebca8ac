package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// recipesDir holds the per-language recipes that docs/interception.md shows.
const recipesDir = "../../docs/recipes"

// requireRecipes makes a missing interpreter fail the recipe tests instead
// of skipping them (CI installs Python's requests, Node and PHP).
const requireRecipes = "WECOM_MOCK_REQUIRE_RECIPES"

// recipe is how to run one language's recipe in both of its modes.
type recipe struct {
	lang, file string
	// present reports whether the interpreter and what the recipe uses are
	// installed, and if not, what is missing.
	present func(ctx context.Context) string
	// optional recipes are skipped when absent even under requireRecipes.
	optional bool
	// base is the command of the base-URL mode; intercepted that of the
	// TLS interception mode, with the environment it adds (the CA's path is
	// ca, the mock's URL proxy).
	base        func(file string) []string
	intercepted func(t *testing.T, ctx context.Context, file, ca string, proxy *url.URL) ([]string, []string)
}

// pythonWithRequests is the first python3 that can import requests: the one
// on PATH, or Debian's (where python3-requests installs it) when PATH leads
// to another Python, such as a pyenv one without the package.
func pythonWithRequests() string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.CommandContext(ctx, py, "-c", "import requests").Run() == nil {
			return py
		}
	}
	return "python3"
}

func recipes() []recipe {
	has := func(name string, probe ...string) func(ctx context.Context) string {
		return func(ctx context.Context) string {
			if _, err := exec.LookPath(name); err != nil {
				return "no " + name + " in PATH"
			}
			if len(probe) > 0 {
				if out, err := exec.CommandContext(ctx, name, probe...).CombinedOutput(); err != nil {
					return name + " " + strings.Join(probe, " ") + ": " + strings.TrimSpace(string(out))
				}
			}
			return ""
		}
	}
	py := pythonWithRequests()
	return []recipe{
		{lang: "python", file: "recipe.py", present: has(py, "-c", "import requests"),
			base: func(f string) []string { return []string{py, f} },
			intercepted: func(_ *testing.T, _ context.Context, f, ca string, proxy *url.URL) ([]string, []string) {
				return []string{py, f}, []string{"HTTPS_PROXY=" + proxy.String(), "REQUESTS_CA_BUNDLE=" + ca}
			}},
		{lang: "node", file: "recipe.js", present: has("node", "--version"),
			base: func(f string) []string { return []string{"node", f} },
			intercepted: func(_ *testing.T, _ context.Context, f, ca string, proxy *url.URL) ([]string, []string) {
				return []string{"node", f}, []string{"HTTPS_PROXY=" + proxy.String(), "NODE_EXTRA_CA_CERTS=" + ca}
			}},
		{lang: "php", file: "recipe.php", present: has("php", "-r", `exit(function_exists("curl_init") ? 0 : 1);`),
			base: func(f string) []string { return []string{"php", f} },
			intercepted: func(_ *testing.T, _ context.Context, f, ca string, proxy *url.URL) ([]string, []string) {
				return []string{"php", "-d", "curl.cainfo=" + ca, f}, []string{"HTTPS_PROXY=" + proxy.String()}
			}},
		{lang: "java", file: "Recipe.java", optional: true, present: func(ctx context.Context) string {
			for _, name := range []string{"java", "javac", "keytool"} {
				if _, err := exec.LookPath(name); err != nil {
					return "no " + name + " in PATH"
				}
			}
			return ""
		},
			base: func(f string) []string { return []string{"java", f} },
			intercepted: func(t *testing.T, ctx context.Context, f, ca string, proxy *url.URL) ([]string, []string) {
				store := filepath.Join(t.TempDir(), "mock-trust.p12")
				out, err := exec.CommandContext(ctx, "keytool", "-importcert", "-noprompt", "-alias", "wecom-mock",
					"-file", ca, "-keystore", store, "-storepass", "changeit").CombinedOutput()
				if err != nil {
					t.Fatalf("keytool: %v\n%s", err, out)
				}
				return []string{"java", "-Dhttps.proxyHost=" + proxy.Hostname(), "-Dhttps.proxyPort=" + proxy.Port(),
					"-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit", f}, nil
			}},
	}
}

// TestRecipes runs each language's recipe against `wecom-mock serve --tls`,
// once with the base URL pointed at the mock and once through the HTTPS
// proxy with the mock's CA trusted: each must get a token, read zhangsan and
// send a message that lands in the mock's inbox.
func TestRecipes(t *testing.T) {
	t.Parallel()
	required := os.Getenv(requireRecipes) == "1"
	r := startTLSRun(t, t.TempDir())
	proxy, err := url.Parse(r.url)
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range recipes() {
		t.Run(rc.lang, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if missing := rc.present(ctx); missing != "" {
				if required && !rc.optional {
					t.Fatalf("%s=1 and %s", requireRecipes, missing)
				}
				t.Skip(missing)
			}
			file, err := filepath.Abs(filepath.Join(recipesDir, rc.file))
			if err != nil {
				t.Fatal(err)
			}
			text := "hello from " + rc.lang
			runRecipe(t, ctx, rc.base(file), []string{"WECOM_API_BASE=" + r.url})
			if n := inboxCount(t, r.url, text); n != 1 {
				t.Fatalf("base URL: %d messages %q in the inbox, want 1", n, text)
			}
			args, env := rc.intercepted(t, ctx, file, r.caPath, proxy)
			runRecipe(t, ctx, args, env)
			if n := inboxCount(t, r.url, text); n != 2 {
				t.Fatalf("interception: %d messages %q in the inbox, want 2", n, text)
			}
		})
	}
}

// runRecipe runs args with only PATH, HOME and env set (no proxy or CA
// settings of the test's own environment), in its own directory, and
// checks that it printed "ok 张三".
func runRecipe(t *testing.T, ctx context.Context, args, env []string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = t.TempDir()
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok 张三") {
		t.Fatalf("%s (%s): %v\n%s", strings.Join(args, " "), strings.Join(env, " "), err, out)
	}
}

// inboxCount is how many messages of the mock's inbox have the content text.
func inboxCount(t *testing.T, base, text string) int {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(base + "/_mock/messages?touser=zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var inbox struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&inbox); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range inbox.Messages {
		if m.Content == text {
			n++
		}
	}
	return n
}

// Each recipe file appears whole in a fenced block of docs/interception.md,
// so what the page shows is what TestRecipes runs.
func TestRecipesAreInTheDocs(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile("../../docs/interception.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := fencedBlocks(string(page))
	for _, rc := range recipes() {
		src, err := os.ReadFile(filepath.Join(recipesDir, rc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !blocks[string(src)] {
			t.Errorf("docs/interception.md has no code block equal to docs/recipes/%s", rc.file)
		}
	}
}

// fencedBlocks is the set of the ``` blocks' contents of a Markdown page.
func fencedBlocks(page string) map[string]bool {
	blocks := map[string]bool{}
	var cur *strings.Builder
	sc := bufio.NewScanner(strings.NewReader(page))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```") && cur == nil:
			cur = &strings.Builder{}
		case strings.HasPrefix(line, "```"):
			blocks[cur.String()] = true
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return blocks
}
