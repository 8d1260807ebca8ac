package mockserver_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestStateFileRoundTrip: a member added through the API and the advanced
// frozen clock survive a write and a restart from the file.
func TestStateFileRoundTrip(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	wrote(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/user/create", "access_token", tok),
		map[string]any{"userid": "keeper", "name": "留存", "department": []int{1}, "mobile": "13800007777"}))
	before := srv.StateVersion()
	srv.Advance(3 * time.Hour)
	appTok := testkit.AppToken(t, srv)
	snap, err := srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := mockserver.WriteStateFile(path, snap); err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Error("StateVersion did not count the change")
	}
	f, err := mockserver.ReadStateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	again := mockserver.NewTest(t, f.Options(time.Now)...)
	// The contacts token was issued 3 hours of virtual time ago: expired,
	// not kept. The app token issued just before the write is.
	if len(f.Tokens) != 1 || f.Tokens[0].AccessToken != appTok {
		t.Errorf("saved tokens = %+v, want the app token only", f.Tokens)
	}
	if n := again.RestoreState(f); n != 1 {
		t.Errorf("RestoreState restored %d tokens, want 1", n)
	}
	// The app token answers as before (https://developer.work.weixin.qq.com/document/path/91039):
	// zhangsan is in the default app's range.
	if m := testkit.OK(t, testkit.Get(t, testkit.UserGetURL(again, appTok, "zhangsan"))); m["userid"] != "zhangsan" {
		t.Errorf("user/get with the restored token = %v", m)
	}
	if again := testkit.AppToken(t, again); again != appTok {
		t.Errorf("gettoken after restore = %s, want the restored %s", again, appTok)
	}
	if got := again.Now(); !got.Equal(start.Add(3 * time.Hour)) {
		t.Errorf("restored clock = %v, want %v", got, start.Add(3*time.Hour))
	}
	if !again.State().Frozen {
		t.Error("restored clock is not frozen")
	}
	tok2 := testkit.Token(t, again, testkit.Corp1, testkit.ContactsSecret)
	m := testkit.OK(t, testkit.Get(t, testkit.UserGetURL(again, tok2, "keeper")))
	if m["name"] != "留存" {
		t.Errorf("restored user/get keeper = %v", m)
	}
}

// TestStateFileRefused: a corrupt file is refused with its name and left
// as it is; a missing one says so.
func TestStateFileRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage":   "{not json",
		"version":   `{"version":99,"world":{"corps":[]},"clock":{"now":"2025-01-01T00:00:00Z"}}`,
		"no world":  `{"version":1,"clock":{"now":"2025-01-01T00:00:00Z"}}`,
		"bad world": `{"version":1,"world":{"corps":[{"corpid":""}]},"clock":{"now":"2025-01-01T00:00:00Z"}}`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := mockserver.ReadStateFile(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v does not name the file", name, err)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Errorf("%s: the file changed", name)
		}
	}
	if _, err := mockserver.ReadStateFile(filepath.Join(dir, "missing")); !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("missing file: %v", err)
	}
}

// TestStateFileAtomic: a write that cannot finish leaves the old file.
func TestStateFileAtomic(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	snap, err := srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := mockserver.WriteStateFile(path, snap); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	// The rename cannot replace a directory: the write fails after the
	// temporary file was written.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := mockserver.WriteStateFile(blocked, snap); err == nil {
		t.Error("writing over a directory succeeded")
	}
	if now, _ := os.ReadFile(path); string(now) != string(old) {
		t.Error("the old file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 { // state.json and blocked: no temporary file left
		t.Errorf("files left: %v", entries)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}
