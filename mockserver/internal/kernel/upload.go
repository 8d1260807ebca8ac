package kernel

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// MaxUploadBody is media/upload's request body limit: the largest file plus
// room for the multipart framing. The server-wide API limit is far smaller.
const MaxUploadBody = 21 << 20

// ReadMediaPart returns the first part named "media" of a multipart body,
// reading at most limit+1 bytes of it. A body that is not multipart or has
// no such part is "empty media data"; one larger than the body limit is
// "media size out of limit".
func ReadMediaPart(r *http.Request, limit int) ([]byte, *multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, Err(errcode.EmptyMediaData)
	}
	for {
		part, err := mr.NextPart()
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return nil, nil, &APIError{Code: errcode.MediaTooLarge}
		case err != nil: // io.EOF or a broken body: no media found
			return nil, nil, Err(errcode.EmptyMediaData)
		}
		if part.FormName() != "media" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, int64(limit)+1))
		switch {
		case errors.As(err, &tooLarge):
			return nil, nil, &APIError{Code: errcode.MediaTooLarge}
		case err != nil:
			return nil, nil, Err(errcode.EmptyMediaData)
		}
		return data, part, nil
	}
}
