package wecommock_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The outside module's test: what a user writes after
// `go get github.com/wecom-mock/wecom-mock/docker/wecommock`.
const outsideTest = `package outside

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/docker/wecommock"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

func TestMiniProgramLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctr, err := wecommock.Run(ctx, "IMAGE")
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
	code, err := ctr.Control().MintCode(ctx, mockctl.CodeRequest{Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan"})
	if err != nil {
		t.Fatal(err)
	}
	base, err := ctr.URL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(base))
	sess, err := c.Code2Session(ctx, code.Code)
	if err != nil || sess.UserID != "zhangsan" || sess.SessionKey == "" {
		t.Fatalf("jscode2session: %+v, %v", sess, err)
	}
}

// Without TESTCONTAINERS_RYUK_DISABLED on a machine that cannot pull the
// reaper: a quick error that names the variable (or, where the reaper can
// be had, a container).
func TestReaperMessage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	begin := time.Now()
	ctr, err := wecommock.Run(ctx, "IMAGE")
	testcontainers.CleanupContainer(t, ctr)
	if err == nil {
		t.Skip("the reaper started here")
	}
	if !strings.Contains(err.Error(), "TESTCONTAINERS_RYUK_DISABLED") || time.Since(begin) > 20*time.Second {
		t.Fatalf("after %v: %v, want a quick error naming TESTCONTAINERS_RYUK_DISABLED", time.Since(begin), err)
	}
	t.Logf("after %v: %v", time.Since(begin).Round(time.Millisecond), err)
}
`

// TestOutsideModule is what a user of the module does, from a module of
// their own: go get the container module and the client (here replaced by
// this checkout), start the image, mint a mini-program code through
// Control() and redeem it with the client, with no environment variable
// but the reaper's (and what go itself needs). Without it, the reaper
// image cannot be pulled here, and Run must say so at once.
func TestOutsideModule(t *testing.T) {
	img := image(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module example.com/outside\n\ngo 1.26.0\n\n" +
		"require (\n\tgithub.com/wecom-mock/wecom-mock v0.0.0-00010101000000-000000000000\n" +
		"\tgithub.com/wecom-mock/wecom-mock/docker/wecommock v0.0.0-00010101000000-000000000000\n)\n\n" +
		"replace github.com/wecom-mock/wecom-mock => " + root + "\n\n" +
		"replace github.com/wecom-mock/wecom-mock/docker/wecommock => " + filepath.Join(root, "docker", "wecommock") + "\n"
	write(t, filepath.Join(dir, "go.mod"), gomod)
	write(t, filepath.Join(dir, "outside_test.go"), strings.ReplaceAll(outsideTest, "IMAGE", img))
	// The same go.sum as the module's own: the same versions, nothing to fetch.
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sum))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	goCmd(t, ctx, dir, nil, "mod", "tidy")
	goCmd(t, ctx, dir, []string{"TESTCONTAINERS_RYUK_DISABLED=true"}, "test", "-count=1", "-v", "-run", "^TestMiniProgramLogin$", ".")
	goCmd(t, ctx, dir, nil, "test", "-count=1", "-v", "-run", "^TestReaperMessage$", ".")
}

// goCmd runs go in dir with only what go needs from this environment plus
// extra, and fails the test with its output if it fails.
func goCmd(t *testing.T, ctx context.Context, dir string, extra []string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(goEnv(), extra...)
	out, err := cmd.CombinedOutput()
	t.Logf("go %s:\n%s", strings.Join(args, " "), out)
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
}

// goEnv is PATH, HOME and the GO* variables (the toolchain's caches and
// proxy), with GOFLAGS=-mod=mod and no workspace: nothing of Docker's or
// testcontainers'.
func goEnv() []string {
	env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "PATH" || k == "HOME" || (strings.HasPrefix(k, "GO") && k != "GOFLAGS" && k != "GOWORK") {
			env = append(env, kv)
		}
	}
	return env
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
