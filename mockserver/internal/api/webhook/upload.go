package webhook

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// uploadLimits are webhook/upload_media's size limits per type
// (https://developer.work.weixin.qq.com/document/path/91770), in bytes (MB
// read as MiB).
var uploadLimits = map[string]int{
	"file":  20 << 20,
	"voice": 2 << 20,
}

// maxVoiceDuration is how long a voice may play.
const maxVoiceDuration = 60_000 // milliseconds

type uploadResponse struct {
	Type    string `json:"type"`
	MediaID string `json:"media_id"`
	// CreatedAt is a JSON string, as in the doc example.
	CreatedAt string `json:"created_at"`
}

// uploadMedia is POST /cgi-bin/webhook/upload_media?key=KEY&type=file|voice
// (https://developer.work.weixin.qq.com/document/path/91770): a multipart
// body whose file part is named "media", as for media/upload. Checks, in
// order: type (40005), a media part with data (44001), more than 5 bytes
// (40006), the type's size limit (45001), and for a voice an AMR file
// (301017) playing at most 60 s (45007). The media_id lives 3 days of
// virtual time and only this robot's webhook/send may use it.
func (a *API) uploadMedia(r *http.Request, c *kernel.Call) (any, error) {
	// Answering before the body is read would leave a client still writing
	// a large file with a broken pipe instead of the answer.
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	typ := c.Query.Get("type")
	data, part, err := kernel.ReadUpload(r, typ, uploadLimits)
	if err != nil {
		return nil, err
	}
	contentType := "application/octet-stream"
	if typ == "voice" {
		ms, ok := amrDuration(data)
		if !ok {
			return nil, kernel.Err(errcode.VoiceNotAMR)
		}
		if ms > maxVoiceDuration {
			return nil, kernel.Err(errcode.PlaytimeOutOfLimit)
		}
		contentType = "audio/amr"
	}
	m := a.env.Store.PutRobotMedia(c.Rare.Robot, typ, part.FileName(), contentType, data)
	return uploadResponse{Type: typ, MediaID: m.ID, CreatedAt: strconv.FormatInt(m.CreatedAt.Unix(), 10)}, nil
}

// amrMagic opens an AMR narrow-band file (RFC 4867, section 5).
var amrMagic = []byte("#!AMR\n")

// amrFrameBytes is the size of an AMR-NB frame's speech data by its frame
// type (the header byte's bits 3–6); types 9–14 are reserved.
var amrFrameBytes = map[byte]int{0: 12, 1: 13, 2: 15, 3: 17, 4: 19, 5: 20, 6: 26, 7: 31, 8: 5, 15: 0}

// amrDuration reads an AMR-NB file's frames, 20 ms each, and returns how
// long it plays; ok is false for anything but a well-formed AMR-NB file.
func amrDuration(data []byte) (ms int, ok bool) {
	rest, found := bytes.CutPrefix(data, amrMagic)
	if !found {
		return 0, false
	}
	for len(rest) > 0 {
		size, known := amrFrameBytes[rest[0]>>3&0x0f]
		if !known || len(rest) < 1+size {
			return 0, false
		}
		rest = rest[1+size:]
		ms += 20
	}
	return ms, true
}
