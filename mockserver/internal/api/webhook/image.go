package webhook

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// maxImageBytes is an image message's limit before base64 encoding
// (https://developer.work.weixin.qq.com/document/path/91770: 2 MB, read as
// MiB).
const maxImageBytes = 2 << 20

// maxSendBody is webhook/send's request body limit: a largest image in
// base64 (4/3 of its size) with room for the JSON around it and for an
// image just over the limit, so that it is answered 40009 rather than as a
// truncated body.
const maxSendBody = 3 << 20

var (
	jpegMagic = []byte{0xff, 0xd8, 0xff}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

type imageMessage struct {
	Image *struct {
		Base64 string `json:"base64"`
		MD5    string `json:"md5"`
	} `json:"image"`
}

// checkImage: base64 and md5 present and the base64 decodable (40058), the
// decoded image at most 2 MB (40009), its MD5 the md5 sent, in either case
// of hex (301019), a JPG or PNG (40004).
func checkImage(_ *API, _ string, body []byte) (checked, error) {
	var m imageMessage
	if err := decodeMessage(body, &m); err != nil {
		return checked{}, err
	}
	if m.Image == nil || m.Image.Base64 == "" || m.Image.MD5 == "" {
		return checked{}, kernel.Err(errcode.InvalidParameter)
	}
	data, err := base64.StdEncoding.DecodeString(m.Image.Base64)
	if err != nil {
		return checked{}, kernel.Err(errcode.InvalidParameter)
	}
	if len(data) > maxImageBytes {
		return checked{}, kernel.Err(errcode.InvalidImageSize)
	}
	sum := md5.Sum(data)
	if hex.EncodeToString(sum[:]) != strings.ToLower(m.Image.MD5) {
		return checked{}, kernel.Err(errcode.MediaMD5Mismatch)
	}
	if !bytes.HasPrefix(data, jpegMagic) && !bytes.HasPrefix(data, pngMagic) {
		return checked{}, kernel.Err(errcode.InvalidMediaType)
	}
	return checked{}, nil
}
