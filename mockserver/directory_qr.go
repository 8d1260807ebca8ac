package mockserver

import (
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
		notFound(w, r)
		return
	}
	pages.ServeQRCode(w, directory.JoinLink(corpID), px)
}
