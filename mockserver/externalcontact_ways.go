package mockserver

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// contactWayQRRoutes mounts the QR images of the contact ways, the URLs
// their qr_code names. Unlike the pages they answer on the API host too:
// add_contact_way builds qr_code from the host it was called at, which
// under interception is WeCom's API host.
func (s *Server) contactWayQRRoutes(r *mux.Router) {
	r.Path(externalcontact.ContactWayQRRoute).Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.contactWayQRImage)
}

// contactWayQRImage is GET /wwmock/contact_way/{corpid}/{config_id}/qrcode:
// an SVG QR code encoding the contact way's URL on the mock; 404 for a way
// that does not exist (or no longer does) or has no QR code.
func (s *Server) contactWayQRImage(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	corpID, configID := v["corpid"], v["config_id"]
	if !s.store.HasQRContactWay(corpID, configID) {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusNotFound)
		return
	}
	svg, err := pages.QRCodeSVG(pages.BaseURL(r) + externalcontact.ContactWayPath(corpID, configID))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(svg)
}
