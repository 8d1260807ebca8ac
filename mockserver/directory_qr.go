package mockserver

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/directory"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// joinQRRoutes mounts the corps' join QR images, the URLs
// corp/get_join_qrcode's join_qrcode names. Like the contact ways' images
// they answer on every host, the API host too: join_qrcode is built from
// the host the API was called at.
func (s *Server) joinQRRoutes(r *mux.Router) {
	r.Path(directory.JoinQRCodeRoute).Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.joinQRImage)
}

// joinQRImage is GET /wwmock/join_qrcode/{corpid}/{size_type}: an SVG QR
// code of the corp's join link, drawn at the size_type's pixels; 404 for
// an unknown corp or size_type.
func (s *Server) joinQRImage(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	corpID := v["corpid"]
	sizeType, err := strconv.Atoi(v["size_type"])
	px, known := directory.JoinQRSizes[sizeType]
	if err != nil || !known || !s.store.CorpExists(corpID) {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusNotFound)
		return
	}
	svg, err := pages.QRCodeSVG(directory.JoinLink(corpID))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if !bytes.HasPrefix(svg, []byte("<svg ")) {
		http.Error(w, "QR image without its svg element", http.StatusInternalServerError)
		return
	}
	size := []byte(`<svg width="` + strconv.Itoa(px) + `" height="` + strconv.Itoa(px) + `" `)
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(size)
	_, _ = w.Write(svg[len("<svg "):])
}
