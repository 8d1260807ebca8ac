package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// realCorp is a mock playing a real corp (the default world's first) and
// the credentials of it the commands get: the corpid and contacts secret
// from the environment, the app's on the command line.
func realCorp(t *testing.T) (srv *mockserver.Server, args []string, env map[string]string, secrets []string) {
	t.Helper()
	srv = mockserver.NewTest(t)
	c := &fixtures.Default().Corps[0]
	env = map[string]string{envCorpID: c.CorpID, envContactsSecret: c.ContactsSecret,
		envExternalContact: c.Secrets["externalcontact"]}
	args = []string{"--base-url", srv.URL(), "--app-secret", "1000002=" + c.Apps[0].Secret}
	secrets = []string{c.CorpID, c.ContactsSecret, c.Apps[0].Secret, c.Secrets["externalcontact"]}
	return srv, args, env, secrets
}

func runCmd(args []string, env map[string]string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	sig := func(ctx context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	code = run(args, &out, &errb, envMap(env), sig)
	return code, out.String(), errb.String()
}

// import writes a world that loads, shows progress, and carries none of
// the real corp's secrets, in the file or in anything it prints; contract
// then finds no difference, and reports one the real host introduces.
func TestImportThenContract(t *testing.T) {
	t.Parallel()
	srv, creds, env, secrets := realCorp(t)
	out := filepath.Join(t.TempDir(), "world.json")
	code, stdout, stderr := runCmd(append([]string{"import", "--out", out, "--interval", "0"}, creds...), env)
	if code != exitOK {
		t.Fatalf("import exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "import: done:") || !strings.Contains(stderr, "wrote "+out) {
		t.Errorf("no progress or summary on stderr:\n%s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.LoadFile(out); err != nil {
		t.Fatalf("the imported world does not load: %v", err)
	}
	for _, s := range secrets {
		for where, text := range map[string]string{"file": string(data), "stdout": stdout, "stderr": stderr} {
			if strings.Contains(text, s) {
				t.Errorf("the %s holds the real corp's %q", where, s)
			}
		}
	}

	contract := append([]string{"contract", "--fixtures", out}, creds...)
	code, stdout, stderr = runCmd(contract, env)
	if code != exitOK || strings.Count(stdout, "match") < 8 {
		t.Fatalf("contract exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/tag/list",
		Response: json.RawMessage(`{"taglist":[{"tagid":"1","tagname":"x"}]}`)}); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd(append(contract, "--json"), env)
	var rep struct {
		Results []struct {
			API         string   `json:"api"`
			Differences []string `json:"differences"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("--json output %q: %v", stdout, err)
	}
	found := false
	for _, r := range rep.Results {
		found = found || r.API == "tag/list" && len(r.Differences) == 1 && r.Differences[0] == "taglist[].tagid: type string (real) vs number (mock)"
	}
	if code != exitFail || !found {
		t.Errorf("with tagid a string on the real host: exit %d, %s", code, stdout)
	}
	for _, s := range secrets {
		if strings.Contains(stdout, s) {
			t.Errorf("contract printed the real corp's %q", s)
		}
	}
}

// Bad command lines exit 2 with a message that never quotes a secret.
func TestImportUsageErrors(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-value-never-printed"
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no contacts secret", []string{"import", "--corpid", "ww1", "--out", "x.json"}, nil, "--contacts-secret"},
		{"no out", []string{"import", "--corpid", "ww1", "--contacts-secret", secret}, nil, "--out is required"},
		{"bad app secret", []string{"import", "--corpid", "ww1", "--contacts-secret", secret, "--app-secret", "app=" + secret, "--out", "x.json"}, nil, "AGENTID=SECRET"},
		{"bad env app secret", []string{"contract", "--fixtures", "x.json"}, map[string]string{envCorpID: "ww1", envContactsSecret: secret, envAppSecrets: "1000002"}, "AGENTID=SECRET"},
		{"write refused", []string{"contract", "--fixtures", "x.json", "--apis", "user/delete"}, map[string]string{envCorpID: "ww1", envContactsSecret: secret}, "refused: not marked read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd(tc.args, tc.env)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
			if strings.Contains(stdout+stderr, secret) {
				t.Errorf("output quotes the secret: %s%s", stdout, stderr)
			}
		})
	}
}
