package testkit

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// MediaPNG is a 1×1 PNG.
var MediaPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// MediaForm builds a multipart body the way go-workwx does: one
// CreateFormFile("media", filename) part, no filelength. contentType, if
// set, replaces the part's application/octet-stream.
func MediaForm(t testing.TB, field, filename, contentType string, data []byte) (body *bytes.Buffer, formType string) {
	t.Helper()
	body = &bytes.Buffer{}
	w := multipart.NewWriter(body)
	var part interface{ Write([]byte) (int, error) }
	var err error
	if contentType == "" {
		part, err = w.CreateFormFile(field, filename)
	} else {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+filename+`"`)
		h.Set("Content-Type", contentType)
		part, err = w.CreatePart(h)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return body, w.FormDataContentType()
}

// MediaUploadURL is media/upload of typ with tok.
func MediaUploadURL(srv *mockserver.Server, tok, typ string) string {
	return URL(srv, "/cgi-bin/media/upload", "access_token", tok, "type", typ)
}

// MediaUpload posts a one-file multipart body to media/upload.
func MediaUpload(t testing.TB, srv *mockserver.Server, tok, typ, filename, contentType string, data []byte) *Resp {
	t.Helper()
	body, ct := MediaForm(t, "media", filename, contentType, data)
	return Do(t, http.MethodPost, MediaUploadURL(srv, tok, typ), body, http.Header{"Content-Type": {ct}})
}

// MediaUploadBody is media/upload's typed success body.
type MediaUploadBody struct {
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
	Type      string `json:"type"`
	MediaID   string `json:"media_id"`
	CreatedAt string `json:"created_at"` // a JSON string, as typed SDKs declare it
}

// MediaUploadOK uploads and asserts the exact success body.
func MediaUploadOK(t testing.TB, srv *mockserver.Server, tok, typ, filename, contentType string, data []byte) MediaUploadBody {
	t.Helper()
	r := MediaUpload(t, srv, tok, typ, filename, contentType, data)
	OK(t, r)
	b := DecodeStrict[MediaUploadBody](t, r.Body)
	if b.Type != typ || b.MediaID == "" {
		t.Fatalf("upload = %+v, want type %q and a media_id", b, typ)
	}
	return b
}
