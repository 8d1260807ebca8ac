package directory

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// corp/get_join_qrcode's join_qrcode is a URL on the mock itself — WeCom's
// points at its admin host — so an app that downloads or shows it gets a
// real QR code. The server serves it at JoinQRCodeRoute.

// JoinQRCodeRoute is the route of a corp's join QR image, with the
// variables corpid and size_type.
const JoinQRCodeRoute = "/wwmock/join_qrcode/{corpid}/{size_type}"

// JoinQRCodePath is the path of corpID's join QR image of size sizeType.
func JoinQRCodePath(corpID string, sizeType int) string {
	return "/wwmock/join_qrcode/" + url.PathEscape(corpID) + "/" + strconv.Itoa(sizeType)
}

// JoinQRSizes are the image sizes of size_type 1–4 in pixels
// (https://developer.work.weixin.qq.com/document/path/91714).
var JoinQRSizes = map[int]int{1: 171, 2: 399, 3: 741, 4: 2052}

// defaultJoinQRSize is the size_type of a call without one; the docs name
// none, so the smallest.
const defaultJoinQRSize = 1

// JoinLink is what corpID's join QR code encodes: a join link in the shape
// of WeCom's, with a vcode derived from the corp.
func JoinLink(corpID string) string {
	sum := sha256.Sum256([]byte("wecom-mock join\x00" + corpID))
	return "https://work.weixin.qq.com/join/" + hex.EncodeToString(sum[:15])
}

type joinQRCodeResponse struct {
	JoinQRCode string `json:"join_qrcode"`
}

// joinQRCode is GET /cgi-bin/corp/get_join_qrcode?size_type=: the URL of
// the corp's join QR image at the scheme and host the caller reached the
// mock at. The catalog admits the contacts-sync token only (48002 for an
// app's, as the docs ask for the 通讯录同步 secret); a size_type other
// than 1–4 is 40058.
func (a *API) joinQRCode(r *http.Request, c *kernel.Call) (any, error) {
	size := defaultJoinQRSize
	if raw, ok := c.Query.Lookup("size_type"); ok {
		n, err := strconv.Atoi(raw)
		if _, known := JoinQRSizes[n]; err != nil || !known {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		size = n
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return joinQRCodeResponse{JoinQRCode: scheme + "://" + r.Host + JoinQRCodePath(c.Token.CorpID, size)}, nil
}
