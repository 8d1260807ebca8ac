package shaped

import (
	"net/http"
	"strconv"
)

// sampleFile is the content of every shaped download: a 1×1 PNG, small and
// valid for a client that decodes what it downloaded.
var sampleFile = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// File is the answer of a download endpoint: a small file with the headers
// WeCom sends with files.
func File() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "image/png")
		h.Set("Content-Disposition", `attachment; filename="mock.png"`)
		h.Set("Content-Length", strconv.Itoa(len(sampleFile)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(sampleFile)
	})
}
