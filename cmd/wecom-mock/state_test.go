package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// TestServeStateAcrossRestart: a member added through the API
// (https://developer.work.weixin.qq.com/document/path/90195) and the
// advanced frozen clock are there again after a restart with the same
// --state file (given once as a flag, once through WECOM_MOCK_STATE).
func TestServeStateAcrossRestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	first := startRun(t, []string{"serve", "--addr", "127.0.0.1:0", "--frozen-clock", "--state", path}, nil)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the state file was not created at start: %v", err)
	}
	var tok tokenAnswer
	getJSON(t, first.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-contacts-secret", &tok)
	var created struct {
		ErrCode int `json:"errcode"`
	}
	postJSON(t, first.url+"/cgi-bin/user/create?access_token="+tok.AccessToken,
		`{"userid":"keeper","name":"留存","department":[1],"mobile":"13800007777"}`, &created)
	if created.ErrCode != 0 {
		t.Fatalf("user/create: errcode %d", created.ErrCode)
	}
	var clock struct {
		Now    string `json:"now"`
		Frozen bool   `json:"frozen"`
	}
	postJSON(t, first.url+"/_mock/clock/advance", `{"duration":"5h"}`, &clock)
	var appTok tokenAnswer
	getJSON(t, first.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", &appTok)
	first.stop()
	if code := first.wait(t); code != exitOK {
		t.Fatalf("first run exit %d\n%s", code, first.stderr)
	}

	second := startRun(t, []string{"serve", "--addr", "127.0.0.1:0"}, map[string]string{"WECOM_MOCK_STATE": path})
	var after struct {
		Now    string `json:"now"`
		Frozen bool   `json:"frozen"`
	}
	getJSON(t, second.url+"/_mock/clock", &after)
	if after.Now != clock.Now || !after.Frozen {
		t.Errorf("clock after restart = %+v, want %+v", after, clock)
	}
	getJSON(t, second.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-contacts-secret", &tok)
	var user struct {
		ErrCode int    `json:"errcode"`
		Name    string `json:"name"`
	}
	getJSON(t, second.url+"/cgi-bin/user/get?userid=keeper&access_token="+tok.AccessToken, &user)
	if user.ErrCode != 0 || user.Name != "留存" {
		t.Errorf("user/get keeper after restart = %+v", user)
	}
	// The app token still valid at the restart answers again, and
	// gettoken hands it out (https://developer.work.weixin.qq.com/document/path/91039).
	var again tokenAnswer
	getJSON(t, second.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", &again)
	if again.AccessToken != appTok.AccessToken {
		t.Errorf("gettoken after restart = %q, want the kept %q", again.AccessToken, appTok.AccessToken)
	}
	if !strings.Contains(second.stdout.String(), "state file "+path) {
		t.Errorf("the banner does not name the state file:\n%s", second.stdout)
	}
}

// TestServeCorruptStateRefused: serve refuses a state file it cannot read,
// names it, exits non-zero and leaves it as it was.
func TestServeCorruptStateRefused(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"not json":      "{\"version\":1, \"world\": {",
		"other version": `{"version":7,"world":{"corps":[]},"clock":{"now":"2025-01-01T00:00:00Z"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "state.json", content)
			code, out, errOut := runCapture([]string{"serve", "--addr", "127.0.0.1:0", "--state", path}, nil)
			if code != exitFail || out != "" {
				t.Errorf("exit %d, stdout %q", code, out)
			}
			if !strings.Contains(errOut, path) || !strings.Contains(errOut, "--state") {
				t.Errorf("stderr does not name the file:\n%s", errOut)
			}
			if data, _ := os.ReadFile(path); string(data) != content {
				t.Errorf("the state file was changed to %q", data)
			}
		})
	}
}

// TestStateWriter: the periodic writer writes a changed state and stops
// with stop, which writes the last state.
func TestStateWriter(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.WithFrozenClock())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	w, err := startStateWriter(srv, path, time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Advance(time.Hour)
	deadline := time.Now().Add(10 * time.Second)
	for {
		f, err := mockserver.ReadStateFile(path)
		if err == nil && f.Clock.Now.Equal(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the writer never wrote the advanced clock (last %v, %v)", f, err)
		}
		time.Sleep(time.Millisecond) // polling the file, not waiting for an expiry
	}
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	// Stopped: nothing writes the file any more, even after a change.
	srv.Advance(time.Hour)
	before, _ := os.ReadFile(path)
	if !w.stopped() {
		t.Error("the writer's goroutine still runs after stop")
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the file changed after stop")
	}
}

// TestStateMarkChanged: the writer rewrites the file for a change of the
// store or the clock only, not for the jitter of reading a ticking clock.
func TestStateMarkChanged(t *testing.T) {
	t.Parallel()
	base := stateMark{version: 7, clock: 3 * time.Hour}
	tests := []struct {
		name string
		next stateMark
		want bool
	}{
		{"nothing", base, false},
		{"ticking jitter", stateMark{version: 7, clock: 3*time.Hour + 300*time.Millisecond}, false},
		{"advanced", stateMark{version: 7, clock: 4 * time.Hour}, true},
		{"store changed", stateMark{version: 8, clock: 3 * time.Hour}, true},
		{"frozen", stateMark{version: 7, frozen: true, clock: 3 * time.Hour}, true},
	}
	for _, tt := range tests {
		if got := tt.next.changedSince(base); got != tt.want {
			t.Errorf("%s: changed = %v, want %v", tt.name, got, tt.want)
		}
	}
	frozen := stateMark{version: 7, frozen: true, clock: 10}
	if !(stateMark{version: 7, frozen: true, clock: 11}).changedSince(frozen) {
		t.Error("a frozen clock's advance by 1 ns is no change")
	}
}
