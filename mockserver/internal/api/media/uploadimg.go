package media

import (
	"bytes"
	"io"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// A permanent image's url is a URL on the mock itself — WeCom's points at
// its image host — so an app that shows or downloads it gets the image. The
// server serves it at ImageRoute, on every host.

// ImageRoute is the route of a permanent image, with the variables corpid
// and file (the image id and its extension).
const ImageRoute = "/wwmock/img/{corpid}/{file}"

// ImagePath names image id of corpID on the mock, ext included (".jpg" or
// ".png").
func ImagePath(corpID, id, ext string) string {
	return "/wwmock/img/" + url.PathEscape(corpID) + "/" + url.PathEscape(id) + ext
}

// uploadimg's limits (https://developer.work.weixin.qq.com/document/path/90256):
// a JPG or PNG of 5 B to 2 MB (MB read as MiB, as for media/upload).
const (
	minImageBytes = 5
	maxImageBytes = 2 << 20
)

// imageTypes are the formats uploadimg takes, by their first bytes: the
// content decides, not the file name or the part's Content-Type.
var imageTypes = []struct {
	magic       []byte
	contentType string
	ext         string
}{
	{[]byte{0xFF, 0xD8, 0xFF}, "image/jpeg", ".jpg"},
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png", ".png"},
}

type uploadImageResponse struct {
	URL string `json:"url"`
}

// uploadImage is POST /cgi-bin/media/uploadimg
// (https://developer.work.weixin.qq.com/document/path/90256): a multipart
// body whose part "media" is a JPG or PNG. Checks, in order: a media part
// with data (44001), at least 5 bytes (40006), at most 2 MB (45001), a JPG
// or PNG by its content (40005); with the limits on, the corp's uploads of
// the day and the month (45009). The answer's url serves the image until
// the mock is reset or its fixtures replaced (WeCom's never expires).
func (a *API) uploadImage(r *http.Request, c *kernel.Call) (any, error) {
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	data, _, err := kernel.ReadMediaPart(r, maxImageBytes)
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, kernel.Err(errcode.EmptyMediaData)
	case len(data) < minImageBytes:
		return nil, kernel.Err(errcode.InvalidFileSize)
	case len(data) > maxImageBytes:
		return nil, errMediaTooLarge
	}
	for _, t := range imageTypes {
		if bytes.HasPrefix(data, t.magic) {
			img, err := a.env.Store.PutImage(c.Token.CorpID, t.contentType, data)
			if err != nil {
				return nil, kernel.StoreError(err) // 45009 past the day's or the month's uploads
			}
			return uploadImageResponse{URL: baseURL(r) + ImagePath(img.CorpID, img.ID, t.ext)}, nil
		}
	}
	return nil, kernel.Err(errcode.InvalidFileType)
}

// ImageExt is the extension ImagePath gives an image of contentType.
func ImageExt(contentType string) string {
	for _, t := range imageTypes {
		if t.contentType == contentType {
			return t.ext
		}
	}
	return ""
}

// baseURL is the scheme and host the caller reached the mock at: under
// interception WeCom's API host, which the mock also serves images on.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
