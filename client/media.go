package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MediaType is the kind of a temporary media file.
type MediaType string

// The media types media/upload accepts, with WeCom's limits: every file more
// than 5 bytes; image JPG/PNG ≤10 MB, voice AMR ≤2 MB and ≤60 s, video MP4
// ≤10 MB, file ≤20 MB.
const (
	MediaImage MediaType = "image"
	MediaVoice MediaType = "voice"
	MediaVideo MediaType = "video"
	MediaFile  MediaType = "file"
)

// UploadedMedia is the answer of media/upload.
type UploadedMedia struct {
	Type MediaType
	// MediaID is valid for 3 days, for every app of the corp.
	MediaID   string
	CreatedAt time.Time
}

// UploadMedia uploads a temporary media file (POST /cgi-bin/media/upload) as
// the multipart part "media" with filename, which recipients see as the file
// name. r is read to the end before the request is sent (at most 64 MiB), so
// the upload can be repeated on a retry.
func (c *Client) UploadMedia(ctx context.Context, mediaType MediaType, filename string, r io.Reader) (*UploadedMedia, error) {
	const path = "/cgi-bin/media/upload"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("media", filename)
	if err != nil {
		return nil, fmt.Errorf("wecom %s: %w", path, err)
	}
	n, err := io.Copy(part, io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("wecom %s: reading media: %w", path, err)
	}
	if n > maxBody {
		return nil, fmt.Errorf("wecom %s: media larger than %d bytes", path, maxBody)
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("wecom %s: %w", path, err)
	}
	var out struct {
		Type      MediaType `json:"type"`
		MediaID   string    `json:"media_id"`
		CreatedAt unixTime  `json:"created_at"`
	}
	err = c.callJSON(ctx, &request{
		method: http.MethodPost, path: path, query: url.Values{"type": {string(mediaType)}},
		body: buf.Bytes(), contentType: mw.FormDataContentType(), auth: true,
	}, &out)
	if err != nil {
		return nil, err
	}
	return &UploadedMedia{Type: out.Type, MediaID: out.MediaID, CreatedAt: time.Time(out.CreatedAt)}, nil
}

// unixTime decodes Unix seconds sent as a JSON string ("1380000000", as
// media/upload does) or as a number (as media/upload_attachment does).
type unixTime time.Time

func (t *unixTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*t = unixTime{}
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("created_at %s is not a Unix time: %w", b, err)
	}
	*t = unixTime(time.Unix(n, 0))
	return nil
}

// Media is a downloaded media file.
type Media struct {
	Data []byte
	// ContentType is the Content-Type WeCom sent, e.g. "image/jpeg".
	ContentType string
	// Filename is the name from Content-Disposition ("" if none).
	Filename string
}

// GetMedia downloads a temporary media file (GET /cgi-bin/media/get). WeCom
// answers a file with its own Content-Type, and an error as a JSON body with
// HTTP 200; the client tells them apart and returns the latter as *APIError
// (an unknown or expired media_id is errcode.InvalidMediaID, 40007).
func (c *Client) GetMedia(ctx context.Context, mediaID string) (*Media, error) {
	res, err := c.exchange(ctx, &request{
		method: http.MethodGet, path: "/cgi-bin/media/get",
		query: url.Values{"media_id": {mediaID}}, auth: true, raw: true,
	})
	if err != nil {
		return nil, err
	}
	return &Media{
		Data:        res.body,
		ContentType: res.header.Get("Content-Type"),
		Filename:    dispositionFilename(res.header.Get("Content-Disposition")),
	}, nil
}

// isJSONError reports whether an answer of a file-returning API is a WeCom
// error instead: no Content-Disposition, and a JSON object with an errcode.
func isJSONError(h http.Header, body []byte) bool {
	if h.Get("Content-Disposition") != "" {
		return false
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var env envelope
	return json.Unmarshal(trimmed, &env) == nil && env.ErrCode != nil
}

var filenameParam = regexp.MustCompile(`(?i)filename\s*=\s*"?([^";]+)"?`)

func dispositionFilename(cd string) string {
	if cd == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(cd); err == nil {
		return params["filename"]
	}
	// WeCom's header is not always RFC 6266 clean; take what is there.
	if m := filenameParam.FindStringSubmatch(cd); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}
