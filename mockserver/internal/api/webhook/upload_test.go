package webhook_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func fileMessage(id string) map[string]any {
	return map[string]any{"msgtype": "file", "file": map[string]any{"media_id": id}}
}

func voiceMessage(id string) map[string]any {
	return map[string]any{"msgtype": "voice", "voice": map[string]any{"media_id": id}}
}

func TestUploadThenSend(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	up := uploadOK(t, srv, robotKey, "file", []byte("incident report\n"))
	if up.CreatedAt != strconv.FormatInt(start.Unix(), 10) {
		t.Errorf("created_at %q, want the virtual time %d", up.CreatedAt, start.Unix())
	}
	voice := uploadOK(t, srv, robotKey, "voice", amr(3000)).MediaID // 60 s exactly
	sendOK(t, srv, robotKey, fileMessage(up.MediaID))
	sendOK(t, srv, robotKey, voiceMessage(voice))
	// A media_id serves as often as needed while it lives.
	sendOK(t, srv, robotKey, fileMessage(up.MediaID))
	// Each type only for its own msgtype.
	testkit.WeComError(t, send(t, srv, robotKey, voiceMessage(up.MediaID)), errcode.InvalidMediaID)
	testkit.WeComError(t, send(t, srv, robotKey, fileMessage(voice)), errcode.InvalidMediaID)
	msgs := robotInbox(srv, robotKey)
	if len(msgs) != 3 || msgs[0].MsgType != "file" || msgs[1].MsgType != "voice" ||
		!strings.Contains(string(msgs[0].Body), up.MediaID) {
		t.Errorf("inbox = %+v", msgs)
	}
}

func TestRobotMediaExpiresAfterThreeDays(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	file := uploadOK(t, srv, robotKey, "file", []byte("short-lived")).MediaID
	voice := uploadOK(t, srv, robotKey, "voice", amr(10)).MediaID
	srv.Advance(72*time.Hour - time.Second)
	sendOK(t, srv, robotKey, fileMessage(file))
	srv.Advance(time.Second)
	testkit.WeComError(t, send(t, srv, robotKey, fileMessage(file)), errcode.InvalidMediaID)
	testkit.WeComError(t, send(t, srv, robotKey, voiceMessage(voice)), errcode.InvalidMediaID)
}

func TestRobotMediaBelongsToItsRobot(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(twoRobots(t)))
	mine := uploadOK(t, srv, robotKey, "file", []byte("robot one's")).MediaID
	// Another robot of the same corp may not send it.
	testkit.WeComError(t, send(t, srv, otherRobotKey, fileMessage(mine)), errcode.InvalidMediaID)
	// An app's media/upload id is no robot's.
	tok := testkit.AppToken(t, srv)
	appFile := testkit.MediaUploadOK(t, srv, tok, "file", "a.txt", "", []byte("the app's file")).MediaID
	testkit.WeComError(t, send(t, srv, robotKey, fileMessage(appFile)), errcode.InvalidMediaID)
	// Nor may an app send or fetch a robot's upload.
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/media/get", "access_token", tok, "media_id", mine)), errcode.InvalidMediaID)
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, map[string]any{"touser": "zhangsan", "msgtype": "file",
		"agentid": testkit.AgentID, "file": map[string]any{"media_id": mine}}), errcode.InvalidMediaID)
	// Its own robot may.
	sendOK(t, srv, robotKey, fileMessage(mine))
}

func TestUploadErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	amrOver60s := amr(3001)
	notAMR := bytes.Repeat([]byte("riff"), 10)
	truncatedAMR := amr(2)[:40]
	tests := []struct {
		name string
		key  string
		typ  string
		data []byte
		code errcode.Code
	}{
		{"unknown key", "no-such-key", "file", []byte("123456"), errcode.InvalidWebhookURL},
		{"type missing", robotKey, "", []byte("123456"), errcode.InvalidFileType},
		{"type image", robotKey, "image", testkit.MediaPNG, errcode.InvalidFileType},
		{"type video", robotKey, "video", []byte("123456"), errcode.InvalidFileType},
		{"empty file", robotKey, "file", nil, errcode.EmptyMediaData},
		{"5 bytes", robotKey, "file", []byte("12345"), errcode.InvalidFileSize},
		{"file over 20 MB", robotKey, "file", make([]byte, 20<<20+1), errcode.MediaTooLarge},
		{"voice over 2 MB", robotKey, "voice", make([]byte, 2<<20+1), errcode.MediaTooLarge},
		{"voice not AMR", robotKey, "voice", notAMR, errcode.VoiceNotAMR},
		{"voice truncated AMR", robotKey, "voice", truncatedAMR, errcode.VoiceNotAMR},
		{"voice over 60 s", robotKey, "voice", amrOver60s, errcode.PlaytimeOutOfLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, upload(t, srv, tt.key, tt.typ, "f.bin", tt.data), tt.code)
		})
	}
	t.Run("not multipart", func(t *testing.T) {
		t.Parallel()
		r := testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/upload_media", "key", robotKey, "type", "file"),
			strings.NewReader("123456"), http.Header{"Content-Type": {"application/octet-stream"}})
		testkit.WeComError(t, r, errcode.EmptyMediaData)
	})
	t.Run("part not named media", func(t *testing.T) {
		t.Parallel()
		body, ct := testkit.MediaForm(t, "file", "f.bin", "", []byte("123456"))
		r := testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/webhook/upload_media", "key", robotKey, "type", "file"),
			body, http.Header{"Content-Type": {ct}})
		testkit.WeComError(t, r, errcode.EmptyMediaData)
	})
}
