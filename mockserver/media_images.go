package mockserver

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/media"
)

// imageRoutes mounts the permanent images media/uploadimg hands out. Like
// the contact ways' QR images they answer on every host, the API's too:
// the url is built from the host uploadimg was called at.
func (s *Server) imageRoutes(r *mux.Router) {
	r.Path(media.ImageRoute).Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.serveImage)
}

// serveImage is GET /wwmock/img/{corpid}/{id}.{jpg|png}: the uploaded bytes
// with their type, cacheable for good (the image never changes); 404 for an
// image the mock does not keep or a wrong extension.
func (s *Server) serveImage(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	file := v["file"]
	dot := strings.LastIndexByte(file, '.')
	if dot < 0 {
		notFound(w, r)
		return
	}
	img, err := s.store.Image(v["corpid"], file[:dot])
	if err != nil || media.ImageExt(img.ContentType) != file[dot:] {
		notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", img.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", img.CreatedAt, bytes.NewReader(img.Data))
}
