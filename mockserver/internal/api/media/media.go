package media

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// mediaLimits are the per-type upload limits of media/upload
// (https://developer.work.weixin.qq.com/document/path/96484, 2024/07/22), in
// bytes (MB read as MiB).
var mediaLimits = map[string]int{
	"image": 10 << 20,
	"voice": 2 << 20,
	"video": 10 << 20,
	"file":  20 << 20,
}

var errMediaTooLarge = &kernel.APIError{Code: errcode.MediaTooLarge}

type mediaUploadResponse struct {
	Type    string `json:"type"`
	MediaID string `json:"media_id"`
	// CreatedAt is a JSON string, as in the doc example; typed SDKs declare it so.
	CreatedAt string `json:"created_at"`
}

// uploadMedia is POST /cgi-bin/media/upload
// (https://developer.work.weixin.qq.com/document/path/96484): a
// multipart/form-data body whose file part is named "media" ("filelength" is
// not required). Checks, in order: type (40005), a media part with data
// (44001), more than 5 bytes (40006), the type's size limit (45001). The
// media_id lives 3 days and works for every app of the corp, and for its
// contacts-sync token (batch imports upload their CSV this way).
func (a *API) uploadMedia(r *http.Request, c *kernel.Call) (any, error) {
	// Answering before the body is read would leave a client that is still
	// writing a large file with a broken pipe instead of the answer.
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	typ := c.Query.Get("type")
	data, header, err := kernel.ReadUpload(r, typ, mediaLimits)
	if err != nil {
		return nil, err
	}
	filename := header.FileName()
	m := a.env.Store.PutMedia(c.Token.CorpID, typ, filename, mediaContentType(header, filename, data), data)
	return mediaUploadResponse{
		Type:      typ,
		MediaID:   m.ID,
		CreatedAt: strconv.FormatInt(m.CreatedAt.Unix(), 10),
	}, nil
}

// mediaContentType is the part's declared type unless it is missing or the
// generic application/octet-stream (what most SDKs send); then the content
// is sniffed, falling back to the file name's extension.
func mediaContentType(p *multipart.Part, filename string, data []byte) string {
	declared := p.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(declared); err == nil && mt != "application/octet-stream" {
		return declared
	}
	sniffed := http.DetectContentType(data)
	if sniffed == "application/octet-stream" {
		if byExt := mime.TypeByExtension(path.Ext(filename)); byExt != "" {
			return byExt
		}
	}
	return sniffed
}

// getMedia is GET /cgi-bin/media/get
// (https://developer.work.weixin.qq.com/document/path/96486): the raw file, or
// JSON 40007 for an unknown, expired or other corp's media_id.
func (a *API) getMedia(_ *http.Request, c *kernel.Call) (any, error) {
	m, err := a.env.Store.Media(c.Token.CorpID, c.Query.Get("media_id"))
	if err != nil {
		return nil, kernel.Err(errcode.InvalidMediaID)
	}
	return mediaFile(m), nil
}

// mediaFile is media/get's raw answer: writeResult serves it as is.
type mediaFile store.Media

// ServeHTTP writes the file with the headers WeCom sends, and lets
// http.ServeContent answer Range requests (206, Content-Range,
// Accept-Ranges).
func (f mediaFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+dispositionName(f.Filename, f.ID, f.ContentType)+`"`)
	h.Set("Cache-Control", "no-cache, must-revalidate")
	// A zero modtime keeps ServeContent from sending Last-Modified, which
	// WeCom does not send either.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}

// dispositionName is the file name for Content-Disposition: the uploaded
// name, or the media_id with an extension for the content type (as in the
// documented sample, "MEDIA_ID.jpg"). Quotes, backslashes and control
// characters cannot appear inside the quoted string and are replaced.
func dispositionName(filename, id, contentType string) string {
	if filename == "" {
		filename = id + extensionFor(contentType)
	}
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, filename)
}

func extensionFor(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "audio/amr":
		return ".amr"
	case "video/mp4":
		return ".mp4"
	case "application/pdf":
		return ".pdf"
	case "text/plain":
		return ".txt"
	}
	return ""
}
