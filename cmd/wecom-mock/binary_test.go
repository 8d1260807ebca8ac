package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles the command with a version stamped in by -ldflags,
// the way release builds do.
func buildBinary(t *testing.T, version string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH")
	}
	bin := filepath.Join(t.TempDir(), "wecom-mock")
	cmd := exec.Command(goTool, "build", "-ldflags", "-X main.version="+version, "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func exitCodeOf(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestBinary runs the real executable: the -ldflags version, shutdown on
// real signals, and a healthcheck with an empty environment, as in a
// FROM-scratch container.
func TestBinary(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t, "v9.9.9-test")

	out, err := exec.Command(bin, "version").Output()
	if err != nil || string(out) != "wecom-mock v9.9.9-test\n" {
		t.Errorf("version: %q, %v", out, err)
	}

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
			cmd.Env = []string{}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			waited := make(chan error, 1)
			urls := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
						urls <- m[1]
					}
				}
				waited <- cmd.Wait()
			}()
			var url string
			select {
			case url = <-urls:
			case err := <-waited:
				t.Fatalf("exited before listening: %v\n%s", err, stderr.String())
			case <-time.After(10 * time.Second):
				t.Fatal("no banner within 10s")
			}
			if !strings.Contains(url, "127.0.0.1:") || strings.HasSuffix(url, ":0") {
				t.Errorf("banner URL %q", url)
			}

			hc := exec.Command(bin, "healthcheck", "--url", url)
			hc.Env = []string{}
			if out, err := hc.CombinedOutput(); err != nil {
				t.Errorf("healthcheck with an empty environment: %v\n%s", err, out)
			}

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-waited:
				if code := exitCodeOf(err); code != 0 {
					t.Errorf("exit %d after %v, stderr:\n%s", code, sig, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("still running 15s after %v", sig)
			}
			if !strings.Contains(stderr.String(), "msg=stopped") {
				t.Errorf("no graceful stop in the log:\n%s", stderr.String())
			}

			hc = exec.Command(bin, "healthcheck", "--url", url)
			hc.Env = []string{}
			if code := exitCodeOf(hc.Run()); code != 1 {
				t.Errorf("healthcheck of the stopped server: exit %d, want 1", code)
			}
		})
	}
}

// TestImportBoundaries keeps the binary off the packages DESIGN.md forbids
// it (features, testcontainers) and off CLI frameworks. The client core
// comes in through internal/corpimport and internal/contract alone (import
// reads a real corp as an app would, contract decodes an app's range with
// its types); nothing else in the binary may use it.
func TestImportBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH")
	}
	const module = "github.com/wecom-mock/wecom-mock/"
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		dep := fields[0]
		switch {
		case strings.HasPrefix(dep, module+"features"),
			strings.HasPrefix(dep, module+"docker"),
			strings.Contains(dep, "testcontainers"),
			strings.Contains(dep, "godog"),
			strings.Contains(dep, "spf13/cobra"):
			t.Errorf("cmd/wecom-mock depends on %s", dep)
		}
		if dep == module+"internal/corpimport" || dep == module+"internal/contract" {
			continue
		}
		for _, imp := range fields[1:] {
			if imp == module+"client" {
				t.Errorf("%s imports the client core: only internal/corpimport and internal/contract may", dep)
			}
		}
	}
}
