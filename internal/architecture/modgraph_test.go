package architecture

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// heavy are the modules a user who imports only the mock and the client
// must not get: the container module's, the BDD package's and the browser
// tests' dependencies live in modules of their own.
var heavy = []string{
	"github.com/testcontainers/",
	"github.com/cucumber/",
	"github.com/chromedp/",
	"github.com/moby/",
	"github.com/docker/",
	"go.opentelemetry.io/",
}

const outsideMain = `package main

import (
	"context"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func main() {
	srv, err := mockserver.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))
	fmt.Println(c.Token(context.Background()))
}
`

// TestOutsideModuleGraph builds a module of a user's that imports only
// mockserver and client (this checkout, by a replace) and checks that
// `go list -m all` names none of the heavy modules. It needs the module
// proxy for modules not yet in the cache.
func TestOutsideModuleGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/outside\n\ngo 1.25.0\n\n" +
			"require github.com/wecom-mock/wecom-mock v0.0.0-00010101000000-000000000000\n\n" +
			"replace github.com/wecom-mock/wecom-mock => " + root + "\n",
		"main.go": outsideMain,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
		}
		return string(out)
	}
	run("mod", "tidy")
	run("vet", ".") // it builds: the imports resolve
	mods := run("list", "-m", "all")
	t.Logf("go list -m all:\n%s", mods)
	for line := range strings.Lines(mods) {
		for _, h := range heavy {
			if strings.HasPrefix(line, h) {
				t.Errorf("the outside module's graph holds %s", strings.TrimSpace(line))
			}
		}
	}
	if !strings.Contains(mods, "github.com/gorilla/mux") {
		t.Errorf("go list -m all lacks the mock's own dependency gorilla/mux:\n%s", mods)
	}
}
