package externalcontact

import (
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// A QR code way's qr_code is a URL on the mock itself — WeCom's points at
// its image host — so an app that downloads or shows the image gets a real
// QR code. The server serves it at ContactWayQRRoute; the code encodes
// ContactWayPath, a URL naming the corp and the contact way.

// ContactWayQRRoute is the route of a contact way's QR image, with the
// variables corpid and config_id.
const ContactWayQRRoute = "/wwmock/contact_way/{corpid}/{config_id}/qrcode"

// ContactWayPath names contact way configID of corpID on the mock: what its
// QR code encodes.
func ContactWayPath(corpID, configID string) string {
	return "/wwmock/contact_way/" + url.PathEscape(corpID) + "/" + url.PathEscape(configID)
}

// ContactWayQRPath is the path of the QR image of a contact way.
func ContactWayQRPath(corpID, configID string) string {
	return ContactWayPath(corpID, configID) + "/qrcode"
}

// qrCodeURL is w's qr_code at the scheme and host the caller reached the
// mock at, "" for a mini-program way (scene 1), which has none.
func qrCodeURL(r *http.Request, corpID string, w store.ContactWay) string {
	if w.Scene != store.ContactWayQRCode {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + ContactWayQRPath(corpID, w.ConfigID)
}
