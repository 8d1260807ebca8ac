package webhook_test

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// robotKey is the default world's robot, in corp 1.
const robotKey = "mock-webhook-key"

// otherRobotKey is twoRobots' second robot, also in corp 1.
const otherRobotKey = "second-webhook-key"

// twoRobots is the default world with a second robot in corp 1.
func twoRobots(t testing.TB) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	w.Corps[0].Robots = append(w.Corps[0].Robots, fixtures.Robot{Key: otherRobotKey, Name: "第二机器人"})
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

func sendURL(srv *mockserver.Server, key string) string {
	return testkit.URL(srv, "/cgi-bin/webhook/send", "key", key)
}

// send posts body to robot key's webhook/send.
func send(t testing.TB, srv *mockserver.Server, key string, body any) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, sendURL(srv, key), body)
}

// sendOK posts body and checks it is accepted.
func sendOK(t testing.TB, srv *mockserver.Server, key string, body any) {
	t.Helper()
	testkit.OK(t, send(t, srv, key, body))
}

func text(content string) map[string]any {
	return map[string]any{"msgtype": "text", "text": map[string]any{"content": content}}
}

// upload posts data to robot key's webhook/upload_media as typ.
func upload(t testing.TB, srv *mockserver.Server, key, typ, filename string, data []byte) *testkit.Resp {
	t.Helper()
	body, ct := testkit.MediaForm(t, "media", filename, "", data)
	return testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/upload_media", "key", key, "type", typ),
		body, http.Header{"Content-Type": {ct}})
}

type uploadBody struct {
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
	Type      string `json:"type"`
	MediaID   string `json:"media_id"`
	CreatedAt string `json:"created_at"`
}

// uploadOK uploads and returns the answer's media_id.
func uploadOK(t testing.TB, srv *mockserver.Server, key, typ string, data []byte) uploadBody {
	t.Helper()
	r := upload(t, srv, key, typ, "f.bin", data)
	testkit.OK(t, r)
	b := testkit.DecodeStrict[uploadBody](t, r.Body)
	if b.Type != typ || b.MediaID == "" {
		t.Fatalf("upload_media = %s", r)
	}
	return b
}

// amr is an AMR-NB file of n 20 ms frames of mode 7 (12.2 kbit/s).
func amr(n int) []byte {
	out := []byte("#!AMR\n")
	for range n {
		frame := make([]byte, 32)
		frame[0] = 7<<3 | 0x04
		out = append(out, frame...)
	}
	return out
}

// image is an image message of data with its right md5.
func image(data []byte) map[string]any {
	sum := md5.Sum(data)
	return map[string]any{"msgtype": "image", "image": map[string]any{
		"base64": base64.StdEncoding.EncodeToString(data), "md5": hex.EncodeToString(sum[:])}}
}

// robotInbox is the inbox of robot key, through the Go API.
func robotInbox(srv *mockserver.Server, key string) []mockserver.Message {
	return srv.Messages(mockserver.MessageFilter{Channel: "robot", RobotKey: key})
}
